package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loss detection of the sender, driven by hand-made SACKs (RFC 9260 §7.2.4): three miss indications under HTNA,
 * counted per chunk acknowledged above the hole, one packet of fast retransmissions whatever cwnd says, no storm of
 * repeated fast retransmits from SACKs for data sent before a retransmission, a lost retransmission repaired by
 * SACKs for data sent after it, and the tail loss probe.
 */
class RetransmissionQueueTest {
    private static final int INITIAL_TSN = 100;
    private static final int CHUNK = 1000;

    /** A congestion window of fixed size that halves on fast retransmit, so the tests control it exactly. */
    private static final class FixedWindow implements CongestionController {
        long cwnd;
        int fastRetransmits;
        int timeouts;

        FixedWindow(long cwnd) {
            this.cwnd = cwnd;
        }

        @Override
        public long congestionWindow() {
            return cwnd;
        }

        @Override
        public long slowStartThreshold() {
            return cwnd;
        }

        @Override
        public void onAcknowledged(long nowNanos, long bytes, boolean cumulativeAdvanced, boolean inFastRecovery, long flightSizeBefore) {
        }

        @Override
        public void onFastRetransmit(long nowNanos) {
            fastRetransmits++;
            cwnd /= 2;
        }

        @Override
        public void onRetransmissionTimeout(long nowNanos) {
            timeouts++;
        }
    }

    private final SctpConfig config = SctpConfig.defaults(new Random(1));
    private final SendQueue queue = new SendQueue(config.maxPacketSize(), new ArrayDeque<>());
    private final OutboundPackets out = new OutboundPackets(config.port());
    private final FixedWindow cc = new FixedWindow(10 * CHUNK);
    private final RetransmissionQueue retransmissions = new RetransmissionQueue(config, queue, cc,
            new RetransmissionTimeout(config), INITIAL_TSN);
    private final DataSender sender = new DataSender(config, out, queue, retransmissions);
    private long now = 1_000_000_000L;

    RetransmissionQueueTest() {
        sender.start(new PeerInit(1, 1, 1 << 20, true, true, 16));
    }

    /** Queues {@code n} messages of one chunk each and sends what cwnd allows; returns the TSNs that went out. */
    private List<Long> send(int n) {
        for (int i = 0; i < n; i++) sender.send(now, 0, 53, new byte[CHUNK], SctpSendOptions.reliable(false), true);
        sender.flush(now);
        return sentTsns();
    }

    private List<Long> flush() {
        sender.flush(now);
        return sentTsns();
    }

    private List<Long> sentTsns() {
        List<Long> tsns = new ArrayList<>();
        for (byte[] p = out.poll(); p != null; p = out.poll()) {
            for (SctpChunk c : SctpPacket.parse(p, 0, p.length).packet().chunks()) {
                if (c instanceof DataChunk d) tsns.add(d.tsn());
            }
        }
        return tsns;
    }

    /** A SACK with the cumulative TSN ack and one gap block of TSNs {@code from..to}. */
    private void sack(long cumulative, long from, long to) {
        now += 1_000_000;
        retransmissions.handleSack(now, new SackChunk(cumulative, 1 << 20, List.of(
                new SackChunk.GapBlock((int) (from - cumulative), (int) (to - cumulative))), List.of()));
    }

    @Test
    void threeMissIndicationsFastRetransmitAndSacksThatAcknowledgeNothingNewDoNotCount() {
        assertEquals(List.of(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L), send(10));
        sack(99, 101, 101); // 100 missing: one
        sack(99, 101, 101); // the same again (a window update, say): acknowledges nothing new, reports nothing
        sack(99, 101, 101);
        assertEquals(List.of(), flush());
        sack(99, 101, 102); // two
        assertEquals(List.of(), flush());
        sack(99, 101, 103); // three: fast retransmit
        assertEquals(List.of(100L), flush());
        assertEquals(1, cc.fastRetransmits);
        assertEquals(1, retransmissions.retransmittedChunks());
    }

