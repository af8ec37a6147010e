package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunRetransmission;
import dev.jrtc.ice.turn.TurnClient;
import dev.jrtc.ice.turn.TurnClientConfig;
import dev.jrtc.ice.turn.TurnClientEvent;
import dev.jrtc.ice.turn.TurnServer;
import dev.jrtc.testkit.Coturn;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Our TurnClient against a real coturn on 127.0.0.1, driven on Netty: allocate, relay to a loopback UDP peer and
 * back through CreatePermission + Send/Data indications and then ChannelBind + ChannelData, refresh (coturn caps
 * the lifetime at a few seconds so refreshes happen in the test), stale nonces (coturn's nonces last 2 s), and
 * deallocation.
 */
class TurnCoturnInteropTest {
    /** Short RTO: retransmissions cover coturn's start-up (about 100 ms); 8 tries span about 5 s. */
    private static final StunRetransmission FAST = new StunRetransmission(TimeUnit.MILLISECONDS.toNanos(20), 8, 16);

    /** A TurnClient on its driver, with the events it produced (collected on the loop). */
    private static final class Client {
        final LinkedBlockingQueue<TurnClientEvent> events = new LinkedBlockingQueue<>();
        SansIoDriver driver;
        TurnClient turn;
        InetSocketAddress local;

        <T> T call(Function<TurnClient, T> f) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            driver.run(e -> {
                try {
                    result.complete(f.apply(turn));
                    for (TurnClientEvent ev = turn.pollEvent(); ev != null; ev = turn.pollEvent()) events.add(ev);
                } catch (RuntimeException ex) {
                    result.completeExceptionally(ex);
                }
            });
            return result.get(5, TimeUnit.SECONDS);
        }

        /** The first event (collected from now on or before) matching, within 10 s. */
        <T extends TurnClientEvent> T await(Class<T> type, Predicate<T> match) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                call(t -> null);
                for (TurnClientEvent e : events) {
                    if (type.isInstance(e) && match.test(type.cast(e))) {
                        events.remove(e);
                        return type.cast(e);
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("no " + type.getSimpleName() + " within 10 s; events " + events);
        }
    }

    private static Client client(UdpTransport transport, Coturn coturn, boolean autoChannelBind) {
        Client c = new Client();
        c.local = transport.bind(new InetSocketAddress(coturn.address().getAddress(), 0),
                (now, local, remote, buf) -> c.driver.handleDatagram(now, local, remote, buf));
        c.turn = new TurnClient(TurnClientConfig.of(new TurnServer(coturn.address(), Coturn.USER, Coturn.PASSWORD),
                c.local, new SecureRandom()).withRetransmission(FAST).withAutoChannelBind(autoChannelBind));
        c.driver = new SansIoDriver(transport.eventLoop(c.local), c.turn, transport);
        return c;
    }

    @Test
    void allocatesRelaysBothWaysRefreshesAndDeallocates() throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try (Coturn coturn = Coturn.start(List.of("--max-allocate-lifetime=4", "--stale-nonce=1"));
                UdpTransport transport = new UdpTransport(group)) {
            Client c = client(transport, coturn, false);
            Received peerInbox = new Received();
            InetSocketAddress peer = transport.bind(new InetSocketAddress("127.0.0.1", 0), peerInbox);

            c.call(t -> { t.start(System.nanoTime()); return null; });
            TurnClientEvent.Allocated allocated = c.await(TurnClientEvent.Allocated.class, e -> true);
            assertEquals(c.local, allocated.mapped(), "coturn sees our socket as it is on loopback");
            assertEquals("127.0.0.1", allocated.relayed().getAddress().getHostAddress());
            assertNotEquals(coturn.address().getPort(), allocated.relayed().getPort());

            // CreatePermission + Send indication out, Data indication back.
            c.call(t -> { t.send(System.nanoTime(), peer, bytes("hello peer")); return null; });
            c.await(TurnClientEvent.PermissionCreated.class, e -> e.peer().equals(peer.getAddress()));
            Received.Datagram atPeer = peerInbox.poll();
            assertNotNull(atPeer, () -> "nothing relayed to the peer\n" + coturn.log());
            assertEquals("hello peer", text(atPeer.data()));
            assertEquals(allocated.relayed(), atPeer.remote(), "the peer sees the relayed address");
            transport.send(new dev.jrtc.ice.Transmit(peer, allocated.relayed(), bytes("hello client")));
            TurnClientEvent.PeerData back = c.await(TurnClientEvent.PeerData.class, e -> true);
            assertEquals(peer, back.peer());
            assertEquals("hello client", text(back.data()));
            assertEquals(1, c.call(TurnClient::receivedDataIndications));
            assertEquals(1, c.call(TurnClient::sentSendIndications));

            // ChannelBind, then ChannelData both ways.
            c.call(t -> { t.bindChannel(System.nanoTime(), peer); return null; });
            int channel = c.await(TurnClientEvent.ChannelBound.class, e -> e.peer().equals(peer)).channel();
            assertEquals(0x4000, channel);
            c.call(t -> { t.send(System.nanoTime(), peer, bytes("over the channel")); return null; });
            assertEquals("over the channel", text(peerInbox.poll().data()));
            assertEquals(1, c.call(TurnClient::sentChannelData));
            transport.send(new dev.jrtc.ice.Transmit(peer, allocated.relayed(), bytes("channel reply")));
            assertEquals("channel reply", text(c.await(TurnClientEvent.PeerData.class, e -> true).data()));
            assertEquals(1, c.call(TurnClient::receivedChannelData));

            // The allocation got 4 s, so the Refresh comes 2 s in, after coturn's 1 s nonce went stale: it meets a
            // 438 and is retried. (coturn grants its 600 s default to a Refresh without LIFETIME, not the 4 s cap.)
            long firstExpiry = c.call(TurnClient::expiresAtNanos);
            assertTrue(firstExpiry - System.nanoTime() <= TimeUnit.SECONDS.toNanos(4), "coturn granted at most 4 s");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < deadline && c.call(TurnClient::expiresAtNanos) <= firstExpiry) {
                Thread.sleep(20);
            }
            assertTrue(c.call(TurnClient::expiresAtNanos) > firstExpiry, () -> "allocation not refreshed\n" + coturn.log());
            assertEquals(TurnClient.State.ALLOCATED, c.call(TurnClient::state), () -> c.events + "\n" + coturn.log());
            assertTrue(c.call(TurnClient::staleNonces) >= 1, "coturn's 1 s nonces were renewed through 438");
            c.call(t -> { t.send(System.nanoTime(), peer, bytes("after refresh")); return null; });
            assertEquals("after refresh", text(peerInbox.poll().data()));
            // droppedDatagrams may be above 0 here: with a 20 ms RTO, coturn's answer to a retransmitted copy
            // arrives after the transaction ended and is counted as answering nothing.

            // Deallocate: coturn confirms, and stops relaying to us.
            c.call(t -> { t.close(System.nanoTime()); return null; });
            assertTrue(c.await(TurnClientEvent.Closed.class, e -> true).deleted(), () -> coturn.log());
            transport.send(new dev.jrtc.ice.Transmit(peer, allocated.relayed(), bytes("anyone there?")));
            Thread.sleep(200);
            assertTrue(c.events.stream().noneMatch(e -> e instanceof TurnClientEvent.PeerData), c.events::toString);
            c.driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void autoChannelBindSendsFirstInSendIndicationThenChannelData() throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try (Coturn coturn = Coturn.start(); UdpTransport transport = new UdpTransport(group)) {
            Client c = client(transport, coturn, true);
            Received peerInbox = new Received();
            InetSocketAddress peer = transport.bind(new InetSocketAddress("127.0.0.1", 0), peerInbox);
            c.call(t -> { t.start(System.nanoTime()); return null; });
            InetSocketAddress relayed = c.await(TurnClientEvent.Allocated.class, e -> true).relayed();
            c.call(t -> { t.send(System.nanoTime(), peer, bytes("one")); return null; });
            c.await(TurnClientEvent.ChannelBound.class, e -> true);
            c.call(t -> { t.send(System.nanoTime(), peer, bytes("two")); return null; });
            assertEquals("one", text(peerInbox.poll().data()));
            assertEquals("two", text(peerInbox.poll().data()));
            Received.Datagram first = peerInbox.queue.poll(100, TimeUnit.MILLISECONDS);
            assertNull(first, "nothing else reached the peer");
            assertEquals(relayed, c.call(TurnClient::relayedAddress));
            assertEquals(1, c.call(TurnClient::sentSendIndications));
            assertEquals(1, c.call(TurnClient::sentChannelData));
            c.call(t -> { t.close(System.nanoTime()); return null; });
            assertTrue(c.await(TurnClientEvent.Closed.class, e -> true).deleted());
            c.driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** IPv6 all the way: the XOR-RELAYED/MAPPED/PEER-ADDRESS attributes are XORed with the transaction id too. */
    @Test
    void relaysOverIpv6Loopback() throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try (Coturn coturn = Coturn.start("::1", List.of()); UdpTransport transport = new UdpTransport(group)) {
            Client c = client(transport, coturn, true);
            Received peerInbox = new Received();
            InetSocketAddress peer = transport.bind(new InetSocketAddress("::1", 0), peerInbox);
            c.call(t -> { t.start(System.nanoTime()); return null; });
            TurnClientEvent.Allocated allocated = c.await(TurnClientEvent.Allocated.class, e -> true);
            assertEquals(c.local, allocated.mapped());
            assertTrue(allocated.relayed().getAddress().isLoopbackAddress()
                    && allocated.relayed().getAddress() instanceof java.net.Inet6Address, allocated::toString);
            c.call(t -> { t.send(System.nanoTime(), peer, bytes("v6")); return null; });
            Received.Datagram atPeer = peerInbox.poll();
            assertNotNull(atPeer, () -> "nothing relayed over IPv6\n" + coturn.log());
            assertEquals(allocated.relayed(), atPeer.remote());
            c.await(TurnClientEvent.ChannelBound.class, e -> true);
            transport.send(new dev.jrtc.ice.Transmit(peer, allocated.relayed(), bytes("v6 back")));
            TurnClientEvent.PeerData back = c.await(TurnClientEvent.PeerData.class, e -> true);
            assertEquals(peer, back.peer());
            assertEquals("v6 back", text(back.data()));
            c.call(t -> { t.close(System.nanoTime()); return null; });
            assertTrue(c.await(TurnClientEvent.Closed.class, e -> true).deleted());
            c.driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void wrongPasswordIsRefusedByCoturn() throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try (Coturn coturn = Coturn.start(); UdpTransport transport = new UdpTransport(group)) {
            Client c = new Client();
            c.local = transport.bind(new InetSocketAddress("127.0.0.1", 0),
                    (now, local, remote, buf) -> c.driver.handleDatagram(now, local, remote, buf));
            c.turn = new TurnClient(TurnClientConfig.of(new TurnServer(coturn.address(), Coturn.USER, "not-the-secret"),
                    c.local, new SecureRandom()).withRetransmission(FAST));
            c.driver = new SansIoDriver(transport.eventLoop(c.local), c.turn, transport);
            c.call(t -> { t.start(System.nanoTime()); return null; });
            TurnClientEvent.AllocationFailed failed = c.await(TurnClientEvent.AllocationFailed.class, e -> true);
            assertEquals(401, failed.code(), failed::toString);
            c.driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
