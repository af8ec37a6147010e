package dev.jrtc.sctp.datachannel;

import static dev.jrtc.sctp.datachannel.DataChannelPeers.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channels opened, used and closed over and over on a path that reorders a lot, each new one reusing the id the last
 * one just gave up (RFC 8831 §6.7 then RFC 8832 §6): the peer's OPEN may overtake the RE-CONFIG answer that
 * finishes the old channel, and must not be lost. Nothing is dropped, everything sent on a channel arrives on it.
 */
class DataChannelChurnTest {
    /** Seed 111 once caught a reset performed twice (an "In progress" answer crossing a retransmitted request). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {111, 7, 23})
    void reusingAnIdRightAfterClosingWorksEvenWhenTheOpenOvertakesTheResetAnswer(long seed) {
        DataChannelPeers p = new DataChannelPeers(seed, new LinkConditions(20_000_000, 15_000_000, 0.03, 0.02, 0.30));
        p.connect();
        Random r = new Random(seed);
        DataChannel keep = p.b.dc.createChannel(p.now(), DataChannelInit.reliable("keep"));
        List<DataChannel> closing = new ArrayList<>(); // the other side's channels still finishing their close
        for (int round = 0; round < 40; round++) {
            String label = "round-" + round;
            boolean fromA = round < 20; // each side takes a turn at reusing its lowest id
            DataChannelPeers.Peer opener = fromA ? p.a : p.b;
            DataChannelPeers.Peer other = fromA ? p.b : p.a;
            DataChannel mine = opener.dc.createChannel(p.now(), DataChannelInit.reliable(label));
            assertEquals(fromA ? 0 : 3, mine.id(), "the id just freed is taken again (B keeps 1 for its long-lived channel)");
            List<byte[]> sent = new ArrayList<>();
            for (int i = 0; i < 1 + r.nextInt(5); i++) {
                byte[] m = new byte[1 + r.nextInt(3000)];
                r.nextBytes(m);
                sent.add(m);
                opener.dc.send(p.now(), mine, m, true);
            }
            p.b.dc.send(p.now(), keep, new byte[] {(byte) round}, true);
            assertTrue(p.run(() -> other.remote(label) != null && other.messages(other.remote(label)).size() == sent.size(), 60 * SECOND),
                    () -> label + " opened and delivered; other has " + other.dc.channels() + " opener has " + opener.dc.channels()
                            + " / " + opener.dc.association() + " / " + other.dc.association());
            DataChannel theirs = other.remote(label);
            for (int i = 0; i < sent.size(); i++) assertArrayEquals(sent.get(i), other.messages(theirs).get(i).data(), label + " message " + i);
            // The earlier round's close may still wait for its RE-CONFIG answer (a deferred reset asks again one RTO
            // later, RFC 6525 §5.2.2) while this round's data, repaired by fast retransmit, is already through.
            assertTrue(p.run(() -> closing.stream().allMatch(c -> c.state() == DataChannelState.CLOSED), 10 * SECOND),
                    "an earlier round finished closing");
            closing.clear();

            // Either side closes; the opener reuses the id as soon as its own channel is closed, not waiting for
            // the other side to see the close complete.
            boolean closerIsOpener = r.nextBoolean();
            (closerIsOpener ? opener : other).dc.closeChannel(p.now(), closerIsOpener ? mine : theirs);
            assertTrue(p.run(() -> opener.closed(mine), 60 * SECOND), label + " closed at the opener");
            closing.add(theirs);
        }
        assertTrue(p.run(() -> closing.stream().allMatch(c -> c.state() == DataChannelState.CLOSED), 60 * SECOND));
        assertTrue(p.run(() -> p.a.messages(p.a.remote("keep")).size() == 40, 60 * SECOND), "the long-lived channel got everything");
        assertEquals(0, p.a.dc.droppedPackets(), "nothing dropped at A");
        assertEquals(0, p.b.dc.droppedPackets(), "nothing dropped at B");
        assertEquals(2, p.a.dc.channels().size() + p.b.dc.channels().size(), "only the long-lived channel is left");
    }
}
