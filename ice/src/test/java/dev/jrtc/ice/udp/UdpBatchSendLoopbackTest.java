package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A batch of transmits (one flush per socket, sendmmsg on epoll) arrives whole and in order over loopback. */
class UdpBatchSendLoopbackTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void aBatchFromTwoSocketsArrivesInOrderAndIsCounted(String loopback) throws Exception {
        try (UdpTransport transport = new UdpTransport()) {
            Received inbox = new Received();
            InetSocketAddress receiver = transport.bind(new InetSocketAddress(loopback, 0), inbox, 1 << 20, 0);
            InetSocketAddress a = transport.bind(new InetSocketAddress(loopback, 0), (n, l, r, p) -> { });
            InetSocketAddress b = transport.bind(new InetSocketAddress(loopback, 0), (n, l, r, p) -> { }, 0, 1 << 20);
            List<Transmit> batch = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                // 100 from a, then 50 from b: the batch switches sockets once.
                batch.add(new Transmit(i < 100 ? a : b, receiver, new byte[] {20, (byte) i, (byte) (i >>> 8)}));
            }
            batch.add(new Transmit(new InetSocketAddress(loopback, 1), receiver, new byte[] {1}));
            transport.send(batch);
            for (int i = 0; i < 150; i++) {
                Received.Datagram d = inbox.poll();
                assertNotNull(d, "datagram " + i);
                assertArrayEquals(new byte[] {20, (byte) i, (byte) (i >>> 8)}, d.data(), "datagram " + i + " in order");
                assertEquals(i < 100 ? a : b, d.remote());
            }
            for (int i = 0; i < 100 && transport.packetsSent() < 150; i++) {
                Thread.sleep(20); // sends are counted when Netty reports the write done
            }
            assertEquals(150, transport.packetsSent());
            assertEquals(1, transport.sendFailures(), "the one transmit with no socket for its source");
        }
    }

    /** Runs of equal-sized datagrams (UDP GSO where the kernel has it) still arrive as separate, intact datagrams. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void runsOfEqualDatagramsArriveSeparatelyAndIntact(String loopback) throws Exception {
        try (UdpTransport transport = new UdpTransport()) {
            Received inbox = new Received();
            InetSocketAddress receiver = transport.bind(new InetSocketAddress(loopback, 0), inbox, 4 << 20, 0);
            InetSocketAddress sender = transport.bind(new InetSocketAddress(loopback, 0), (n, l, r, p) -> { }, 0, 4 << 20);
            int[] sizes = new int[140];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = i == 70 ? 500 : i == 100 ? 1201 : 1200; // a shorter one ends a run, a longer one starts one
            }
            List<Transmit> batch = new ArrayList<>();
            for (int i = 0; i < sizes.length; i++) {
                byte[] d = new byte[sizes[i]];
                java.util.Arrays.fill(d, (byte) i);
                batch.add(new Transmit(sender, receiver, d));
            }
            transport.send(batch);
            for (int i = 0; i < sizes.length; i++) {
                Received.Datagram d = inbox.poll();
                assertNotNull(d, "datagram " + i + " (segmented sends: " + transport.segmentedSends() + ")");
                byte[] expected = new byte[sizes[i]];
                java.util.Arrays.fill(expected, (byte) i);
                assertArrayEquals(expected, d.data(), "datagram " + i);
            }
            for (int i = 0; i < 100 && transport.packetsSent() < sizes.length; i++) {
                Thread.sleep(20);
            }
            assertEquals(sizes.length, transport.packetsSent());
            assertEquals(0, transport.sendFailures());
        }
    }
}
