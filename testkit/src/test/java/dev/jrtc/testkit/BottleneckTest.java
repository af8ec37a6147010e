package dev.jrtc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A socket's outgoing bottleneck: serialization at the link rate, queueing delay, and tail drop when full. */
class BottleneckTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 6000);

    @Test
    void datagramsLeaveAtTheLinkRateAndOverflowIsDropped() {
        VirtualNetwork net = new VirtualNetwork(1);
        net.setDefaultConditions(LinkConditions.delayMillis(10));
        List<Long> arrivals = new ArrayList<>();
        VirtualSocket a = net.bind(A, (now, from, to, data) -> {});
        net.bind(B, (now, from, to, data) -> arrivals.add(now));
        // 1 Mbit/s: a 1000-byte datagram takes 8 ms; the queue holds 3000 bytes (three of them, the one on the wire included).
        Bottleneck link = new Bottleneck(1_000_000, 3000);
        a.setOutgoingBottleneck(link);
        for (int i = 0; i < 5; i++) a.send(0, B, new byte[1000]);
        net.deliverDue(Long.MAX_VALUE - 1);
        assertEquals(List.of(18_000_000L, 26_000_000L, 34_000_000L), arrivals);
        assertEquals(2, link.dropped());
        assertEquals(2, net.lost());
        // Once drained, the link is idle again: the next datagram only pays its own 8 ms.
        arrivals.clear();
        a.send(100_000_000L, B, new byte[1000]);
        link.setRate(2_000_000);
        a.send(100_000_000L, B, new byte[1000]);
        net.deliverDue(Long.MAX_VALUE - 1);
        assertEquals(List.of(118_000_000L, 122_000_000L), arrivals);
    }
}
