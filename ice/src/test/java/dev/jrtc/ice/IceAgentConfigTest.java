package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.turn.TurnServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The TURN settings join IceAgentConfig without breaking the forms callers already use. */
class IceAgentConfigTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 4000);
    private static final TurnServer TURN = new TurnServer(new InetSocketAddress("127.0.0.1", 3478), "u", "p");

    @Test
    void existingFormsMeanNoTurnAndEveryCandidate() {
        IceAgentConfig of = IceAgentConfig.of(IceRole.CONTROLLING, List.of(LOCAL), new Random(1));
        assertEquals(List.of(), of.turnServers());
        assertEquals(IceTransportPolicy.ALL, of.transportPolicy());
        IceAgentConfig tenArguments = new IceAgentConfig(IceRole.CONTROLLED, of.credentials(), List.of(LOCAL), List.of(),
                of.random(), Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
        assertEquals(List.of(), tenArguments.turnServers());
        assertEquals(IceTransportPolicy.ALL, tenArguments.transportPolicy());
    }

    @Test
    void withersKeepEverythingElse() {
        InetSocketAddress stun = new InetSocketAddress("127.0.0.1", 3479);
        IceAgentConfig c = IceAgentConfig.of(IceRole.CONTROLLING, List.of(LOCAL), new Random(1))
                .withTurnServers(List.of(TURN)).withTransportPolicy(IceTransportPolicy.RELAY).withStunServers(List.of(stun));
        assertEquals(List.of(TURN), c.turnServers());
        assertEquals(IceTransportPolicy.RELAY, c.transportPolicy());
        assertEquals(List.of(stun), c.stunServers());
        assertEquals(List.of(LOCAL), c.localAddresses());
        assertThrows(NullPointerException.class, () -> c.withTransportPolicy(null));
    }

    @Test
    void relayOnlyWithoutTurnServersGathersNothing() {
        IceAgent agent = new IceAgent(IceAgentConfig.of(IceRole.CONTROLLING, List.of(LOCAL), new Random(1))
                .withTransportPolicy(IceTransportPolicy.RELAY));
        agent.gather(0);
        assertEquals(List.of(), agent.localCandidates());
        assertEquals(IceGatheringState.COMPLETE, agent.gatheringState());
        assertNull(agent.pollTransmit());
    }
}
