package dev.jrtc.sctp.datachannel;

import static dev.jrtc.sctp.datachannel.DataChannelPeers.SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing channels with stream resets (RFC 8831 §6.7, RFC 6525) and the whole association (RFC 9260 §9). */
class DataChannelCloseTest {
    @Test
    void closeChannelClosesItOnBothSidesLeavesOthersAloneAndTheIdCanBeReused() {
        DataChannelPeers p = new DataChannelPeers(51, new LinkConditions(15_000_000, 5_000_000, 0.05, 0.02, 0.05));
        DataChannel one = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("one"));
        DataChannel two = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("two"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("one") != null && p.b.remote("two") != null, 30 * SECOND));
        DataChannel oneAtB = p.b.remote("one");
        DataChannel twoAtB = p.b.remote("two");

        // Messages sent before the close still arrive (the reset waits for them).
        for (int i = 0; i < 5; i++) p.a.dc.send(p.now(), one, new byte[] {(byte) i}, true);
        p.a.dc.closeChannel(p.now(), one);
        assertEquals(DataChannelState.CLOSING, one.state());
        assertThrows(IllegalStateException.class, () -> p.a.dc.send(p.now(), one, new byte[1], true));
        p.a.dc.closeChannel(p.now(), one); // closing twice is harmless
        assertTrue(p.run(() -> p.a.closed(one) && p.b.closed(oneAtB), 60 * SECOND), one.state() + " / " + oneAtB.state());
        assertEquals(DataChannelState.CLOSED, one.state());
        assertEquals(DataChannelState.CLOSED, oneAtB.state());
        assertEquals(5, p.b.messages(oneAtB).size());
        assertEquals(0, one.bufferedAmount());

        assertEquals(DataChannelState.OPEN, two.state(), "the other channel is unaffected");
        p.a.dc.send(p.now(), two, new byte[] {42}, true);
        p.b.dc.send(p.now(), twoAtB, new byte[] {43}, true);
        assertTrue(p.run(() -> p.b.messages(twoAtB).size() == 1 && p.a.messages(two).size() == 1, 30 * SECOND));

        // Stream 0 is free again: a new channel takes it, and its sequence numbers start over on both sides.
        DataChannel three = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("three"));
        assertEquals(one.id(), three.id());
        assertTrue(p.run(() -> p.b.remote("three") != null, 30 * SECOND));
        DataChannel threeAtB = p.b.remote("three");
        for (int i = 0; i < 3; i++) {
            p.a.dc.send(p.now(), three, new byte[] {(byte) (10 + i)}, true);
            p.b.dc.send(p.now(), threeAtB, new byte[] {(byte) (20 + i)}, true);
        }
        assertTrue(p.run(() -> p.b.messages(threeAtB).size() == 3 && p.a.messages(three).size() == 3, 30 * SECOND));
        assertArrayEquals(new byte[] {12}, p.b.messages(threeAtB).get(2).data());
        assertArrayEquals(new byte[] {22}, p.a.messages(three).get(2).data());
        assertEquals(List.of(two, three), List.copyOf(p.a.dc.channels()));
        assertEquals(0, p.a.dc.droppedPackets());
        assertEquals(0, p.b.dc.droppedPackets());
    }

    @Test
    void thePeerClosingOurChannelClosesItHereToo() {
        DataChannelPeers p = new DataChannelPeers(52, LinkConditions.delayMillis(10));
        DataChannel mine = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("mine"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("mine") != null, 5 * SECOND));
        DataChannel atB = p.b.remote("mine");
        p.b.dc.closeChannel(p.now(), atB);
        assertTrue(p.run(() -> p.a.closed(mine) && p.b.closed(atB), 10 * SECOND));
        assertTrue(p.a.dc.channels().isEmpty());
        assertTrue(p.b.dc.channels().isEmpty());
    }

    @Test
    void bothSidesClosingTheSameChannelAtOnceEndsClosedOnBoth() {
        DataChannelPeers p = new DataChannelPeers(53, LinkConditions.delayMillis(10));
        DataChannel atA = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("both").negotiatedWithId(3));
        DataChannel atB = p.b.dc.createChannel(p.now(), DataChannelInit.reliable("both").negotiatedWithId(3));
        p.connect();
        p.a.dc.closeChannel(p.now(), atA);
        p.b.dc.closeChannel(p.now(), atB);
        assertTrue(p.run(() -> p.a.closed(atA) && p.b.closed(atB), 10 * SECOND));
    }

    @Test
    void closeShutsDownGracefullyAndEveryChannelEndsClosed() {
        DataChannelPeers p = new DataChannelPeers(54, new LinkConditions(10_000_000, 0, 0.05, 0, 0));
        DataChannel x = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("x"));
        DataChannel y = p.b.dc.createChannel(p.now(), DataChannelInit.reliable("y"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("x") != null && p.a.remote("y") != null, 30 * SECOND));
        p.a.dc.send(p.now(), x, new byte[20_000], true);
        p.a.dc.close(p.now());
        assertTrue(p.run(() -> p.a.has(DataChannelEvent.AssociationClosed.class) && p.b.has(DataChannelEvent.AssociationClosed.class),
                120 * SECOND), p.a.dc.association() + " / " + p.b.dc.association());
        assertNull(p.a.events(DataChannelEvent.AssociationClosed.class).get(0).reason());
        assertNull(p.b.events(DataChannelEvent.AssociationClosed.class).get(0).reason());
        assertEquals(1, p.b.messages(p.b.remote("x")).size(), "data sent before close arrives");
        for (DataChannel c : List.of(x, p.a.remote("y"), y, p.b.remote("x"))) assertEquals(DataChannelState.CLOSED, c.state(), c.toString());
        assertTrue(p.a.closed(x) && p.b.closed(y));
        assertFalse(p.a.dc.isEstablished());
    }

    @Test
    void shutdownCompletesOverHeavyLossBecauseShutdownChunksAreRetransmitted() {
        DataChannelPeers p = new DataChannelPeers(56, new LinkConditions(20_000_000, 5_000_000, 0.35, 0, 0));
        DataChannel x = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("x"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("x") != null, 60 * SECOND));
        p.b.dc.send(p.now(), p.b.remote("x"), new byte[5000], true);
        p.a.dc.close(p.now());
        assertTrue(p.run(() -> p.a.has(DataChannelEvent.AssociationClosed.class) && p.b.has(DataChannelEvent.AssociationClosed.class),
                300 * SECOND), p.a.dc.association() + " / " + p.b.dc.association());
        assertNull(p.a.events(DataChannelEvent.AssociationClosed.class).get(0).reason(), "graceful, not given up");
        assertNull(p.b.events(DataChannelEvent.AssociationClosed.class).get(0).reason());
        assertEquals(1, p.a.messages(x).size(), "the peer's data still arrived before it answered the SHUTDOWN");
        assertTrue(p.a.closed(x));
    }

    @Test
    void abortReachesThePeerWithAReason() {
        DataChannelPeers p = new DataChannelPeers(55, LinkConditions.delayMillis(10));
        DataChannel x = p.a.dc.createChannel(p.now(), DataChannelInit.reliable("x"));
        p.connect();
        assertTrue(p.run(() -> p.b.remote("x") != null, 5 * SECOND));
        p.a.dc.abort("user gave up");
        assertTrue(p.run(() -> p.b.has(DataChannelEvent.AssociationClosed.class), 5 * SECOND));
        assertEquals("user gave up", p.a.events(DataChannelEvent.AssociationClosed.class).get(0).reason());
        assertNotNull(p.b.events(DataChannelEvent.AssociationClosed.class).get(0).reason());
        assertTrue(p.a.closed(x) && p.b.closed(p.b.remote("x")));
    }
}
