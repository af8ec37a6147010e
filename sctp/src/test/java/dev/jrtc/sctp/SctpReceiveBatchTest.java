package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** beginReceiveBatch/endReceiveBatch: one SACK per batch, the delayed SACK and immediate SACKs kept. */
class SctpReceiveBatchTest {
    private static final long DELAYED_SACK_NANOS = 200_000_000L;

    private final SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new Random(1)));
    private final SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new Random(2)));
    private long now;

    /** Connects and warms up; nothing is left to send, acknowledge or deliver afterwards. */
    private void connect() {
        a.connect(now);
        for (int i = 0; i < 10 && (a.state() != SctpAssociation.State.ESTABLISHED || b.state() != SctpAssociation.State.ESTABLISHED); i++) {
            for (byte[] p : drain(a)) b.handlePacket(now, p, 0, p.length);
            for (byte[] p : drain(b)) a.handlePacket(now, p, 0, p.length);
        }
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        // Opens the congestion window past the initial few packets: 256 KiB, without batches.
        for (int i = 0; i < 16; i++) a.send(now, 0, 53, new byte[16384], false);
        for (int i = 0; i < 10_000 && a.bufferedAmount() > 0; i++) {
            List<byte[]> ab = drain(a);
            List<byte[]> ba = drain(b);
            for (byte[] p : ab) b.handlePacket(now, p, 0, p.length);
            for (byte[] p : ba) a.handlePacket(now, p, 0, p.length);
            if (ab.isEmpty() && ba.isEmpty()) {
                // The delayed SACK of an odd last packet; a's T3 may be due at the same virtual instant (no RTT
                // here), and is left alone so that the window stays open.
                now = b.pollTimeout();
                b.handleTimeout(now);
            }
        }
        assertEquals(0, a.bufferedAmount());
        assertTrue(a.congestionWindow() > 32 * 1024, "cwnd " + a.congestionWindow());
        assertNull(a.pollTransmit());
        assertNull(b.pollTransmit());
        now += 1_000_000_000L;
        a.handleTimeout(now);
        b.handleTimeout(now);
        drain(a);
        drain(b);
        while (a.pollEvent() != null || b.pollEvent() != null) {
            // Established, the warm-up messages
        }
    }

    private static List<byte[]> drain(SctpAssociation s) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p = s.pollTransmit(); p != null; p = s.pollTransmit()) out.add(p);
        return out;
    }

    private static List<SackChunk> sacks(List<byte[]> packets) {
        List<SackChunk> sacks = new ArrayList<>();
        for (byte[] p : packets) {
            for (SctpChunk c : SctpPacket.parse(p, 0, p.length).packet().chunks()) {
                if (c instanceof SackChunk s) sacks.add(s);
            }
        }
        return sacks;
    }

    private static long lastTsn(List<byte[]> packets) {
        long tsn = -1;
        for (byte[] p : packets) {
            for (SctpChunk c : SctpPacket.parse(p, 0, p.length).packet().chunks()) {
                if (c instanceof DataChunk d) tsn = d.tsn();
            }
        }
        return tsn;
    }

    /** Sends one 16 KiB message from a and returns its packets (15 of them at the default packet size). */
    private List<byte[]> sixteenKib() {
        a.send(now, 0, 53, new byte[16384], false);
        List<byte[]> packets = drain(a);
        assertTrue(packets.size() > 2, "the message should take several packets, took " + packets.size());
        return packets;
    }

    @Test
    void aBatchOfPacketsInOrderIsAcknowledgedByOneSack() {
        connect();
        List<byte[]> packets = sixteenKib();
        b.beginReceiveBatch();
        for (byte[] p : packets) b.handlePacket(now, p, 0, p.length);
        assertNull(b.pollTransmit(), "nothing leaves before the batch ends");
        b.endReceiveBatch(now);
        List<SackChunk> sacks = sacks(drain(b));
        assertEquals(1, sacks.size());
        assertEquals(lastTsn(packets), sacks.get(0).cumulativeTsnAck());
        assertTrue(sacks.get(0).gapBlocks().isEmpty());
        assertEquals(Long.MAX_VALUE, b.pollTimeout(), "no delayed SACK left armed");
        SctpEvent e = b.pollEvent();
        assertTrue(e instanceof SctpEvent.Message m && m.data().length == 16384);
    }

    @Test
    void withoutABatchEverySecondPacketIsAcknowledged() {
        connect();
        List<byte[]> packets = sixteenKib();
        for (byte[] p : packets) b.handlePacket(now, p, 0, p.length);
        assertEquals(packets.size() / 2, sacks(drain(b)).size());
    }

    @Test
    void aBatchOfOnePacketArmsTheDelayedSack() {
        connect();
        a.send(now, 0, 53, new byte[100], false);
        List<byte[]> packets = drain(a);
        assertEquals(1, packets.size());
        b.beginReceiveBatch();
        b.handlePacket(now, packets.get(0), 0, packets.get(0).length);
        b.endReceiveBatch(now);
        assertTrue(sacks(drain(b)).isEmpty());
        assertEquals(now + DELAYED_SACK_NANOS, b.pollTimeout());
        now = b.pollTimeout();
        b.handleTimeout(now);
        List<SackChunk> sacks = sacks(drain(b));
        assertEquals(1, sacks.size());
        assertEquals(lastTsn(packets), sacks.get(0).cumulativeTsnAck());
    }

    @Test
    void aGapInABatchIsReportedAtItsEnd() {
        connect();
        List<byte[]> packets = sixteenKib();
        packets.remove(3); // lost
        b.beginReceiveBatch();
        for (byte[] p : packets) b.handlePacket(now, p, 0, p.length);
        b.endReceiveBatch(now);
        List<SackChunk> sacks = sacks(drain(b));
        assertEquals(1, sacks.size());
        assertEquals(1, sacks.get(0).gapBlocks().size(), "the TSNs after the lost one, as one gap block");
        assertNull(b.pollEvent(), "the message waits for its lost fragment");
    }

    @Test
    void aDuplicateInABatchIsReportedAtItsEnd() {
        connect();
        a.send(now, 0, 53, new byte[100], false);
        byte[] p = drain(a).get(0);
        b.beginReceiveBatch();
        b.handlePacket(now, p, 0, p.length);
        b.handlePacket(now, p, 0, p.length);
        b.endReceiveBatch(now);
        List<SackChunk> sacks = sacks(drain(b));
        assertEquals(1, sacks.size());
        assertEquals(List.of(lastTsn(List.of(p))), sacks.get(0).duplicateTsns());
    }

    @Test
    void theSenderHoldsItsAnswerToABatchOfSacksUntilTheEnd() {
        connect();
        for (int i = 0; i < 4; i++) a.send(now, 0, 53, new byte[200 * 1024], false); // beyond the congestion window
        List<byte[]> first = drain(a); // what the congestion window lets out
        for (byte[] p : first) b.handlePacket(now, p, 0, p.length);
        List<byte[]> sacks = drain(b);
        a.beginReceiveBatch();
        for (byte[] s : sacks) a.handlePacket(now, s, 0, s.length);
        assertNull(a.pollTransmit(), "no new data before the batch ends");
        a.endReceiveBatch(now);
        assertTrue(lastTsn(drain(a)) > lastTsn(first), "the window opened by the SACKs is used at the end of the batch");
    }

    /** Both sides in batches over a lossy, reordering link: everything arrives, in order, as without batches. */
    @Test
    void batchesOverALossyLinkDeliverEverythingInOrder() {
        connect();
        Random loss = new Random(7);
        int messages = 300;
        List<byte[]> sent = new ArrayList<>();
        List<byte[]> received = new ArrayList<>();
        Random content = new Random(3);
        int queued = 0;
        for (int round = 0; round < 100_000 && received.size() < messages; round++) {
            while (queued < messages && a.bufferedAmount() < 256 * 1024) {
                byte[] m = new byte[1 + content.nextInt(5000)];
                content.nextBytes(m);
                a.send(now, 0, 53, m, false);
                sent.add(m);
                queued++;
            }
            boolean moved = false;
            for (SctpAssociation[] dir : new SctpAssociation[][] {{a, b}, {b, a}}) {
                List<byte[]> batch = drain(dir[0]);
                if (batch.isEmpty()) continue;
                moved = true;
                if (batch.size() > 1 && loss.nextBoolean()) {
                    int i = loss.nextInt(batch.size() - 1);
                    batch.add(i + 1, batch.remove(i)); // reordered
                }
                dir[1].beginReceiveBatch();
                for (byte[] p : batch) {
                    if (loss.nextInt(100) < 5) continue; // lost
                    dir[1].handlePacket(now, p, 0, p.length);
                }
                dir[1].endReceiveBatch(now);
            }
            for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
                if (e instanceof SctpEvent.Message m) received.add(m.data());
            }
            while (a.pollEvent() != null) {
                // buffered-amount events
            }
            if (!moved) {
                now = Math.max(now + 1, Math.min(a.pollTimeout(), b.pollTimeout()));
                a.handleTimeout(now);
                b.handleTimeout(now);
            }
        }
        assertEquals(messages, received.size());
        for (int i = 0; i < messages; i++) assertArrayEquals(sent.get(i), received.get(i), "message " + i);
        assertEquals(0, a.droppedPackets() + b.droppedPackets());
    }
}
