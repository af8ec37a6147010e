package dev.jrtc.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy on real loopback sockets: what each impairment does, with bounds generous enough for a busy machine. */
class UdpImpairmentProxyTest {
    private UdpImpairmentProxy proxy;
    private java.net.DatagramSocket a;
    private java.net.DatagramSocket b;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new UdpImpairmentProxy(42);
        a = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        b = new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        a.setReceiveBufferSize(4 << 20);
        b.setReceiveBufferSize(4 << 20);
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        a.close();
        b.close();
    }

    private UdpImpairmentProxy.Link link(Impairments im) {
        UdpImpairmentProxy.Link l = proxy.link(im);
        l.connect((InetSocketAddress) a.getLocalSocketAddress(), (InetSocketAddress) b.getLocalSocketAddress());
        return l;
    }

    private static void send(java.net.DatagramSocket from, InetSocketAddress to, byte[] data) throws Exception {
        from.send(new java.net.DatagramPacket(data, data.length, to));
    }

    /** Everything {@code s} receives until it has been quiet for {@code quietMillis}, with when each arrived. */
    private static List<byte[]> receiveAll(java.net.DatagramSocket s, int quietMillis, List<java.net.SocketAddress> sources,
                                           List<Long> times) throws Exception {
        List<byte[]> out = new ArrayList<>();
        s.setSoTimeout(quietMillis);
        byte[] buf = new byte[65535];
        for (int i = 0; i < 100_000; i++) {
            java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            out.add(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            if (sources != null) sources.add(p.getSocketAddress());
            if (times != null) times.add(System.nanoTime());
        }
        return out;
    }

    @Test
    void relaysBothWaysAndEachSideSeesTheAddressItTalksTo() throws Exception {
        UdpImpairmentProxy.Link l = link(Impairments.NONE);
        send(a, l.addressForA(), new byte[] {1, 2, 3});
        send(b, l.addressForB(), new byte[] {4, 5});
        List<java.net.SocketAddress> fromB = new ArrayList<>();
        List<java.net.SocketAddress> fromA = new ArrayList<>();
        List<byte[]> atB = receiveAll(b, 500, fromA, null);
        List<byte[]> atA = receiveAll(a, 500, fromB, null);
        assertEquals(1, atB.size());
        assertArrayEquals(new byte[] {1, 2, 3}, atB.get(0));
        assertEquals(l.addressForB(), fromA.get(0), "B sees A's datagrams come from where it sends to A");
        assertArrayEquals(new byte[] {4, 5}, atA.get(0));
        assertEquals(l.addressForA(), fromB.get(0));
        assertEquals(2, l.relayed());
    }

    @Test
    void losesAboutTheGivenShareAndDelaysWithJitterThatReorders() throws Exception {
        UdpImpairmentProxy.Link l = link(Impairments.lossy(0.2, 30, 20));
        int n = 2000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            send(a, l.addressForA(), new byte[] {(byte) (i >> 8), (byte) i});
            if (i % 100 == 99) Thread.sleep(5); // stays within socket buffers
        }
        List<Long> times = new ArrayList<>();
        List<byte[]> got = receiveAll(b, 1000, null, times);
        assertEquals(n, got.size() + l.lost(), "each datagram is relayed or lost");
        assertTrue(l.lost() > 0.15 * n && l.lost() < 0.25 * n, "lost " + l.lost() + " of " + n);
        assertTrue(times.get(0) - start >= 9_000_000, "nothing arrives before delay minus jitter (10 ms)");
        int inversions = 0;
        for (int i = 1; i < got.size(); i++) {
            int prev = ((got.get(i - 1)[0] & 0xFF) << 8) | (got.get(i - 1)[1] & 0xFF);
            int cur = ((got.get(i)[0] & 0xFF) << 8) | (got.get(i)[1] & 0xFF);
            if (cur < prev) inversions++;
        }
        assertTrue(inversions > 10, "40 ms of jitter reorders datagrams sent a few µs apart: " + inversions);
    }

    @Test
    void duplicatesAndFilters() throws Exception {
        UdpImpairmentProxy.Link l = link(Impairments.NONE.withDuplicates(0.5));
        l.setFilter(d -> d[0] == 23);
        for (int i = 0; i < 200; i++) send(a, l.addressForA(), new byte[] {(byte) (i % 2 == 0 ? 23 : 1), (byte) i});
        List<byte[]> got = receiveAll(b, 500, null, null);
        assertEquals(100, l.filtered(), "every datagram starting with 23 is filtered");
        assertTrue(got.stream().allMatch(d -> d[0] == 1));
        assertEquals(100 + l.duplicated(), got.size());
        assertTrue(l.duplicated() > 25 && l.duplicated() < 75, "about half duplicated: " + l.duplicated());
    }

    @Test
    void aBottleneckPacesDatagramsAndDropsWhatOverfillsItsQueue() throws Exception {
        // 100 kB/s with a 200 ms queue: 20 kB can wait, the rest of a 100 kB burst is dropped.
        UdpImpairmentProxy.Link l = link(Impairments.NONE.withRate(100_000, 200));
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) send(a, l.addressForA(), new byte[1000]);
        List<Long> times = new ArrayList<>();
        List<byte[]> got = receiveAll(b, 1000, null, times);
        assertTrue(l.queueDropped() >= 60 && l.queueDropped() <= 85, "dropped " + l.queueDropped());
        assertEquals(100, got.size() + l.queueDropped());
        double seconds = (times.get(times.size() - 1) - start) / 1e9;
        assertTrue(seconds >= 0.15, "the queue drains at the bottleneck rate, not at once: " + seconds + " s");
    }

    @Test
    void injectsGarbageTowardBothEndpointsFromTheAddressesTheyTalkTo() throws Exception {
        UdpImpairmentProxy.Link l = link(Impairments.NONE.withGarbage(200, 0.5));
        List<java.net.SocketAddress> sources = new ArrayList<>();
        List<byte[]> atA = receiveFor(a, 500, sources);
        assertTrue(atA.size() >= 40 && atA.size() <= 300, "about 100 in half a second: " + atA.size());
        assertTrue(sources.stream().allMatch(s -> s.equals(l.addressForA())));
        assertTrue(atA.stream().map(d -> d[0] & 0xFF).distinct().count() > 10, "varied first bytes");
        assertTrue(receiveFor(b, 300, null).size() >= 20);
        l.setImpairments(Impairments.NONE);
        long sent = l.garbageSent();
        assertTrue(sent >= 80, "sent " + sent);
        Thread.sleep(200);
        assertTrue(l.garbageSent() - sent <= 2, "stops when the impairments say so");
    }

    /** What {@code s} receives in {@code millis}. */
    private static List<byte[]> receiveFor(java.net.DatagramSocket s, int millis, List<java.net.SocketAddress> sources) throws Exception {
        List<byte[]> out = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000L;
        byte[] buf = new byte[65535];
        while (System.nanoTime() < end) {
            s.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            out.add(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            if (sources != null) sources.add(p.getSocketAddress());
        }
        return out;
    }

    @Test
    void onlyLoopbackAndOnlyTheConnectedEndpoints() throws Exception {
        UdpImpairmentProxy.Link l = proxy.link(Impairments.NONE);
        assertThrows(IllegalArgumentException.class, () -> l.connect(new InetSocketAddress("192.0.2.1", 5000), null));
        l.connect((InetSocketAddress) a.getLocalSocketAddress(), (InetSocketAddress) b.getLocalSocketAddress());
        try (DatagramChannel stranger = DatagramChannel.open()) {
            stranger.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            stranger.send(ByteBuffer.wrap(new byte[] {9}), l.addressForA());
            assertTrue(receiveAll(b, 300, null, null).isEmpty(), "a stranger's datagram is not relayed");
        }
        assertEquals(1, l.unknownSource());
        assertTrue(l.addressForA().getAddress().isLoopbackAddress() && l.addressForB().getAddress().isLoopbackAddress());
    }
}
