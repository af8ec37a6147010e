package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.CandidateType;
import dev.jrtc.ice.IceAgent;
import dev.jrtc.ice.IceAgentConfig;
import dev.jrtc.ice.IceConnectionState;
import dev.jrtc.ice.IceEvent;
import dev.jrtc.ice.IceGatheringState;
import dev.jrtc.ice.IceRole;
import dev.jrtc.ice.IceTransportPolicy;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.turn.TurnServer;
import dev.jrtc.testkit.Coturn;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Two IceAgents over real UDP on 127.0.0.1 where one or both use only relayed candidates (iceTransportPolicy
 * "relay") from a real coturn: they gather relay candidates, connect through the relay and exchange application
 * data both ways; every datagram a relay-only agent sends goes to the TURN server.
 */
class IceRelayOverCoturnTest {

    /** One agent on its driver, with its events and every transmit it sent (touched only on its loop). */
    private static final class Node {
        final List<IceEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<Transmit> sent = Collections.synchronizedList(new ArrayList<>());
        SansIoDriver driver;
        IceAgent agent;
        InetSocketAddress address;

        <T> T call(Function<IceAgent, T> f) throws Exception {
            CompletableFuture<T> result = new CompletableFuture<>();
            driver.run(e -> {
                try {
                    T value = f.apply(agent);
                    for (IceEvent ev = agent.pollEvent(); ev != null; ev = agent.pollEvent()) events.add(ev);
                    result.complete(value);
                } catch (RuntimeException ex) {
                    result.completeExceptionally(ex);
                }
            });
            return result.get(5, TimeUnit.SECONDS);
        }

        boolean connected() throws Exception {
            IceConnectionState s = call(IceAgent::connectionState);
            return s == IceConnectionState.CONNECTED || s == IceConnectionState.COMPLETED;
        }

