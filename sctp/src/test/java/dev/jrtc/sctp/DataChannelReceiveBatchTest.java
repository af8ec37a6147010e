package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.sctp.datachannel.DataChannel;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannelState;
import dev.jrtc.sctp.datachannel.DataChannels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DataChannels.beginReceiveBatch/endReceiveBatch: messages as each packet arrives, one SACK at the end. */
class DataChannelReceiveBatchTest {
    private final DataChannels a = new DataChannels(SctpConfig.defaults(new Random(1)), true);
    private final DataChannels b = new DataChannels(SctpConfig.defaults(new Random(2)), false);
    private final List<DataChannelEvent> eventsA = new ArrayList<>();
    private final List<DataChannelEvent> eventsB = new ArrayList<>();
    private long now;

    private static List<byte[]> drain(DataChannels s) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] p = s.pollTransmit(); p != null; p = s.pollTransmit()) out.add(p);
        return out;
    }

    /** Hands what {@code from} queued to {@code to} as one batch; returns the packets moved. */
    private static int batch(DataChannels from, DataChannels to, long now) {
        List<byte[]> packets = drain(from);
        to.beginReceiveBatch();
        for (byte[] p : packets) to.handlePacket(now, p, 0, p.length);
        to.endReceiveBatch(now);
        return packets.size();
    }

    private void run() {
        for (int i = 0; i < 10_000; i++) {
            int moved = batch(a, b, now) + batch(b, a, now);
            for (DataChannelEvent e = a.pollEvent(); e != null; e = a.pollEvent()) eventsA.add(e);
            for (DataChannelEvent e = b.pollEvent(); e != null; e = b.pollEvent()) eventsB.add(e);
            if (moved == 0) {
                long next = Math.min(a.pollTimeout(), b.pollTimeout());
                if (next == Long.MAX_VALUE) return;
                now = next;
                a.handleTimeout(now);
                b.handleTimeout(now);
            }
        }
    }

    @Test
    void aChannelOpensAndCarriesMessagesWithBothSidesInBatches() {
        a.connect(now);
        b.connect(now);
        DataChannel channel = a.createChannel(now, DataChannelInit.reliable("batched"));
        run();
        assertEquals(DataChannelState.OPEN, channel.state());
        assertTrue(eventsB.stream().anyMatch(e -> e instanceof DataChannelEvent.RemoteChannel));

        byte[] message = new byte[4000];
        new Random(3).nextBytes(message);
        a.send(now, channel, message, true);
        List<byte[]> packets = drain(a);
        assertTrue(packets.size() >= 3, "several packets: " + packets.size());
        b.beginReceiveBatch();
        for (byte[] p : packets) b.handlePacket(now, p, 0, p.length);
        assertNull(b.pollTransmit(), "the SACK waits for the end of the batch");
        DataChannelEvent.Message got = null;
        for (DataChannelEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
            if (e instanceof DataChannelEvent.Message m) got = m;
        }
        assertArrayEquals(message, got.data(), "delivered within the batch");
        b.endReceiveBatch(now);
        int sacks = 0;
        for (byte[] p : drain(b)) {
            for (SctpChunk c : SctpPacket.parse(p, 0, p.length).packet().chunks()) {
                if (c instanceof SackChunk) sacks++;
            }
        }
        assertEquals(1, sacks);
    }
}