    @Test
    void oneSackForABatchOfThreeChunksAboveAHoleIsThreeIndications() {
        send(10);
        sack(99, 101, 103); // a receiver that SACKs once per receive batch (RFC 6675 §4 counts chunks, not SACKs)
        assertEquals(List.of(100L), flush());
    }

    @Test
    void theFirstPacketOfFastRetransmissionsGoesWhateverTheCongestionWindowSays() {
        send(10);
        sack(99, 101, 101);
        sack(99, 101, 102);
        sack(99, 101, 103);
        // cwnd halved to 5000 with 6000 still in flight (104..109): cwnd alone would hold the retransmission back.
        assertTrue(retransmissions.flightSize() > cc.congestionWindow(), "flight " + retransmissions.flightSize());
        assertEquals(List.of(100L), flush());
    }

    @Test
    void sacksForDataSentBeforeTheRetransmissionDoNotSendItAgain() {
        send(10);
        sack(99, 101, 101);
        sack(99, 101, 102);
        sack(99, 101, 103);
        assertEquals(List.of(100L), flush());
        // The rest of the window arrives, each SACK still reporting 100 missing: its retransmission is on its way.
        for (long t = 104; t <= 109; t++) {
            sack(99, 101, t);
            assertEquals(List.of(), flush(), "after the SACK for " + t);
        }
        assertEquals(1, retransmissions.retransmittedChunks(), "no retransmission storm");
    }

    @Test
    void aLostRetransmissionIsRepairedBySacksForDataSentAfterIt() {
        send(10);
        sack(99, 101, 101);
        sack(99, 101, 102);
        sack(99, 101, 103);
        assertEquals(List.of(100L), flush()); // ... and lost again
        for (long t = 104; t <= 109; t++) sack(99, 101, t);
        cc.cwnd = 10 * CHUNK;
        assertEquals(List.of(110L, 111L, 112L), send(3)); // sent after the retransmission
        sack(99, 101, 110);
        sack(99, 101, 111);
        assertEquals(List.of(), flush());
        sack(99, 101, 112); // the third SACK for data sent after it: lost again, sent again, without waiting for T3
        assertEquals(List.of(100L), flush());
        assertEquals(0, cc.timeouts);
        now += 1_000_000;
        retransmissions.handleSack(now, new SackChunk(112, 1 << 20, List.of(), List.of())); // everything arrives
        assertTrue(retransmissions.isEmpty());
    }

    @Test
    void aWindowWhoseSackIsLostIsProbedAfterTwoRoundTripsWithoutCountingALoss() {
        assertEquals(List.of(100L), send(1));
        now += 50_000_000; // a 50 ms round trip measured
        retransmissions.handleSack(now, new SackChunk(100, 1 << 20, List.of(), List.of()));
        assertEquals(List.of(101L, 102L, 103L, 104L, 105L), send(5));
        // The one SACK for all five (the receiver took them as one batch) is lost: nothing comes back.
        assertEquals(now + 100_000_000, retransmissions.probeDeadline());
        assertTrue(retransmissions.probeDeadline() < retransmissions.t3Deadline());
        now = retransmissions.probeDeadline();
        retransmissions.handleProbeTimeout(now);
        assertEquals(List.of(105L), flush(), "the last chunk goes again, so the peer SACKs at once");
        assertEquals(Long.MAX_VALUE, retransmissions.probeDeadline(), "one probe per silence");
        assertEquals(0, cc.fastRetransmits + cc.timeouts, "a probe is not a loss: cwnd stays");
        assertEquals(1, retransmissions.tailLossProbes());
        now += 50_000_000;
        retransmissions.handleSack(now, new SackChunk(105, 1 << 20, List.of(), List.of()));
        assertTrue(retransmissions.isEmpty());
    }

    @Test
    void aSinglePacketInFlightIsProbedOnlyAfterThePeersLongestSackDelay() {
        assertEquals(List.of(100L), send(1));
        now += 50_000_000;
        retransmissions.handleSack(now, new SackChunk(100, 1 << 20, List.of(), List.of()));
        send(1); // one packet: the peer may hold its SACK 200 ms (RFC 9260 §6.2), and T3 (200 ms) comes first
        assertEquals(Long.MAX_VALUE, retransmissions.probeDeadline());
    }
}
