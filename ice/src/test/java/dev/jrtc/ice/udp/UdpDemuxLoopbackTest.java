package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7983 demultiplexing of datagrams received over real loopback UDP (IPv4 and IPv6). */
class UdpDemuxLoopbackTest {

    @Test
    void firstByteRangesFollowRfc7983() {
        int[][] edges = {{0, 0}, {3, 0}, {4, 4}, {19, 4}, {20, 1}, {63, 1}, {64, 2}, {79, 2}, {80, 4}, {127, 4},
            {128, 3}, {191, 3}, {192, 4}, {255, 4}};
        PacketKind[] byIndex = {PacketKind.STUN, PacketKind.DTLS, PacketKind.TURN_CHANNEL_DATA, PacketKind.RTP_RTCP,
            PacketKind.UNKNOWN};
        for (int[] e : edges) {
            assertEquals(byIndex[e[1]], PacketKind.classify(e[0]), "first byte " + e[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void eachKindReachesItsHandlerAndTheRestIsDroppedAndCounted(String loopback) throws Exception {
        try (UdpTransport transport = new UdpTransport()) {
            demuxOver(transport, loopback);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void nioFallbackDemuxesTheSame(String loopback) throws Exception {
        io.netty.channel.EventLoopGroup nio = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.nio.NioIoHandler.newFactory());
        try (UdpTransport transport = new UdpTransport(nio)) {
            assertFalse(transport.isEpoll());
            demuxOver(transport, loopback);
        } finally {
            nio.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void demuxOver(UdpTransport transport, String loopback) throws Exception {
        Map<PacketKind, Received> handlers = new EnumMap<>(PacketKind.class);
        Rfc7983Demux demux = new Rfc7983Demux();
        for (PacketKind kind : new PacketKind[] {PacketKind.STUN, PacketKind.DTLS, PacketKind.TURN_CHANNEL_DATA,
            PacketKind.RTP_RTCP}) {
            handlers.put(kind, new Received());
            demux.on(kind, handlers.get(kind));
        }
        InetSocketAddress server = transport.bind(new InetSocketAddress(loopback, 0), demux);
        Received clientInbox = new Received();
        InetSocketAddress client = transport.bind(new InetSocketAddress(loopback, 0), clientInbox);
        byte[][] packets = {{0, 1, 2}, {22, (byte) 0xFE, (byte) 0xFD}, {0x40, 0, 0, 1, 9}, {(byte) 0x80, 96, 0, 1},
            {(byte) 0xC0, 1}, {100, 1}, {5}};
        for (byte[] p : packets) {
            transport.send(new Transmit(client, server, p));
        }
        assertArrayEquals(packets[0], handlers.get(PacketKind.STUN).poll().data());
        assertArrayEquals(packets[1], handlers.get(PacketKind.DTLS).poll().data());
        assertArrayEquals(packets[2], handlers.get(PacketKind.TURN_CHANNEL_DATA).poll().data());
        Received.Datagram rtp = handlers.get(PacketKind.RTP_RTCP).poll();
        assertArrayEquals(packets[3], rtp.data());
        assertEquals(client, rtp.remote());
        assertEquals(server, rtp.local());
        // The three droppable ones (192, 100, 5) arrive after the RTP one; wait for their count.
        for (int i = 0; i < 100 && demux.dropped() < 3; i++) {
            Thread.sleep(20);
        }
        assertEquals(3, demux.dropped());
        assertEquals(1, demux.received(PacketKind.STUN));
        assertEquals(1, demux.received(PacketKind.RTP_RTCP));
        assertEquals(7, transport.packetsReceived());
        for (int i = 0; i < 100 && transport.packetsSent() < 7; i++) {
            Thread.sleep(20); // sends are counted when Netty reports the write done
        }
        assertEquals(7, transport.packetsSent());
        assertEquals(0, transport.sendFailures());
        transport.send(new Transmit(new InetSocketAddress(loopback, 1), server, new byte[] {1}));
        assertEquals(1, transport.sendFailures(), "no socket for that source");
    }

    @Test
    void usesEpollWhenAvailableAndAcceptsACallerGroup() {
        io.netty.channel.EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try (UdpTransport transport = new UdpTransport(group)) {
            assertEquals(io.netty.channel.epoll.Epoll.isAvailable(), transport.isEpoll());
            InetSocketAddress a = transport.bind(new InetSocketAddress("127.0.0.1", 0), (n, l, r, p) -> { });
            assertTrue(transport.unbind(a));
            assertFalse(transport.unbind(a));
        } finally {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        io.netty.channel.EventLoopGroup local = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.local.LocalIoHandler.newFactory());
        try {
            assertThrows(IllegalArgumentException.class, () -> new UdpTransport(local), "not a UDP-capable group");
        } finally {
            local.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
