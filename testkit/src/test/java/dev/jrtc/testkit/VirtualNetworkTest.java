package dev.jrtc.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualNetworkTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 6000);

    private record Received(long at, InetSocketAddress from, int index) {}

    @Test
    void deliversAfterTheDelayAndNotBefore() {
        VirtualNetwork net = new VirtualNetwork(1);
        net.setDefaultConditions(LinkConditions.delayMillis(20));
        List<Received> got = new ArrayList<>();
        VirtualSocket a = net.bind(A, (now, from, to, data) -> {});
        net.bind(B, (now, from, to, data) -> {
            assertEquals(B, to);
            got.add(new Received(now, from, data[0]));
        });
        a.send(1_000, B, new byte[] {7});
        assertEquals(1_000 + 20_000_000, net.nextDeliveryNanos());
        assertEquals(0, net.deliverDue(20_000_999));
        assertEquals(1, net.deliverDue(20_001_000));
        assertEquals(List.of(new Received(20_001_000, A, 7)), got);
        assertEquals(Long.MAX_VALUE, net.nextDeliveryNanos());
    }

    @Test
    void sameSeedGivesTheSameRunAndAnotherSeedDoesNot() {
        assertEquals(lossyRun(42), lossyRun(42));
        assertNotEquals(lossyRun(42), lossyRun(43));
    }

    private static List<Received> lossyRun(long seed) {
        VirtualNetwork net = new VirtualNetwork(seed);
        net.setDefaultConditions(new LinkConditions(10_000_000, 5_000_000, 0.2, 0.1, 0.1));
        List<Received> got = new ArrayList<>();
        VirtualSocket a = net.bind(A, (now, from, to, data) -> {});
        net.bind(B, (now, from, to, data) -> got.add(new Received(now, from, data[0] & 0xFF)));
        for (int i = 0; i < 200; i++) {
            a.send(i * 1_000_000L, B, new byte[] {(byte) i});
        }
        net.deliverDue(Long.MAX_VALUE - 1);
        return got;
    }

    @Test
    void lossDuplicationAndReorderHappenAtRoughlyTheirRates() {
        VirtualNetwork net = new VirtualNetwork(7);
        net.setDefaultConditions(new LinkConditions(10_000_000, 0, 0.10, 0.05, 0.10));
        List<Integer> got = new ArrayList<>();
        VirtualSocket a = net.bind(A, (now, from, to, data) -> {});
        net.bind(B, (now, from, to, data) -> got.add(((data[0] & 0xFF) << 8) | (data[1] & 0xFF)));
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            a.send(i * 100_000L, B, new byte[] {(byte) (i >> 8), (byte) i});
        }
        net.deliverDue(Long.MAX_VALUE - 1);
        assertEquals(n, net.sent());
        double lossRate = net.lost() / (double) n;
        assertTrue(lossRate > 0.08 && lossRate < 0.12, "loss " + lossRate);
        long duplicates = got.size() - got.stream().distinct().count();
        double dupRate = duplicates / (double) (n - net.lost());
        assertTrue(dupRate > 0.035 && dupRate < 0.065, "duplication " + dupRate);
        int outOfOrder = 0;
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i) < got.get(i - 1)) outOfOrder++;
        }
        assertTrue(outOfOrder > n / 50, "reordered " + outOfOrder);
        assertEquals(got.size(), net.delivered());
    }

    @Test
    void duplicatesAreIndependentCopies() {
        VirtualNetwork net = new VirtualNetwork(3);
        net.setDefaultConditions(new LinkConditions(0, 0, 0, 1.0, 0));
        List<byte[]> got = new ArrayList<>();
        VirtualSocket a = net.bind(A, (now, from, to, data) -> {});
        net.bind(B, (now, from, to, data) -> got.add(data));
        a.send(0, B, new byte[] {1, 2, 3});
        net.deliverDue(0);
        assertEquals(2, got.size());
        got.get(0)[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, got.get(1));
    }

    @Test
    void receiversMayAnswerInsideTheDeliveryCall() {
        VirtualNetwork net = new VirtualNetwork(1);
        List<Long> pongs = new ArrayList<>();
        VirtualSocket[] b = new VirtualSocket[1];
        VirtualSocket a = net.bind(A, (now, from, to, data) -> pongs.add(now));
        b[0] = net.bind(B, (now, from, to, data) -> b[0].send(now, from, data));
        a.send(5, B, new byte[] {1});
        net.deliverDue(5);
        assertEquals(List.of(5L), pongs);
    }

    @Test
    void perSocketConditionsCutOneDirectionOnly() {
        VirtualNetwork net = new VirtualNetwork(1);
        List<String> got = new ArrayList<>();
        VirtualSocket a = net.bind(A, (now, from, to, data) -> got.add("a"));
        VirtualSocket b = net.bind(B, (now, from, to, data) -> got.add("b"));
        a.setOutgoingConditions(LinkConditions.BLACKHOLE);
        a.send(0, B, new byte[1]);
        b.send(0, A, new byte[1]);
        net.deliverDue(0);
        assertEquals(List.of("a"), got);
        assertEquals(1, net.lost());
        a.setOutgoingConditions(null);
        a.send(0, B, new byte[1]);
        net.deliverDue(0);
        assertEquals(List.of("a", "b"), got);
    }

    @Test
    void unboundDestinationsAndClosedSocketsAreCountedAsUnroutable() {
        VirtualNetwork net = new VirtualNetwork(1);
        VirtualSocket a = net.bind(A, (now, from, to, data) -> {});
        VirtualSocket b = net.bind(B, (now, from, to, data) -> {});
        a.send(0, new InetSocketAddress("192.0.2.99", 1), new byte[1]);
        a.send(0, B, new byte[1]);
        b.close();
        net.deliverDue(0);
        assertEquals(2, net.unroutable());
        assertEquals(0, net.delivered());
        assertThrows(IllegalStateException.class, () -> b.send(0, A, new byte[1]));
    }

    @Test
    void misuseIsRejectedWithClearErrors() {
        VirtualNetwork net = new VirtualNetwork(1);
        net.bind(A, (now, from, to, data) -> {});
        assertThrows(IllegalArgumentException.class, () -> net.bind(A, (now, from, to, data) -> {}));
        assertThrows(IllegalArgumentException.class, () -> net.bind(new InetSocketAddress("192.0.2.3", 0), (n, f, t, d) -> {}));
        assertThrows(IllegalArgumentException.class, () -> new LinkConditions(0, 0, 1.5, 0, 0));
        VirtualClock clock = new VirtualClock(10);
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(9));
    }
}
