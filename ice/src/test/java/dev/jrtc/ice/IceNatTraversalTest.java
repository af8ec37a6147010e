package dev.jrtc.ice;

import static dev.jrtc.ice.IceSimulation.connected;
import static dev.jrtc.ice.IceSimulation.seconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.Nat;
import dev.jrtc.testkit.NatType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which NAT pairs ICE crosses without a relay, with a STUN server on the public side for server-reflexive
 * candidates. The expectations follow from RFC 4787's mapping and filtering behaviours:
 * <ul>
 *   <li>Endpoint-independent mapping (all but symmetric) keeps the srflx address valid towards the peer, and each
 *       side's outgoing checks open its own filter for the other, so any two of those connect.
 *   <li>A symmetric NAT sends its checks from a new port. A full-cone or address-restricted peer lets them in
 *       (the latter because it already sent to that IP), learns a peer-reflexive candidate and answers it: works.
 *   <li>A port-restricted peer only admits the exact address it sent to (the symmetric side's srflx port, which
 *       only admits the STUN server), so symmetric vs port-restricted and symmetric vs symmetric fail: a TURN
 *       relay is needed.
 * </ul>
 */
class IceNatTraversalTest {
    private static final InetSocketAddress STUN = new InetSocketAddress("198.51.100.1", 3478);

    static List<Arguments> table() {
        List<Arguments> rows = new java.util.ArrayList<>();
        for (NatType a : NatType.values()) {
            for (NatType b : NatType.values()) {
                boolean aSym = a == NatType.SYMMETRIC;
                boolean bSym = b == NatType.SYMMETRIC;
                boolean fails = (aSym && bSym) || (aSym && b == NatType.PORT_RESTRICTED) || (bSym && a == NatType.PORT_RESTRICTED);
                rows.add(Arguments.of(a, b, !fails));
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0} vs {1} connects: {2}")
    @MethodSource("table")
    void natPairsConnectAsRfc4787Predicts(NatType left, NatType right, boolean connects) throws Exception {
        IceSimulation sim = new IceSimulation(left.ordinal() * 10L + right.ordinal());
        sim.stunServer(STUN);
        Nat natA = sim.net.addNat(left, InetAddress.getByName("203.0.113.1"));
        Nat natB = sim.net.addNat(right, InetAddress.getByName("203.0.113.2"));
        InetSocketAddress hostA = new InetSocketAddress("10.0.1.2", 5000);
        InetSocketAddress hostB = new InetSocketAddress("10.0.2.2", 5000);
        IceSimulation.Peer a = sim.peer(IceAgentConfig.of(IceRole.CONTROLLING, List.of(hostA), new Random(1)).withStunServers(List.of(STUN)), natA);
        IceSimulation.Peer b = sim.peer(IceAgentConfig.of(IceRole.CONTROLLED, List.of(hostB), new Random(2)).withStunServers(List.of(STUN)), natB);
        sim.connect(a, b);
        boolean done = sim.runUntil(() -> (connected(a) && connected(b))
                || a.state() == IceConnectionState.FAILED || b.state() == IceConnectionState.FAILED, seconds(45));
        assertTrue(done, "decided within 45 s: " + a.state() + " / " + b.state());
        assertTrue(a.agent.localCandidates().stream().anyMatch(c -> c.type() == CandidateType.SERVER_REFLEXIVE),
                "srflx gathered through the STUN server");
        assertEquals(connects, connected(a) && connected(b), left + " vs " + right + ": " + a.state() + " / " + b.state()
                + " pairs " + a.agent.checkList());
    }
}
