package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RFC 8445 §12.2: data from a peer that has checked a pair with our password is taken before our own check on that
 * pair succeeds. libdatachannel starts DTLS as soon as its check is answered; dropping its first ClientHello made
 * the handshake wait for the client's retransmission (1 s). Data from anyone else is still dropped.
 */
class IceEarlyDataTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5000);
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 6000);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.1", 7000);
    private static final IceCredentials PEER_CREDENTIALS = new IceCredentials("peer", "peerpasswordpeerpassword");
    /** What a DTLS ClientHello looks like to the demux: content type 22, DTLS 1.2. */
    private static final byte[] CLIENT_HELLO = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};

    private final Random random = new Random(3);

    private IceAgent controllingAgentKnowingThePeer() {
        IceAgent agent = new IceAgent(IceAgentConfig.of(IceRole.CONTROLLING, List.of(LOCAL), random));
        agent.gather(0);
        agent.setRemoteCredentials(0, PEER_CREDENTIALS);
        agent.addRemoteCandidate(0, new Candidate("1", 1, Candidate.priority(CandidateType.HOST, 65535, 1), PEER,
                CandidateType.HOST, null, List.of()));
        drain(agent);
        return agent;
    }

    /** The peer's connectivity check to us, signed with {@code password} (ours, or a wrong one). */
    private byte[] check(IceAgent agent, String password) {
        return StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .username(agent.localCredentials().ufrag() + ":" + PEER_CREDENTIALS.ufrag())
                .priority(Candidate.priority(CandidateType.PEER_REFLEXIVE, 65535, 1))
                .iceControlled(random.nextLong())
                .messageIntegrity(StunCredentials.shortTermKey(password))
                .fingerprint().build().encode();
    }

    private static List<IceEvent> drain(IceAgent agent) {
        List<IceEvent> events = new ArrayList<>();
        while (agent.pollTransmit() != null) {
            // the checks and responses go nowhere: our own check on the pair never succeeds here
        }
        for (IceEvent e = agent.pollEvent(); e != null; e = agent.pollEvent()) events.add(e);
        return events;
    }

    private static List<byte[]> data(List<IceEvent> events) {
        List<byte[]> data = new ArrayList<>();
        for (IceEvent e : events) {
            if (e instanceof IceEvent.ApplicationData d) data.add(d.data());
        }
        return data;
    }

    @Test
    void dataFromAPeerThatCheckedUsIsTakenBeforeOurCheckSucceeds() {
        IceAgent agent = controllingAgentKnowingThePeer();
        agent.handleDatagram(1_000_000, PEER, LOCAL, check(agent, agent.localCredentials().pwd()));
        drain(agent);
        for (CandidatePair p : agent.checkList()) assertNotEquals(CandidatePair.State.SUCCEEDED, p.state(), "our own check has not succeeded");
        long dropped = agent.droppedDatagrams();
        agent.handleDatagram(2_000_000, PEER, LOCAL, CLIENT_HELLO);
        List<byte[]> data = data(drain(agent));
        assertEquals(1, data.size(), "the ClientHello is handed on");
        assertArrayEquals(CLIENT_HELLO, data.get(0));
        assertEquals(dropped, agent.droppedDatagrams());
    }

    /** The peer answered our offer and checks us before its answer (its credentials) has reached us. */
    @Test
    void dataFromAPeerThatCheckedUsBeforeWeKnowItIsTaken() {
        IceAgent agent = new IceAgent(IceAgentConfig.of(IceRole.CONTROLLING, List.of(LOCAL), random));
        agent.gather(0);
        drain(agent);
        agent.handleDatagram(1_000_000, PEER, LOCAL, check(agent, agent.localCredentials().pwd()));
        agent.handleDatagram(2_000_000, PEER, LOCAL, CLIENT_HELLO);
        assertEquals(1, data(drain(agent)).size());
    }

    /** Remembered routes are bounded: the oldest of more than 16 is forgotten. */
    @Test
    void rememberedRoutesAreBounded() {
        IceAgent agent = controllingAgentKnowingThePeer();
        for (int port = 6001; port <= 6017; port++) {
            agent.handleDatagram(port, new InetSocketAddress("127.0.0.1", port), LOCAL, check(agent, agent.localCredentials().pwd()));
        }
        drain(agent);
        agent.handleDatagram(10_000_000, new InetSocketAddress("127.0.0.1", 6001), LOCAL, CLIENT_HELLO);
        agent.handleDatagram(10_000_001, new InetSocketAddress("127.0.0.1", 6017), LOCAL, CLIENT_HELLO);
        assertEquals(1, data(drain(agent)).size(), "the newest route is kept, the oldest forgotten");
    }

    @Test
    void dataFromAnyoneElseIsStillDropped() {
        IceAgent agent = controllingAgentKnowingThePeer();
        // Without any check, from the peer's own address.
        agent.handleDatagram(1_000_000, PEER, LOCAL, CLIENT_HELLO);
        assertTrue(data(drain(agent)).isEmpty());
        // After a check signed with the wrong password.
        agent.handleDatagram(2_000_000, PEER, LOCAL, check(agent, "notthepasswordnotthepassword"));
        agent.handleDatagram(3_000_000, PEER, LOCAL, CLIENT_HELLO);
        assertTrue(data(drain(agent)).isEmpty());
        // From another address than the one that checked.
        agent.handleDatagram(4_000_000, PEER, LOCAL, check(agent, agent.localCredentials().pwd()));
        agent.handleDatagram(5_000_000, STRANGER, LOCAL, CLIENT_HELLO);
        assertTrue(data(drain(agent)).isEmpty());
        assertEquals(4, agent.droppedDatagrams(), "three ClientHellos and the badly signed check");
    }
}
