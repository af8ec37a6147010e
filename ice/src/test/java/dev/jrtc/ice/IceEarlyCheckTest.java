package dev.jrtc.ice;

import static dev.jrtc.ice.IceSimulation.connected;
import static dev.jrtc.ice.IceSimulation.seconds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Checks that arrive before the credentials of the peer's generation (RFC 8445 §7.3.1, RFC 8838 §12): the answerer of
 * an ICE restart checks, and nominates, before its answer reaches the offerer. The offerer answers them at once and
 * acts on them once the answer's credentials arrive, so the nomination is not lost.
 */
class IceEarlyCheckTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 6000);

    private static boolean nominated(IceSimulation.Peer p) {
        return p.agent.checkList().stream().anyMatch(CandidatePair::isNominated);
    }

    @Test
    void aRestartAnswerersNominationBeforeItsAnswerArrivesIsKept() {
        IceSimulation sim = new IceSimulation(11);
        IceSimulation.Peer a = sim.peer(IceRole.CONTROLLING, null, A);
        IceSimulation.Peer b = sim.peer(IceRole.CONTROLLED, null, B);
        sim.connect(a, b);
        assertTrue(sim.runUntil(() -> connected(a) && connected(b), seconds(10)));

        // B offers a restart; A applies the offer, restarts too (new credentials in its answer) and starts checking.
        long now = sim.clock.nowNanos();
        IceCredentials newB = b.agent.restart(now);
        IceCredentials newA = a.agent.restart(now);
        a.agent.setRemoteCredentials(now, newB);
        for (Candidate c : b.agent.localCandidates()) a.agent.addRemoteCandidate(now, c);
        // The answer takes two seconds to reach B: A's checks and its nomination get there first.
        assertTrue(sim.runUntil(() -> nominated(a), seconds(2)), "A nominated while B still waits for the answer");
        assertFalse(nominated(b), "B cannot act on checks of a generation it has no credentials for");
        sim.runUntil(() -> false, seconds(2));

        now = sim.clock.nowNanos();
        b.agent.setRemoteCredentials(now, newA);
        for (Candidate c : a.agent.localCandidates()) b.agent.addRemoteCandidate(now, c);
        assertTrue(sim.runUntil(() -> nominated(b), seconds(5)),
                "B takes the nomination it answered early; check list: " + b.agent.checkList());
        assertTrue(connected(a) && connected(b), a.state() + " / " + b.state());
    }
}
