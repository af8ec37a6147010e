package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TSNs past 2^32 and stream sequence numbers past 2^16 (RFC 9260 §1.6 serial arithmetic, RFC 1982). */
class SctpSequenceWrapTest {
    /** A source of randomness whose second int, the association's initial TSN, is {@code initialTsn}. */
    static Random initialTsn(long seed, int initialTsn) {
        Random inner = new Random(seed);
        return new Random(seed) {
            private static final long serialVersionUID = 1L;
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                inner.nextBytes(bytes);
            }

            @Override
            public int nextInt() {
                return ++calls == 2 ? initialTsn : inner.nextInt();
            }
        };
    }

    private long now;

    private void pump(SctpAssociation a, SctpAssociation b) {
        boolean moved;
        do {
            moved = false;
            for (byte[] p = a.pollTransmit(); p != null; p = a.pollTransmit()) {
                b.handlePacket(now, p, 0, p.length);
                moved = true;
            }
            for (byte[] p = b.pollTransmit(); p != null; p = b.pollTransmit()) {
                a.handlePacket(now, p, 0, p.length);
                moved = true;
            }
            if (!moved && Math.min(a.pollTimeout(), b.pollTimeout()) != Long.MAX_VALUE) {
                now = Math.max(now, Math.min(a.pollTimeout(), b.pollTimeout()));
                a.handleTimeout(now);
                b.handleTimeout(now);
                moved = true;
            }
        } while (moved && (a.bufferedAmount() > 0 || b.bufferedAmount() > 0 || a.state() != SctpAssociation.State.ESTABLISHED
                || b.state() != SctpAssociation.State.ESTABLISHED));
    }

    @Test
    void seventyThousandOrderedMessagesCrossTheTsnAndSsnWrapInOrder() {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(initialTsn(141, 0xFFFFFF00)));
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(initialTsn(142, 0xFFFFFFF0)));
        a.connect(0);
        b.connect(0);
        pump(a, b);
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        List<SctpEvent.Message> got = new ArrayList<>();
        int total = 70_000;
        for (int i = 0; i < total; i++) {
            a.send(now, 0, 53, ByteBuffer.allocate(4).putInt(i).array(), false);
            if (i % 500 == 499) {
                pump(a, b);
                for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
                    if (e instanceof SctpEvent.Message m) got.add(m);
                }
            }
        }
        pump(a, b);
        for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
            if (e instanceof SctpEvent.Message m) got.add(m);
        }
        assertEquals(total, got.size());
        for (int i = 0; i < total; i++) assertEquals(i, ByteBuffer.wrap(got.get(i).data()).getInt(), "message " + i);
        assertEquals(0, a.droppedPackets() + b.droppedPackets());
    }

    @Test
    void abandonmentAndForwardTsnWorkAcrossTheTsnWrap() {
        // The scripted peer starts at TSN 1000; our side starts 5 below the wrap and abandons messages across it.
        SctpAssociation victim = new SctpAssociation(SctpConfig.defaults(initialTsn(143, 0xFFFFFFFB)));
        ScriptedPeer peer = new ScriptedPeer(b -> victim.handlePacket(now, b, 0, b.length), victim::pollTransmit);
        peer.handshake(ScriptedPeer.webRtcExtensions());
        for (int i = 0; i < 10; i++) victim.send(now, 1, 53, new byte[] {(byte) i}, SctpSendOptions.maxRetransmissions(false, 0));
        List<DataChunk> sent = ScriptedPeer.chunks(peer.drain(), DataChunk.class);
        assertTrue(sent.stream().anyMatch(d -> d.tsn() == 0xFFFFFFFFL) && sent.stream().anyMatch(d -> d.tsn() == 0),
                "the TSNs wrap: " + sent.stream().map(DataChunk::tsn).toList());
        // The peer got only the first; T3 abandons the rest, and FORWARD TSN jumps over the wrap.
        peer.send(new SackChunk(sent.get(0).tsn(), 1 << 20, List.of(), List.of()));
        now = victim.pollTimeout();
        victim.handleTimeout(now);
        ForwardTsnChunk fwd = ScriptedPeer.chunks(peer.drain(), ForwardTsnChunk.class).get(0);
        assertEquals(sent.get(sent.size() - 1).tsn(), fwd.newCumulativeTsn());
        assertEquals(List.of(new ForwardTsnChunk.StreamSkip(1, 9)), fwd.skips());
        assertEquals(0, victim.bufferedAmount());
        peer.send(new SackChunk(fwd.newCumulativeTsn(), 1 << 20, List.of(), List.of()));
        assertEquals(Long.MAX_VALUE, victim.pollTimeout(), "nothing outstanding across the wrap either");
    }

    @Test
    void aForwardTsnAcrossTheWrapPurgesFragmentsAndSkipsAsUsual() {
        SctpAssociation victim = new SctpAssociation(SctpConfig.defaults(new Random(144)));
        ScriptedPeer peer = new ScriptedPeer(b -> victim.handlePacket(now, b, 0, b.length), victim::pollTransmit, 0xFFFFFFFEL);
        peer.handshake(ScriptedPeer.webRtcExtensions());
        peer.send(peer.data(false, true, false, 1, 0, 53, new byte[100]));      // TSN 0xFFFFFFFE: SSN 0 begins
        peer.data(false, false, true, 1, 0, 53, new byte[100]);                  // TSN 0xFFFFFFFF: lost for good
        peer.send(peer.message(1, 1, 53, new byte[] {42}));                      // TSN 0: SSN 1, held behind SSN 0
        assertEquals(101, victim.receiveBufferedBytes());
        peer.send(new ForwardTsnChunk(0xFFFFFFFFL, List.of(new ForwardTsnChunk.StreamSkip(1, 0))));
        List<SctpEvent.Message> got = new ArrayList<>();
        for (SctpEvent e = victim.pollEvent(); e != null; e = victim.pollEvent()) {
            if (e instanceof SctpEvent.Message m) got.add(m);
        }
        assertEquals(1, got.size());
        assertArrayEquals(new byte[] {42}, got.get(0).data());
        assertEquals(0, victim.receiveBufferedBytes());
        List<SackChunk> sacks = ScriptedPeer.chunks(peer.drain(), SackChunk.class);
        assertEquals(0, sacks.get(sacks.size() - 1).cumulativeTsnAck(), "cumulative TSN wrapped to 0");
    }
}
