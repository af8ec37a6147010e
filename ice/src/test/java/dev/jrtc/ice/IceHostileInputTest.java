package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.internal.IpLiteral;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a remote peer signals or sends cannot grow an {@link IceAgent} without bound or steer it: remote candidates
 * and pairs are capped (RFC 8445 §6.1.2.5) and counted, a forged check response is discarded (RFC 8489 §6.3.3),
 * and a peer with no usable candidate ends in failed when the checking timeout expires.
 */
class IceHostileInputTest {
    private static final InetSocketAddress BASE1 = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress BASE2 = new InetSocketAddress("192.0.2.2", 5000);
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.7", 6000);
    private static final IceCredentials PEER_CREDENTIALS = new IceCredentials("peer", "peerpasswordpeerpassword");

    private static IceAgent agent(List<InetSocketAddress> bases, Duration checkingTimeout) {
        return agent(IceRole.CONTROLLING, bases, checkingTimeout);
    }

    private static IceAgent agent(IceRole role, List<InetSocketAddress> bases, Duration checkingTimeout) {
        Random random = new Random(7);
        IceAgentConfig d = IceAgentConfig.of(role, bases, random);
        return new IceAgent(new IceAgentConfig(d.role(), d.credentials(), bases, List.of(), random, d.pacing(),
                d.consentInterval(), d.disconnectedAfter(), d.consentTimeout(), checkingTimeout));
    }

    private static Candidate host(InetAddress address, int port, long priority) {
        return new Candidate("f" + priority, 1, priority, new InetSocketAddress(address, port), CandidateType.HOST, null,
                List.of());
    }

