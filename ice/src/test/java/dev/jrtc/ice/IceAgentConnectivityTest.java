package dev.jrtc.ice;

import static dev.jrtc.ice.IceSimulation.connected;
import static dev.jrtc.ice.IceSimulation.seconds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Two agents on the virtual network (RFC 8445 §7, RFC 7675), in virtual time. */
class IceAgentConnectivityTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress A2 = new InetSocketAddress("192.0.2.11", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 6000);

    private static void assertMirrored(IceSimulation.Peer a, IceSimulation.Peer b) {
        CandidatePair pa = a.agent.selectedPair();
        CandidatePair pb = b.agent.selectedPair();
        assertEquals(pa.local().address(), pb.remote().address());
        assertEquals(pa.remote().address(), pb.local().address());
    }

    private static void exchangeData(IceSimulation sim, IceSimulation.Peer a, IceSimulation.Peer b) {
        byte[] hello = {20, 1, 2, 3}; // first byte 20: what a DTLS record looks like to the demux
        Transmit t = a.agent.sendData(hello);
        a.sockets.get(t.source()).send(sim.clock.nowNanos(), t.destination(), t.data());
        assertTrue(sim.runUntil(() -> !b.received.isEmpty(), seconds(5)));
        assertArrayEquals(hello, b.received.get(0));
    }

    @Test
    void twoAgentsConnectNominateAndCarryData() {
        IceSimulation sim = new IceSimulation(1);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)), a.state() + " / " + b.state());
        assertMirrored(a, b);
        assertTrue(a.agent.selectedPair().isNominated());
        assertEquals(IceGatheringState.COMPLETE, a.agent.gatheringState());
        assertTrue(sim.runUntil(() -> a.state() == IceConnectionState.COMPLETED && b.state() == IceConnectionState.COMPLETED, seconds(5)));
        assertEquals(IceConnectionState.CHECKING, IceConnectionState.values()[(int) a.stateTimes.get(0)[0]]);
        assertTrue(a.enteredAt(IceConnectionState.CONNECTED) < seconds(2), "connects within a few checks");
        exchangeData(sim, a, b);
        exchangeData(sim, b, a);
    }

    @Test
    void connectsDespiteLossReorderingAndDuplication() {
        long lost = 0;
        for (long seed = 1; seed <= 8; seed++) {
            IceSimulation sim = new IceSimulation(seed);
            sim.net.setDefaultConditions(new LinkConditions(20_000_000, 10_000_000, 0.15, 0.05, 0.10));
            IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A, A2);
            IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
            sim.connect(a, b);
            assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(20)), "seed " + seed + ": " + a.state() + " / " + b.state());
            assertMirrored(a, b);
            lost += sim.net.lost();
        }
        assertTrue(lost > 0, "the network really lost datagrams");
    }

    @Test
    void bothControllingResolveTheRoleConflict() {
        IceSimulation sim = new IceSimulation(7);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLING, null, B);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)), a.state() + " / " + b.state());
        assertNotEquals(a.agent.role(), b.agent.role(), "exactly one stays controlling");
        assertMirrored(a, b);
    }

    @Test
    void bothControlledResolveTheRoleConflict() {
        IceSimulation sim = new IceSimulation(8);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLED, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)), a.state() + " / " + b.state());
        assertNotEquals(a.agent.role(), b.agent.role());
    }

    @Test
    void consentLossGoesDisconnectedThenFailsThirtySecondsAfterTheLastConsent() {
        IceSimulation sim = new IceSimulation(3);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)));
        assertTrue(sim.runUntil(() -> false, seconds(12)) || true); // consent keeps it alive meanwhile
        assertTrue(connected(a), "consent refreshes keep the pair: " + a.state());
        long cut = sim.clock.nowNanos();
        a.sockets.get(A).setOutgoingConditions(LinkConditions.BLACKHOLE);
        b.sockets.get(B).setOutgoingConditions(LinkConditions.BLACKHOLE);
        assertTrue(sim.runUntil(() -> a.state() == IceConnectionState.FAILED, seconds(60)));
        long disconnected = a.enteredAt(IceConnectionState.DISCONNECTED) - cut;
        long failed = a.enteredAt(IceConnectionState.FAILED) - cut;
        assertTrue(disconnected > seconds(0) && disconnected < seconds(11), "disconnected after " + disconnected / 1e9 + " s");
        // The last consent came at most one consent interval (<= 6 s) before the cut.
        assertTrue(failed > seconds(24) && failed <= seconds(31), "failed " + failed / 1e9 + " s after the cut");
        assertNull(a.agent.selectedPair());
        assertThrows(IllegalStateException.class, () -> a.agent.sendData(new byte[1]));
    }

    @Test
    void aDeadPairIsAbandonedForAWorkingOne() {
        IceSimulation sim = new IceSimulation(4);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A, A2);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        a.sockets.get(A).setOutgoingConditions(LinkConditions.BLACKHOLE); // A's first, preferred address is dead
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b) && a.agent.checkList().stream().anyMatch(p ->
                p.local().address().equals(A) && p.state() == CandidatePair.State.FAILED), seconds(20)), a.state() + " / " + b.state());
        assertEquals(A2, a.agent.selectedPair().local().address());
        assertTrue(a.agent.checkList().stream().anyMatch(p -> p.local().address().equals(A)
                && p.state() == CandidatePair.State.FAILED), "the dead pair failed: " + a.agent.checkList());
    }

    @Test
    void iceRestartReconnectsWithNewCredentials() {
        IceSimulation sim = new IceSimulation(5);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)));
        IceCredentials oldA = a.agent.localCredentials();
        long now = sim.clock.nowNanos();
        IceCredentials newA = a.agent.restart(now);
        IceCredentials newB = b.agent.restart(now);
        assertNotEquals(oldA, newA);
        a.agent.setRemoteCredentials(newB);
        b.agent.setRemoteCredentials(newA);
        for (Candidate c : a.agent.localCandidates()) b.agent.addRemoteCandidate(now, c);
        for (Candidate c : b.agent.localCandidates()) a.agent.addRemoteCandidate(now, c);
        int selections = (int) a.events.stream().filter(e -> e instanceof IceEvent.SelectedPairChanged).count();
        assertTrue(connected(a), "the old pair keeps carrying data during the restart");
        assertTrue(sim.runUntil(() -> a.events.stream().filter(e -> e instanceof IceEvent.SelectedPairChanged).count() > selections
                && connected(b), seconds(10)), "a new pair was nominated after the restart");
        exchangeData(sim, a, b);
    }

    @Test
    void peerReflexiveRemoteCandidatesAreLearnedFromChecksWithoutSignalling() {
        IceSimulation sim = new IceSimulation(6);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        b.trickle = false; // a never hears of b's candidates: it learns b as peer-reflexive from b's checks
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)), a.state() + " / " + b.state());
        assertEquals(CandidateType.PEER_REFLEXIVE, a.agent.selectedPair().remote().type());
    }

    @Test
    void mdnsCandidatesArePairedOnceResolved() throws Exception {
        IceSimulation sim = new IceSimulation(9);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        a.trickle = false;
        b.trickle = false;
        sim.connect(a, b);
        long now = sim.clock.nowNanos();
        String name = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b.local";
        Candidate hidden = Candidate.parse("candidate:1 1 udp 2122260223 " + name + " " + B.getPort() + " typ host generation 0");
        a.agent.addRemoteCandidate(now, hidden);
        for (Candidate c : a.agent.localCandidates()) b.agent.addRemoteCandidate(now, c);
        sim.drainAll();
        assertTrue(a.events.contains(new IceEvent.MdnsLookup(name)));
        a.agent.handleMdnsResolution(now, name, B.getAddress());
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)), a.state() + " / " + b.state());
        assertEquals(B, a.agent.selectedPair().remote().address());
    }

    @Test
    void failsWhenNothingAnswersAfterEndOfCandidates() {
        IceSimulation sim = new IceSimulation(10);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        b.sockets.get(B).setOutgoingConditions(LinkConditions.BLACKHOLE);
        a.sockets.get(A).setOutgoingConditions(LinkConditions.BLACKHOLE);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> a.state() == IceConnectionState.FAILED, seconds(40)), a.state().toString());
        assertTrue(a.enteredAt(IceConnectionState.FAILED) < seconds(15), "fails once every pair timed out");
        assertEquals(List.of(), a.received);
    }

    @Test
    void garbageAndForgedChecksAreDroppedAndCounted() {
        IceSimulation sim = new IceSimulation(11);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        sim.connect(a, b);
        long before = a.agent.droppedDatagrams();
        a.agent.handleDatagram(0, B, A, new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        a.agent.handleDatagram(0, B, A, new byte[] {(byte) 0x80, 0, 0, 0});
        a.agent.handleDatagram(0, B, A, new byte[] {0, 1});
        assertEquals(before + 3, a.agent.droppedDatagrams());
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)), "still connects");
    }
}
