package dev.jrtc.sctp.datachannel;

import static dev.jrtc.sctp.datachannel.DataChannelPeers.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Partially reliable channels (RFC 8831 §6.1, RFC 3758): messages past their limit are abandoned whole, FORWARD TSN
 * moves the receiver on, and nothing later waits for what was given up.
 */
class DataChannelPartialReliabilityTest {
    private static final LinkConditions HEAVY_LOSS = new LinkConditions(20_000_000, 5_000_000, 0.20, 0.02, 0.05);

    /** Message i: its index, then filler derived from it, so the receiver can check it is intact. */
    private static byte[] message(int i, int size) {
        byte[] m = new byte[Math.max(4, size)];
        ByteBuffer.wrap(m).putInt(i);
        Random r = new Random(i);
        for (int k = 4; k < m.length; k++) m[k] = (byte) r.nextInt();
        return m;
    }

    private static int index(byte[] m) {
        return ByteBuffer.wrap(m).getInt();
    }

    private static void run(DataChannelInit init, long seed, boolean expectOrder) {
        DataChannelPeers p = new DataChannelPeers(seed, HEAVY_LOSS);
        DataChannel c = p.a.dc.createChannel(p.now(), init);
        p.connect();
        assertTrue(p.run(() -> p.b.remote(init.label()) != null && c.state() == DataChannelState.OPEN, 60 * SECOND));
        DataChannel atB = p.b.remote(init.label());

        Random r = new Random(seed);
        int count = 400;
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = r.nextInt(8) == 0 ? 3000 + r.nextInt(5000) : 4 + r.nextInt(1500); // some span several packets
            p.a.dc.send(p.now(), c, message(i, sizes[i]), true);
            p.idle(2_000_000); // 2 ms apart
        }
        assertTrue(p.run(() -> c.bufferedAmount() == 0, 600 * SECOND), "the sender gives up on what it cannot deliver: " + c.bufferedAmount() + " " + p.a.dc.association());
        assertEquals(0, p.a.dc.association().bufferedAmount());
        p.idle(5 * SECOND);

        assertTrue(p.a.dc.association().abandonedMessages() > 0);
        assertTrue(p.a.dc.association().forwardTsnsSent() > 0, "FORWARD TSN sent");
        assertTrue(p.b.dc.association().forwardTsnsReceived() > 0, "FORWARD TSN received");

        // Later messages are not held behind the abandoned ones: on a clean path the next one arrives at once
        // (with any complete ones that were still waiting for the news of what was abandoned before them).
        p.net.setDefaultConditions(LinkConditions.delayMillis(20));
        p.a.dc.send(p.now(), c, message(count, 100), true);
        assertTrue(p.run(() -> p.b.messages(atB).stream().anyMatch(m -> index(m.data()) == count), 2 * SECOND),
                "a message after the loss arrives promptly");

        List<DataChannelEvent.Message> got = p.b.messages(atB);
        assertEquals(count, index(got.get(got.size() - 1).data()), "and it is the last one");
        assertTrue(got.size() > 1 && got.size() < count + 1, "a subset arrives: " + (got.size() - 1) + " of " + count);
        Set<Integer> seen = new HashSet<>();
        int previous = -1;
        for (DataChannelEvent.Message m : got.subList(0, got.size() - 1)) {
            int i = index(m.data());
            assertTrue(seen.add(i), "message " + i + " delivered once");
            assertArrayEquals(message(i, sizes[i]), m.data(), "message " + i + " intact");
            if (expectOrder) assertTrue(i > previous, "ordered: " + i + " after " + previous);
            previous = i;
        }
        assertEquals(0, p.b.dc.droppedPackets(), "nothing the receiver saw was malformed");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {31, 205, 222})
    void maxRetransmitsZeroUnorderedOverHeavyLossDeliversASubsetAndNeverBlocks(long seed) {
        run(DataChannelInit.reliable("rexmit0").withReliability(false, 0, null), seed, false);
    }

    /** Seeds 205 and 222 once caught a FORWARD TSN repeated too late, and held messages released with the skip. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {32, 205, 222})
    void maxPacketLifeTimeOrderedOverHeavyLossSkipsAbandonedMessagesInOrder(long seed) {
        run(DataChannelInit.reliable("lifetime").withReliability(true, null, 150), seed, true);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {33, 205, 222})
    void maxRetransmitsTwoOrderedDeliversMoreButStillGivesUp(long seed) {
        run(DataChannelInit.reliable("rexmit2").withReliability(true, 2, null), seed, true);
    }
}
