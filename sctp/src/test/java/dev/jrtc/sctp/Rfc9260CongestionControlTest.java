package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The window arithmetic of RFC 9260 §7.2, with the numbers worked by hand. */
class Rfc9260CongestionControlTest {
    private static final int MTU = 1163;

    @Test
    void theInitialWindowIsMin4MtuAndMax2MtuOr4380Bytes() {
        assertEquals(4380, new Rfc9260CongestionControl(1163).congestionWindow());
        assertEquals(4380, new Rfc9260CongestionControl(1500).congestionWindow());
        assertEquals(6000, new Rfc9260CongestionControl(3000).congestionWindow()); // 2 MTU above 4380
        assertEquals(1024, new Rfc9260CongestionControl(256).congestionWindow()); // 4 MTU below 4380
        assertEquals(Long.MAX_VALUE, new Rfc9260CongestionControl(MTU).slowStartThreshold());
    }

    @Test
    void slowStartGrowsByTheBytesAcknowledgedAtMostOneMtuPerSack() {
        Rfc9260CongestionControl cc = new Rfc9260CongestionControl(MTU);
        cc.onAcknowledged(0, 500, true, false, 4000);
        assertEquals(4880, cc.congestionWindow());
        cc.onAcknowledged(0, 3000, true, false, 4000);
        assertEquals(4880 + MTU, cc.congestionWindow());
        cc.onAcknowledged(0, 3000, false, false, 4000); // only gap blocks: no growth (§7.2.1)
        cc.onAcknowledged(0, 3000, true, true, 4000); // in fast recovery: no growth (§7.2.4)
        assertEquals(4880 + MTU, cc.congestionWindow());
    }

    @Test
    void fastRetransmitHalvesButNotBelowFourMtus() {
        Rfc9260CongestionControl cc = grownTo(20_000);
        cc.onFastRetransmit(0);
        assertEquals(cc.congestionWindow() / 1, cc.slowStartThreshold());
        assertTrue(Math.abs(cc.congestionWindow() - 10_000) <= MTU, "cwnd " + cc.congestionWindow());
        Rfc9260CongestionControl small = new Rfc9260CongestionControl(MTU);
        small.onFastRetransmit(0);
        assertEquals(4 * MTU, small.congestionWindow());
        assertEquals(4 * MTU, small.slowStartThreshold());
    }

    @Test
    void congestionAvoidanceAddsOneMtuPerWindowOfBytesAcknowledged() {
        Rfc9260CongestionControl cc = grownTo(20_000);
        cc.onFastRetransmit(0);
        long w = cc.congestionWindow();
        cc.onAcknowledged(0, 1, true, false, w); // cwnd <= ssthresh is still slow start: one more byte
        assertEquals(w + 1, cc.congestionWindow());
        w = cc.congestionWindow();
        for (long acked = 0; acked + 1000 < w; acked += 1000) cc.onAcknowledged(0, 1000, true, false, w);
        assertEquals(w, cc.congestionWindow(), "less than a window acknowledged");
        cc.onAcknowledged(0, 1000, true, false, w);
        assertEquals(w + MTU, cc.congestionWindow());
    }

    @Test
    void aRetransmissionTimeoutStartsFromOneMtuWithHalfTheWindowAsThreshold() {
        Rfc9260CongestionControl cc = grownTo(20_000);
        long before = cc.congestionWindow();
        cc.onRetransmissionTimeout(0);
        assertEquals(MTU, cc.congestionWindow());
        assertEquals(before / 2, cc.slowStartThreshold());
    }

    @Test
    void oneChunkMayAlwaysGoWhenNothingIsInFlight() {
        Rfc9260CongestionControl cc = new Rfc9260CongestionControl(MTU);
        assertTrue(cc.canSend(0, 100_000));
        assertTrue(cc.canSend(3380, 1000));
        assertFalse(cc.canSend(3381, 1000));
    }

    private static Rfc9260CongestionControl grownTo(long bytes) {
        Rfc9260CongestionControl cc = new Rfc9260CongestionControl(MTU);
        while (cc.congestionWindow() < bytes) cc.onAcknowledged(0, MTU, true, false, cc.congestionWindow());
        return cc;
    }
}
