package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualClock;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Two associations on the testkit network in virtual time (RFC 9260 §5, §6, §7, §9). */
class SctpAssociationTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 5000);

    private static final class Side {
        final SctpAssociation assoc;
        VirtualSocket socket;
        InetSocketAddress peer;
        final List<SctpEvent> events = new ArrayList<>();

        Side(long seed) {
            assoc = new SctpAssociation(SctpConfig.defaults(new Random(seed)));
        }

        List<SctpEvent.Message> messages() {
            return events.stream().filter(e -> e instanceof SctpEvent.Message).map(e -> (SctpEvent.Message) e).toList();
        }

        boolean established() {
            return events.stream().anyMatch(e -> e instanceof SctpEvent.Established);
        }
    }

    private final VirtualClock clock = new VirtualClock();
    private VirtualNetwork net;
    private Side a;
    private Side b;

    private void setUp(long seed, LinkConditions conditions) {
        net = new VirtualNetwork(seed);
        net.setDefaultConditions(conditions);
        a = new Side(seed * 2 + 1);
        b = new Side(seed * 2 + 2);
        a.socket = net.bind(A, (now, from, to, d) -> a.assoc.handlePacket(now, d, 0, d.length));
        b.socket = net.bind(B, (now, from, to, d) -> b.assoc.handlePacket(now, d, 0, d.length));
        a.peer = B;
        b.peer = A;
    }

    private void drain(Side s) {
        for (byte[] p = s.assoc.pollTransmit(); p != null; p = s.assoc.pollTransmit()) s.socket.send(clock.nowNanos(), s.peer, p);
        for (SctpEvent e = s.assoc.pollEvent(); e != null; e = s.assoc.pollEvent()) s.events.add(e);
    }

    private boolean run(BooleanSupplier done, long limitNanos) {
        long end = clock.nowNanos() + limitNanos;
        for (int step = 0; step < 5_000_000; step++) {
            drain(a);
            drain(b);
            if (done.getAsBoolean()) return true;
            long next = Math.min(net.nextDeliveryNanos(), Math.min(a.assoc.pollTimeout(), b.assoc.pollTimeout()));
            if (next > end) return done.getAsBoolean();
            clock.advanceTo(Math.max(next, clock.nowNanos()));
            long now = clock.nowNanos();
            net.deliverDue(now);
            if (a.assoc.pollTimeout() <= now) a.assoc.handleTimeout(now);
            if (b.assoc.pollTimeout() <= now) b.assoc.handleTimeout(now);
        }
        throw new IllegalStateException("no progress bound reached");
    }

    private void connectBoth() {
        a.assoc.connect(0);
        b.assoc.connect(0);
        assertTrue(run(() -> a.established() && b.established(), 10_000_000_000L), a.assoc.state() + " / " + b.assoc.state());
    }

    @Test
    void bothSidesOpeningAtOnceEstablishOneAssociation() {
        setUp(1, LinkConditions.delayMillis(10));
        connectBoth();
        assertEquals(SctpAssociation.State.ESTABLISHED, a.assoc.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, b.assoc.state());
    }

    @Test
    void oneSideOpeningIsAnsweredStatelessly() {
        setUp(2, LinkConditions.delayMillis(10));
        a.assoc.connect(0);
        assertTrue(run(() -> a.established() && b.established(), 10_000_000_000L));
    }

    @Test
    void messagesOfEverySizeArriveIntactOrderedAndUnordered() {
        setUp(3, LinkConditions.delayMillis(5));
        connectBoth();
        Random r = new Random(3);
        int[] sizes = {1, 100, 1135, 1136, 1163, 5000, 64 * 1024, 256 * 1024};
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] m = new byte[sizes[i]];
            r.nextBytes(m);
            sent.add(m);
            a.assoc.send(clock.nowNanos(), 1, 53, m, i % 2 == 1);
        }
        assertTrue(run(() -> b.messages().size() == sizes.length, 30_000_000_000L), "got " + b.messages().size());
        for (byte[] m : sent) {
            assertTrue(b.messages().stream().anyMatch(x -> java.util.Arrays.equals(x.data(), m)), "message of " + m.length + " bytes");
        }
        assertTrue(run(() -> a.assoc.bufferedAmount() == 0, 5_000_000_000L), "everything acknowledged");
    }

    @Test
    void reliableOrderedMessagesSurviveLossReorderingAndDuplication() {
        setUp(4, new LinkConditions(20_000_000, 10_000_000, 0.10, 0.05, 0.10));
        connectBoth();
        Random r = new Random(4);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] m = new byte[1 + r.nextInt(4000)];
            r.nextBytes(m);
            m[0] = (byte) i;
            sent.add(m);
            a.assoc.send(clock.nowNanos(), 0, 53, m, false);
        }
        assertTrue(run(() -> b.messages().size() == 200, 300_000_000_000L), "got " + b.messages().size() + " of 200");
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(sent.get(i), b.messages().get(i).data(), "message " + i + " in order and intact");
        }
        assertTrue(net.lost() > 0 && net.delivered() > 0, "the path really lost packets: " + net.lost());
        assertTrue(run(() -> a.assoc.bufferedAmount() == 0, 60_000_000_000L));
    }

    @Test
    void wrongTagsAndForgedCookiesAreIgnored() {
        setUp(5, LinkConditions.delayMillis(1));
        connectBoth();
        long before = b.assoc.droppedPackets();
        byte[] wrongTag = new SctpPacket(5000, 5000, 12345, List.of(new DataChunk(false, false, true, true, 1, 0, 0, 53, new byte[] {1}))).serialize();
        b.assoc.handlePacket(clock.nowNanos(), wrongTag, 0, wrongTag.length);
        SctpAssociation fresh = new SctpAssociation(SctpConfig.defaults(new Random(99)));
        byte[] forged = new SctpPacket(5000, 5000, 0, List.of(new CookieEchoChunk(new byte[68]))).serialize();
        fresh.handlePacket(0, forged, 0, forged.length);
        assertEquals(before + 1, b.assoc.droppedPackets());
        assertEquals(1, fresh.droppedPackets());
        assertEquals(SctpAssociation.State.CLOSED, fresh.state());
        a.assoc.send(clock.nowNanos(), 0, 51, new byte[] {7}, false);
        assertTrue(run(() -> b.messages().size() == 1, 5_000_000_000L));
    }

    @Test
    void shutdownClosesBothSidesAndAbortReachesThePeer() {
        setUp(6, LinkConditions.delayMillis(5));
        connectBoth();
        a.assoc.send(clock.nowNanos(), 0, 53, new byte[3000], false);
        a.assoc.close(clock.nowNanos());
        assertTrue(run(() -> a.events.stream().anyMatch(e -> e instanceof SctpEvent.Closed)
                && b.events.stream().anyMatch(e -> e instanceof SctpEvent.Closed), 10_000_000_000L), a.assoc.state() + " / " + b.assoc.state());
        assertEquals(1, b.messages().size(), "data sent before close still arrives");

        setUp(7, LinkConditions.delayMillis(5));
        connectBoth();
        a.assoc.abort("test");
        assertTrue(run(() -> b.events.stream().anyMatch(e -> e instanceof SctpEvent.Aborted), 5_000_000_000L));
        assertEquals(SctpAssociation.State.CLOSED, b.assoc.state());
    }

    @Test
    void misuseIsRejectedClearly() {
        setUp(8, LinkConditions.delayMillis(5));
        assertThrows(IllegalStateException.class, () -> a.assoc.send(0, 0, 53, new byte[1], false));
        connectBoth();
        assertThrows(IllegalArgumentException.class, () -> a.assoc.send(0, 0, 53, new byte[256 * 1024 + 1], false));
        assertThrows(IllegalArgumentException.class, () -> a.assoc.send(0, 0, 53, new byte[0], false));
    }

    @Test
    void anUnansweredInitGivesUp() {
        setUp(9, LinkConditions.BLACKHOLE);
        a.assoc.connect(0);
        assertTrue(run(() -> a.events.stream().anyMatch(e -> e instanceof SctpEvent.Aborted), 600_000_000_000L));
    }
}
