package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * When an association gives up (RFC 9260 §8): Association.Max.Retrans consecutive timeouts of data or heartbeats
 * end it, Path.Max.Retrans marks the one path inactive, Max.Init.Retransmits ends an unanswered opening, and a peer
 * that keeps its window closed while answering is never taken for dead (§6.1 rule A). Virtual time, 10 ms links.
 */
class SctpFailureDetectionTest {
    private static final long MS = TwoAssociations.MS;
    private static final long SECOND = TwoAssociations.SECOND;

    private TwoAssociations.Side a;
    private TwoAssociations.Side b;
    private TwoAssociations pair;

    private static SctpConfig config(long seed) {
        return SctpConfig.defaults(new Random(seed)).withRto(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    private void setUp(SctpConfig ca, SctpConfig cb) {
        pair = new TwoAssociations(ca, cb, 10 * MS);
        a = pair.a;
        b = pair.b;
    }

    private boolean run(java.util.function.BooleanSupplier done, long limit) {
        return pair.run(done, limit);
    }

    private void connect() {
        assertTrue(pair.connect());
    }

    @Test
    void aPeerThatVanishesWithDataOutstandingIsGivenUpAfterAssociationMaxRetrans() {
        setUp(config(1), config(2));
        connect();
        b.silent = true;
        a.assoc.send(pair.now, 0, 53, new byte[5000], false);
        long start = pair.now;
        assertTrue(run(() -> a.has(SctpEvent.Aborted.class), 600 * SECOND), a.assoc.toString());
        assertTrue(a.assoc.peerUnreachable());
        assertEquals(SctpAssociation.State.CLOSED, a.assoc.state());
        assertEquals(SctpConfig.DEFAULT_MAX_RETRANSMISSIONS + 1, a.assoc.errorCount(), "gives up at the 11th timeout in a row");
        // T3 backs off from 1 s to the 2 s cap: 1 + 10 * 2 s, give or take the first RTO.
        long took = pair.now - start;
        assertTrue(took >= 15 * SECOND && took <= 30 * SECOND, "gave up after " + took / MS + " ms");
        String reason = ((SctpEvent.Aborted) a.events.stream().filter(e -> e instanceof SctpEvent.Aborted).findFirst().orElseThrow()).reason();
        assertTrue(reason.contains("Association.Max.Retrans"), reason);
    }

    @Test
    void anIdleAssociationNoticesAVanishedPeerThroughHeartbeats() {
        setUp(config(3).withFailureDetection(4, 2, 8, Duration.ofSeconds(5)), config(4));
        connect();
        assertFalse(run(() -> a.has(SctpEvent.Aborted.class), 60 * SECOND));
        assertEquals(SctpAssociation.State.ESTABLISHED, a.assoc.state(), "answered heartbeats keep an idle association up");
        long answered = a.assoc.heartbeatsSent();
        assertTrue(answered >= 5, "a heartbeat every 5 s plus an RTO: " + answered);
        assertEquals(0, a.assoc.errorCount());

        b.silent = true;
        assertTrue(run(() -> !a.assoc.pathActive(), 120 * SECOND), "three unanswered heartbeats mark the path inactive");
        assertEquals(SctpAssociation.State.ESTABLISHED, a.assoc.state(), "the only path is still used");
        assertTrue(run(() -> a.has(SctpEvent.Aborted.class), 120 * SECOND), a.assoc.toString());
        assertTrue(a.assoc.peerUnreachable());
        assertEquals(answered + 5, a.assoc.heartbeatsSent(), "Association.Max.Retrans 4: the fifth unanswered heartbeat ends it");
    }

    @Test
    void anAnswerResetsTheCountersSoALossyStretchIsSurvived() {
        setUp(config(5).withFailureDetection(6, 2, 8, Duration.ofSeconds(30)), config(6));
        connect();
        b.silent = true;
        a.assoc.send(pair.now, 0, 53, new byte[1000], false);
        assertTrue(run(() -> a.assoc.errorCount() == 4, 60 * SECOND));
        assertFalse(a.assoc.pathActive(), "over Path.Max.Retrans 2");
        b.silent = false;
        assertTrue(run(() -> b.messages() == 1 && a.assoc.bufferedAmount() == 0, 60 * SECOND));
        assertEquals(0, a.assoc.errorCount());
        assertTrue(a.assoc.pathActive());
        // Another stretch just short of the limit is survived too: the counter counts timeouts in a row only.
        b.silent = true;
        a.assoc.send(pair.now, 0, 53, new byte[1000], false);
        assertTrue(run(() -> a.assoc.errorCount() == 6, 120 * SECOND));
        b.silent = false;
        assertTrue(run(() -> b.messages() == 2, 60 * SECOND), a.assoc.toString());
        assertEquals(SctpAssociation.State.ESTABLISHED, a.assoc.state());
    }

    @Test
    void aReceiverThatKeepsItsWindowClosedIsNotTakenForDead() {
        setUp(config(7), config(8));
        connect();
        b.assoc.setReceiveBacklog(pair.now, 4L << 20); // the application above b holds more than the whole window
        assertEquals(0, b.assoc.receiveWindow());
        for (int i = 0; i < 20; i++) a.assoc.send(pair.now, 0, 53, new byte[1000], false);
        assertFalse(run(() -> a.has(SctpEvent.Aborted.class), 300 * SECOND), "five minutes of zero-window probes");
        assertEquals(SctpAssociation.State.ESTABLISHED, a.assoc.state());
        assertEquals(0, b.messages(), "nothing gets past a closed window");
        assertTrue(b.assoc.receiveWindowDrops() > 0, "the probes were dropped and answered");
        assertEquals(0, b.assoc.droppedPackets(), "flow control is not counted as bad input");
        b.assoc.setReceiveBacklog(pair.now, 0); // the application caught up: the window update goes out at once
        assertTrue(run(() -> b.messages() == 20, 10 * SECOND), b.assoc.toString());
    }

    @Test
    void withoutLimitsTheAssociationNeverGivesUp() {
        setUp(config(9).withFailureDetection(-1, 5, -1, Duration.ofSeconds(30)), config(10));
        connect();
        b.silent = true;
        a.assoc.send(pair.now, 0, 53, new byte[100], false);
        assertFalse(run(() -> a.has(SctpEvent.Aborted.class), 3600 * SECOND), "an hour of silence");
        assertTrue(a.assoc.errorCount() > 1000, "still counting: " + a.assoc.errorCount());
        assertFalse(a.assoc.peerUnreachable());
    }

    @Test
    void anUnansweredOpeningGivesUpAfterMaxInitRetransmits() {
        setUp(config(11).withFailureDetection(10, 5, 2, Duration.ofSeconds(30)), config(12));
        b.silent = true;
        a.assoc.connect(pair.now);
        assertTrue(run(() -> a.has(SctpEvent.Aborted.class), 600 * SECOND));
        assertTrue(a.assoc.peerUnreachable());
        assertEquals(3, a.initsSent, "the first INIT and Max.Init.Retransmits (2) retransmissions");
        assertEquals(SctpAssociation.State.CLOSED, a.assoc.state());
    }
}
