package dev.jrtc.ice;

import static dev.jrtc.ice.IceSimulation.connected;
import static dev.jrtc.ice.IceSimulation.seconds;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.turn.TurnServer;
import dev.jrtc.testkit.Nat;
import dev.jrtc.testkit.NatType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Relayed candidates (RFC 8445 §5.1.1.2) in virtual time, through a {@link RelayingTurnServer} on the public side of
 * a testkit network: the NAT pair that fails without a relay connects with one, a relay-only agent signals and uses
 * nothing but its relayed address, and a relayed connection outlives every allocation, permission and channel
 * lifetime because the agent's TURN client refreshes them.
 */
class IceRelayCandidateTest {
    private static final InetSocketAddress STUN = new InetSocketAddress("198.51.100.1", 3478);
    private static final InetSocketAddress TURN = new InetSocketAddress("198.51.100.2", 3478);
    private static final TurnServer TURN_SERVER = new TurnServer(TURN, RelayingTurnServer.USER, RelayingTurnServer.PASSWORD);
    private static final InetSocketAddress HOST_A = new InetSocketAddress("10.0.1.2", 5000);
    private static final InetSocketAddress HOST_B = new InetSocketAddress("10.0.2.2", 5000);

    private static IceAgentConfig config(IceRole role, InetSocketAddress host, long seed) {
        return IceAgentConfig.of(role, List.of(host), new Random(seed)).withStunServers(List.of(STUN))
                .withTurnServers(List.of(TURN_SERVER));
    }

    @Test
    void symmetricNatsOnBothSidesConnectThroughTheRelay() throws Exception {
        IceSimulation sim = new IceSimulation(5);
        sim.stunServer(STUN);
        RelayingTurnServer turn = sim.turnServer(TURN);
        Nat natA = sim.net.addNat(NatType.SYMMETRIC, InetAddress.getByName("203.0.113.1"));
        Nat natB = sim.net.addNat(NatType.SYMMETRIC, InetAddress.getByName("203.0.113.2"));
        IceSimulation.Peer a = sim.peer(config(IceRole.CONTROLLING, HOST_A, 1), natA);
        IceSimulation.Peer b = sim.peer(config(IceRole.CONTROLLED, HOST_B, 2), natB);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(45)),
                a.state() + " / " + b.state() + " pairs " + a.agent.checkList());

        Candidate relay = a.agent.localCandidates().stream().filter(c -> c.type() == CandidateType.RELAYED)
                .findFirst().orElseThrow();
        assertEquals(TURN.getAddress(), relay.address().getAddress());
        assertEquals(InetAddress.getByName("203.0.113.1"), relay.related().getAddress(), "related = mapped address");
        assertEquals(0, relay.priority() >>> 24, "type preference 0 for relayed (RFC 8445 §5.1.2.2)");
        CandidatePair selected = a.agent.selectedPair();
        assertTrue(selected.local().type() == CandidateType.RELAYED || selected.remote().type() == CandidateType.RELAYED,
                () -> "a symmetric NAT pair only works relayed: " + selected);

        byte[] payload = {(byte) 0x80, 0, 0, 42};
        sendApplicationData(sim, a, payload);
        sendApplicationData(sim, b, new byte[] {23, 1});
        assertTrue(sim.runUntil(() -> !b.received.isEmpty() && !a.received.isEmpty(), seconds(1)));
        assertArrayEquals(payload, b.received.get(0));
        assertArrayEquals(new byte[] {23, 1}, a.received.get(0));
        assertTrue(turn.relayedToPeers > 0 && turn.relayedToClients > 0);
    }

    @Test
    void relayOnlyAgentSignalsOnlyItsRelayedCandidateAndDropsDirectChecks() throws Exception {
        IceSimulation sim = new IceSimulation(6);
        sim.stunServer(STUN);
        RelayingTurnServer turn = sim.turnServer(TURN);
        IceSimulation.Peer a = sim.peer(config(IceRole.CONTROLLING, HOST_A, 3).withTransportPolicy(IceTransportPolicy.RELAY), null);
        IceSimulation.Peer b = sim.peer(config(IceRole.CONTROLLED, HOST_B, 4), null);
        sim.connect(a, b);
        // B also learns A's host address out of band: its checks there must not get an answer.
        b.agent.addRemoteCandidate(sim.clock.nowNanos(), new Candidate("leak", 1,
                Candidate.priority(CandidateType.HOST, 65535, 1), HOST_A, CandidateType.HOST, null, List.of()));
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(45)), a.state() + " / " + b.state());

        List<Candidate> signalled = a.events.stream().filter(e -> e instanceof IceEvent.LocalCandidate)
                .map(e -> ((IceEvent.LocalCandidate) e).candidate()).toList();
        assertEquals(1, signalled.size(), signalled::toString);
        assertEquals(CandidateType.RELAYED, signalled.get(0).type());
        assertEquals(signalled, a.agent.localCandidates());
        assertTrue(a.agent.checkList().stream().allMatch(p -> p.local().type() == CandidateType.RELAYED));
        assertEquals(CandidateType.RELAYED, a.agent.selectedPair().local().type());
        assertTrue(b.agent.checkList().stream().filter(p -> p.remote().address().equals(HOST_A))
                .allMatch(p -> p.state() != CandidatePair.State.SUCCEEDED), "A never answered on its host address");
        assertTrue(a.agent.droppedDatagrams() > 0, "the direct checks were dropped and counted");
        assertEquals(2, turn.allocations(), "B gathers a relayed candidate too");
    }

    @Test
    void relayedConnectionOutlivesAllocationPermissionAndChannelLifetimes() throws Exception {
        IceSimulation sim = new IceSimulation(7);
        RelayingTurnServer turn = sim.turnServer(TURN);
        IceSimulation.Peer a = sim.peer(config(IceRole.CONTROLLING, HOST_A, 5).withTransportPolicy(IceTransportPolicy.RELAY), null);
        IceSimulation.Peer b = sim.peer(config(IceRole.CONTROLLED, HOST_B, 6).withTransportPolicy(IceTransportPolicy.RELAY), null);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(45)), a.state() + " / " + b.state());
        assertEquals(CandidateType.RELAYED, a.agent.selectedPair().remote().type());

        // 25 minutes: past the 10 min allocation and channel lifetimes and the 5 min permission lifetime, twice.
        assertFalse(sim.runUntil(() -> !connected(a) || !connected(b), seconds(25 * 60)),
                a.state() + " / " + b.state());
        assertTrue(turn.refreshes >= 4, "allocations refreshed: " + turn.refreshes);
        assertTrue(turn.permissionRequests >= 2 * 8, "permissions refreshed: " + turn.permissionRequests);
        assertTrue(turn.channelBinds >= 2 * 5, "channels refreshed: " + turn.channelBinds);
        sendApplicationData(sim, a, new byte[] {(byte) 0x90, 1});
        assertTrue(sim.runUntil(() -> !b.received.isEmpty(), seconds(1)));

        a.agent.close();
        b.agent.close();
        sim.runUntil(() -> false, seconds(5));
        assertEquals(0, turn.allocations(), "close deleted both allocations");
        assertEquals(Long.MAX_VALUE, a.agent.pollTimeout());
    }

    private static void sendApplicationData(IceSimulation sim, IceSimulation.Peer p, byte[] data) {
        Transmit t = p.agent.sendData(data);
        p.sockets.get(t.source()).send(sim.clock.nowNanos(), t.destination(), t.data());
    }
}
