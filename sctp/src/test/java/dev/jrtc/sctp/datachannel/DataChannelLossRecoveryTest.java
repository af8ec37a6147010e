package dev.jrtc.sctp.datachannel;

import static dev.jrtc.sctp.datachannel.DataChannelPeers.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A reliable ordered channel over a bad path (RFC 8831 §6.6, RFC 9260 §6, §7): everything arrives, intact, in order. */
class DataChannelLossRecoveryTest {
    private static final int KIB = 1024;

    @Test
    void everyMessageOnAReliableOrderedChannelArrivesIntactAndInOrderOverTenPercentLoss() {
        // 10% loss, 5% duplication, 10% reordering, 20 ms +- 10 ms one way.
        DataChannelPeers p = new DataChannelPeers(21, new LinkConditions(20_000_000, 10_000_000, 0.10, 0.05, 0.10));
        p.a.dc.setRemoteMaxMessageSize(256 * KIB);
        DataChannel c = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("bulk"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("bulk") != null, 30 * SECOND));
        DataChannel atB = p.b.remote("bulk");

        Random r = new Random(21);
        int[] special = {0, 1, 1135, 1136, 1163, 64 * KIB, 256 * KIB, 0};
        List<byte[]> sent = new ArrayList<>();
        List<Boolean> binary = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int size = i < special.length ? special[i] : r.nextInt(10) == 0 ? r.nextInt(32 * KIB) : r.nextInt(2000);
            boolean isBinary = r.nextBoolean();
            byte[] m;
            if (isBinary) {
                m = new byte[size];
                r.nextBytes(m);
            } else {
                // Exactly size UTF-8 bytes: ASCII text, ending in a two-byte character when there is room.
                StringBuilder sb = new StringBuilder();
                while (sb.length() < size) sb.append("message ").append(i).append(' ');
                String text = size >= 2 ? sb.substring(0, size - 2) + "é" : sb.substring(0, size);
                m = text.getBytes(StandardCharsets.UTF_8);
                assertEquals(size, m.length);
            }
            sent.add(m);
            binary.add(isBinary);
            p.a.dc.send(p.now(), c, m, isBinary);
        }
        assertTrue(p.run(() -> p.b.messages(atB).size() == sent.size(), 600 * SECOND), "got " + p.b.messages(atB).size());
        List<DataChannelEvent.Message> got = p.b.messages(atB);
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), got.get(i).data(), "message " + i + " intact and in order");
            assertEquals(binary.get(i), got.get(i).binary(), "message " + i + " kind");
        }
        assertTrue(p.run(() -> c.bufferedAmount() == 0, 60 * SECOND), "everything acknowledged");
        assertEquals(0, p.a.dc.association().bufferedAmount());
        assertTrue(p.net.lost() > 0, "the path lost packets");
        assertEquals(sent.size(), atB.messagesReceived());
    }
}