    @Test
    void thousandsOfTrickledCandidatesKeepAHundredAndTheBestPairs() throws Exception {
        IceAgent agent = agent(List.of(BASE1, BASE2), Duration.ofSeconds(30));
        agent.gather(0);
        agent.setRemoteCredentials(0, PEER_CREDENTIALS);
        Random random = new Random(3);
        int sent = 5_000;
        List<Long> keptPriorities = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            long priority = 1 + random.nextInt(Integer.MAX_VALUE);
            InetAddress address = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            agent.addRemoteCandidate(i, host(address, 7000, priority));
            if (i < IceAgent.MAX_REMOTE_CANDIDATES) keptPriorities.add(priority);
        }
        List<CandidatePair> list = agent.checkList();
        assertEquals(IceAgent.MAX_PAIRS, list.size(), "the check list stops at 100 pairs");
        assertEquals(sent - IceAgent.MAX_REMOTE_CANDIDATES, agent.droppedRemoteCandidates(),
                "every candidate beyond the cap is dropped and counted");
        assertEquals(IceAgent.MAX_REMOTE_CANDIDATES, list.stream().map(p -> p.remote().address()).distinct().count()
                + countRemotesWithoutPairs(list, keptPriorities));
        // Two bases make 200 possible pairs from the 100 kept candidates: the 100 of highest priority stay.
        List<Long> all = new ArrayList<>();
        for (CandidatePair p : list) all.add(p.priority());
        List<Long> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.reverseOrder());
        assertEquals(sorted, all, "the check list is ordered by pair priority");
        assertEquals(2L * IceAgent.MAX_REMOTE_CANDIDATES - IceAgent.MAX_PAIRS, agent.prunedPairs(),
                "each pair beyond 100 is pruned and counted");
        long lowestKept = all.get(all.size() - 1);
        long expectedLowest = expectedHundredthPairPriority(keptPriorities);
        assertEquals(expectedLowest, lowestKept, "the lowest-priority pairs were the ones pruned");
    }

    /** Kept remote candidates whose every pair was pruned (they still count toward the cap). */
    private static long countRemotesWithoutPairs(List<CandidatePair> list, List<Long> keptPriorities) {
        return keptPriorities.size() - list.stream().map(p -> p.remote().priority()).distinct().count();
    }

    /** The 100th highest pair priority of the 200 pairs two host bases make with {@code remotes}. */
    private static long expectedHundredthPairPriority(List<Long> remotes) {
        long local1 = Candidate.priority(CandidateType.HOST, 32767, 1);
        long local2 = Candidate.priority(CandidateType.HOST, 32766, 1);
        List<Long> pairs = new ArrayList<>();
        for (long r : remotes) {
            pairs.add(CandidatePair.pairPriority(local1, r));
            pairs.add(CandidatePair.pairPriority(local2, r));
        }
        pairs.sort(Comparator.reverseOrder());
        return pairs.get(IceAgent.MAX_PAIRS - 1);
    }

    @Test
    void aResponseWithBadIntegrityIsDiscardedAndTheCheckGoesOn() {
        // Controlled, so a successful check is not followed at once by a nominating one on the same pair.
        IceAgent agent = agent(IceRole.CONTROLLED, List.of(BASE1), Duration.ofSeconds(30));
        agent.gather(0);
        agent.setRemoteCredentials(0, PEER_CREDENTIALS);
        agent.addRemoteCandidate(0, host(PEER.getAddress(), PEER.getPort(), 2130706431L));
        agent.handleTimeout(0);
        Transmit check = agent.pollTransmit();
        assertNotNull(check, "a connectivity check goes out");
        assertEquals(PEER, check.destination());
        StunMessage request = StunMessage.decode(check.data()).message();
        long dropsBefore = agent.droppedDatagrams();

        // Same transaction id, signed with a key the attacker guessed: discarded, the pair stays in progress.
        byte[] forged = StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.BINDING, request.transactionId())
                .errorCode(400, "Bad Request").messageIntegrity(StunCredentials.shortTermKey("guessed"))
                .fingerprint().build().encode();
        agent.handleDatagram(1_000_000, PEER, BASE1, forged);
        byte[] forgedSuccess = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, request.transactionId())
                .xorMappedAddress(BASE1).fingerprint().build().encode(); // no MESSAGE-INTEGRITY at all
        agent.handleDatagram(2_000_000, PEER, BASE1, forgedSuccess);
        assertEquals(dropsBefore + 2, agent.droppedDatagrams(), "both forgeries are dropped and counted");
        CandidatePair pair = agent.checkList().get(0);
        assertEquals(CandidatePair.State.IN_PROGRESS, pair.state(), "the forgery neither failed nor validated the pair");
        assertEquals(IceConnectionState.CHECKING, agent.connectionState());

        // The genuine answer, still accepted for the same transaction.
        byte[] genuine = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, request.transactionId())
                .xorMappedAddress(BASE1).messageIntegrity(StunCredentials.shortTermKey(PEER_CREDENTIALS.pwd()))
                .fingerprint().build().encode();
        agent.handleDatagram(3_000_000, PEER, BASE1, genuine);
        assertEquals(CandidatePair.State.SUCCEEDED, agent.checkList().get(0).state());
    }

    @Test
    void aFloodOfValidRequestsTriggersOneCheckNotOnePerRequest() {
        IceAgent agent = agent(IceRole.CONTROLLED, List.of(BASE1), Duration.ofSeconds(30));
        agent.gather(0);
        agent.setRemoteCredentials(0, PEER_CREDENTIALS);
        IceCredentials ours = agent.localCredentials();
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            byte[] request = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING,
                    dev.jrtc.ice.stun.StunTransactionId.random(random)).username(ours.ufrag() + ":peer").priority(1000)
                    .iceControlling(42).messageIntegrity(StunCredentials.shortTermKey(ours.pwd())).fingerprint()
                    .build().encode();
            agent.handleDatagram(1_000, PEER, BASE1, request);
        }
        int responses = 0;
        for (Transmit t = agent.pollTransmit(); t != null; t = agent.pollTransmit()) responses++;
        assertEquals(10_000, responses, "each request is answered");
        // Two seconds of pacing ticks (Ta = 50 ms): the learned pair is checked once (plus retransmissions).
        int checks = 0;
        for (long now = 2_000; now < Duration.ofSeconds(2).toNanos(); now = Math.max(now + 1, agent.pollTimeout())) {
            agent.handleTimeout(now);
            for (Transmit t = agent.pollTransmit(); t != null; t = agent.pollTransmit()) {
                if (StunMessage.decode(t.data()).message().messageClass() == StunClass.REQUEST) checks++;
            }
        }
        assertEquals(1, agent.checkList().size());
        assertTrue(checks >= 1 && checks <= 7, "one check and its retransmissions, not one per request: " + checks);
    }

    @Test
    void withoutAnyCandidateIceFailsWhenTheCheckingTimeoutExpires() {
        for (boolean endOfCandidates : new boolean[] {false, true}) {
            long timeout = Duration.ofSeconds(5).toNanos();
            IceAgent agent = agent(List.of(BASE1), Duration.ofNanos(timeout));
            long start = 1_000_000_000L;
            agent.gather(start);
            agent.setRemoteCredentials(start + 10, PEER_CREDENTIALS);
            if (endOfCandidates) agent.endOfRemoteCandidates(start + 20);
            long due = agent.pollTimeout();
            assertTrue(due <= start + 10 + timeout + 1, "a timer is due when the checking timeout expires: " + due);
            agent.handleTimeout(start + 10 + timeout / 2);
            assertTrue(agent.connectionState() != IceConnectionState.FAILED, "not before the timeout");
            agent.handleTimeout(due);
            assertEquals(IceConnectionState.FAILED, agent.connectionState(), "end-of-candidates " + endOfCandidates);
        }
    }

    @Test
    void filteredOrUnpairableCandidatesAloneAlsoEndInFailed() {
        long timeout = Duration.ofSeconds(5).toNanos();
        IceAgent agent = agent(List.of(BASE1), Duration.ofNanos(timeout));
        agent.gather(0);
        agent.setRemoteCredentials(0, PEER_CREDENTIALS);
        // An IPv6 candidate for an IPv4-only agent makes no pair.
        agent.addRemoteCandidate(0, host(IpLiteral.parse("2001:db8::1"), 7000, 100));
        assertTrue(agent.checkList().isEmpty());
        agent.handleTimeout(agent.pollTimeout());
        assertEquals(IceConnectionState.FAILED, agent.connectionState());
    }
}