        byte[] received(Predicate<IceEvent.ApplicationData> match) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                call(a -> null);
                synchronized (events) {
                    for (IceEvent e : events) {
                        if (e instanceof IceEvent.ApplicationData d && match.test(d)) return d.data();
                    }
                }
                Thread.sleep(5);
            }
            return null;
        }
    }

    private static Node node(UdpTransport transport, IceRole role, long seed, Coturn coturn, boolean relayOnly) {
        Node n = new Node();
        n.address = transport.bind(new InetSocketAddress("127.0.0.1", 0),
                (now, local, remote, buf) -> n.driver.handleDatagram(now, local, remote, buf));
        IceAgentConfig config = IceAgentConfig.of(role, List.of(n.address), new Random(seed));
        if (relayOnly) {
            config = config.withTurnServers(List.of(new TurnServer(coturn.address(), Coturn.USER, Coturn.PASSWORD)))
                    .withTransportPolicy(IceTransportPolicy.RELAY);
        }
        n.agent = new IceAgent(config);
        n.driver = new SansIoDriver(transport.eventLoop(n.address), n.agent, t -> {
            n.sent.add(t);
            transport.send(t);
        }, System::nanoTime);
        return n;
    }

    @Test
    void relayOnlyAgentConnectsToHostAgentThroughCoturn() throws Exception {
        runPair(true, false);
    }

    @Test
    void twoRelayOnlyAgentsConnectThroughCoturn() throws Exception {
        runPair(true, true);
    }

    /**
     * coturn as STUN and TURN server of the same agent: its Binding responses reach the agent's STUN gathering and
     * its TURN responses the TurnClient, although both come from one server address to one socket.
     */
    @Test
    void sameCoturnAsStunAndTurnServerGathersHostAndRelayQuickly() throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(1);
        try (Coturn coturn = Coturn.start(); UdpTransport transport = new UdpTransport(group)) {
            Node n = new Node();
            n.address = transport.bind(new InetSocketAddress("127.0.0.1", 0),
                    (now, local, remote, buf) -> n.driver.handleDatagram(now, local, remote, buf));
            n.agent = new IceAgent(IceAgentConfig.of(IceRole.CONTROLLING, List.of(n.address), new Random(13))
                    .withStunServers(List.of(coturn.address()))
                    .withTurnServers(List.of(new TurnServer(coturn.address(), Coturn.USER, Coturn.PASSWORD))));
            n.driver = new SansIoDriver(transport.eventLoop(n.address), n.agent, transport);
            long started = System.nanoTime();
            n.call(ag -> { ag.gather(System.nanoTime()); return null; });
            List<Candidate> candidates = gathered(n, coturn);
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5),
                    "no transaction waited for its timeout: nothing was misrouted");
            assertEquals(List.of(CandidateType.HOST, CandidateType.RELAYED), candidates.stream().map(Candidate::type).toList(),
                    () -> candidates + " (srflx = host on loopback, so not signalled twice)");
            assertEquals(0, n.call(IceAgent::droppedDatagrams));
            n.call(ag -> { ag.close(System.nanoTime()); return null; });
            n.driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void runPair(boolean aRelayOnly, boolean bRelayOnly) throws Exception {
        EventLoopGroup group = UdpTransport.newEventLoopGroup(2);
        try (Coturn coturn = Coturn.start(); UdpTransport transport = new UdpTransport(group)) {
            Node a = node(transport, IceRole.CONTROLLING, 11, coturn, aRelayOnly);
            Node b = node(transport, IceRole.CONTROLLED, 12, coturn, bRelayOnly);
            a.call(ag -> { ag.setRemoteCredentials(b.agent.localCredentials()); ag.gather(System.nanoTime()); return null; });
            b.call(ag -> { ag.setRemoteCredentials(a.agent.localCredentials()); ag.gather(System.nanoTime()); return null; });
            List<Candidate> fromA = gathered(a, coturn);
            List<Candidate> fromB = gathered(b, coturn);
            if (aRelayOnly) assertOnlyRelayed(fromA, coturn);
            if (bRelayOnly) assertOnlyRelayed(fromB, coturn);

            b.call(ag -> { fromA.forEach(c -> ag.addRemoteCandidate(System.nanoTime(), c)); ag.endOfRemoteCandidates(System.nanoTime()); return null; });
            a.call(ag -> { fromB.forEach(c -> ag.addRemoteCandidate(System.nanoTime(), c)); ag.endOfRemoteCandidates(System.nanoTime()); return null; });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline && !(a.connected() && b.connected())) Thread.sleep(10);
            assertTrue(a.connected() && b.connected(), () -> state(a) + " / " + state(b) + "\n" + coturn.log());

            Candidate aLocal = a.call(ag -> ag.selectedPair().local());
            Candidate bLocal = b.call(ag -> ag.selectedPair().local());
            assertEquals(aRelayOnly ? CandidateType.RELAYED : CandidateType.HOST, aLocal.type());
            assertEquals(bRelayOnly ? CandidateType.RELAYED : CandidateType.HOST, bLocal.type());
            assertEquals(bLocal.address(), a.call(ag -> ag.selectedPair().remote().address()));

            byte[] toB = {(byte) 0x80, 96, 0, 1, 'a', '2', 'b'}; // RTP-looking first byte
            byte[] toA = {22, (byte) 0xFE, (byte) 0xFD, 'b', '2', 'a'}; // DTLS-looking first byte
            Transmit wireA = a.call(ag -> ag.sendData(toB));
            Transmit wireB = b.call(ag -> ag.sendData(toA));
            transport.send(wireA);
            transport.send(wireB);
            if (aRelayOnly) assertChannelDataToServer(wireA, a, coturn);
            if (bRelayOnly) assertChannelDataToServer(wireB, b, coturn);
            assertArrayEquals(toB, b.received(d -> d.from().equals(aLocal.address()) && d.data().length == toB.length),
                    "B got A's data from A's selected local address");
            assertArrayEquals(toA, a.received(d -> d.to().equals(aLocal.address()) && d.data().length == toA.length),
                    "A got B's data as if on its selected local candidate");
            if (aRelayOnly) assertAllToServer(a, coturn);
            if (bRelayOnly) assertAllToServer(b, coturn);

            a.call(ag -> { ag.close(); return null; });
            b.call(ag -> { ag.close(); return null; });
            // Deallocation: the agents keep running their TURN clients until the servers answered.
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline
                    && (a.call(IceAgent::pollTimeout) != Long.MAX_VALUE || b.call(IceAgent::pollTimeout) != Long.MAX_VALUE)) {
                Thread.sleep(10);
            }
            assertEquals(Long.MAX_VALUE, a.call(IceAgent::pollTimeout), "A's allocations deleted");
            a.driver.close();
            b.driver.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static List<Candidate> gathered(Node n, Coturn coturn) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && n.call(IceAgent::gatheringState) != IceGatheringState.COMPLETE) {
            Thread.sleep(10);
        }
        assertEquals(IceGatheringState.COMPLETE, n.call(IceAgent::gatheringState), coturn::log);
        return n.call(IceAgent::localCandidates);
    }

    private static void assertOnlyRelayed(List<Candidate> candidates, Coturn coturn) {
        assertEquals(1, candidates.size(), candidates::toString);
        Candidate relay = candidates.get(0);
        assertEquals(CandidateType.RELAYED, relay.type());
        assertEquals(Candidate.priority(CandidateType.RELAYED, (int) (relay.priority() >>> 8 & 0xFFFF), 1), relay.priority());
        assertEquals(0, relay.priority() >>> 24, "relay type preference 0");
        assertNotNull(relay.related(), "related address = the mapped address");
        assertTrue(relay.toSdp().contains(" typ relay raddr 127.0.0.1 rport "), relay.toSdp());
        assertNotEquals(coturn.address(), relay.address());
    }

    /** By the time a pair is selected its channel is bound: application data goes as ChannelData. */
    private static void assertChannelDataToServer(Transmit wire, Node n, Coturn coturn) {
        assertEquals(coturn.address(), wire.destination());
        assertEquals(n.address, wire.source());
        assertTrue(dev.jrtc.ice.turn.TurnChannelData.isChannelData(wire.data()[0]), "ChannelData, not a Send indication");
    }

    private static void assertAllToServer(Node n, Coturn coturn) {
        synchronized (n.sent) {
            assertFalse(n.sent.isEmpty());
            for (Transmit t : n.sent) {
                assertEquals(coturn.address(), t.destination(), "a relay-only agent talks to nobody but the TURN server");
                assertEquals(n.address, t.source());
            }
        }
    }

    private static String state(Node n) {
        try {
            return n.call(ag -> ag.connectionState() + " " + ag.checkList());
        } catch (Exception e) {
            return e.toString();
        }
    }
}
