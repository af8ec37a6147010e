package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bandwidth estimate of {@link WestwoodCongestionControl} and what it sets the window to after a loss. */
class WestwoodCongestionControlTest {
    private static final int MTU = 1163;
    private static final long MS = 1_000_000L;

    /** Acknowledges {@code bytesPerSecond} in SACKs every 10 ms for {@code millis}, RTT samples of {@code rttMs}. */
    private static long feed(WestwoodCongestionControl cc, long start, long millis, long bytesPerSecond, long rttMs, boolean grow) {
        long t = start;
        for (long elapsed = 0; elapsed < millis; elapsed += 10) {
            t += 10 * MS;
            cc.onRoundTripTime(t, rttMs * MS);
            cc.onAcknowledged(t, bytesPerSecond / 100, grow, false, cc.congestionWindow());
        }
        return t;
    }

    @Test
    void withoutAnEstimateALossHalvesLikeRfc9260() {
        WestwoodCongestionControl cc = new WestwoodCongestionControl(MTU);
        for (int i = 0; i < 20; i++) cc.onAcknowledged(0, MTU, true, false, 0); // all at one instant: no sample
        assertEquals(0, cc.bandwidthEstimate());
        long before = cc.congestionWindow();
        cc.onFastRetransmit(0);
        assertEquals(before / 2, cc.congestionWindow());
    }

    @Test
    void theEstimateIsTheAcknowledgedRate() {
        WestwoodCongestionControl cc = new WestwoodCongestionControl(MTU);
        feed(cc, 0, 2_000, 500_000, 50, true);
        assertEquals(500_000, cc.bandwidthEstimate(), 5_000);
        assertEquals(50 * MS, cc.minRoundTripTime());
    }

    @Test
    void theEstimateFollowsAChangeOfRateGradually() {
        WestwoodCongestionControl cc = new WestwoodCongestionControl(MTU);
        long t = feed(cc, 0, 2_000, 500_000, 50, true);
        t = feed(cc, t, 100, 1_000_000, 50, true); // two samples at twice the rate
        assertTrue(cc.bandwidthEstimate() > 500_000 && cc.bandwidthEstimate() < 560_000, "after two samples " + cc.bandwidthEstimate());
        feed(cc, t, 5_000, 1_000_000, 50, true);
        assertEquals(1_000_000, cc.bandwidthEstimate(), 20_000);
    }

    @Test
    void aLossSetsTheWindowToTheMeasuredBandwidthDelayProduct() {
        WestwoodCongestionControl cc = new WestwoodCongestionControl(MTU);
        feed(cc, 0, 2_000, 500_000, 50, true); // slow start all along: cwnd far above the 25,000-byte product
        assertTrue(cc.congestionWindow() > 100_000);
        cc.onFastRetransmit(0);
        assertEquals(25_000, cc.congestionWindow(), 500);
        assertEquals(cc.congestionWindow(), cc.slowStartThreshold());
    }

    @Test
    void aLossNeverRaisesTheWindowAndKeepsFourMtus() {
        WestwoodCongestionControl cc = new WestwoodCongestionControl(MTU);
        feed(cc, 0, 2_000, 500_000, 50, false); // acknowledged in gap blocks only: the window stays at 4380
        assertEquals(4380, cc.congestionWindow());
        cc.onFastRetransmit(0);
        assertEquals(4 * MTU, cc.congestionWindow(), "the floor of RFC 9260 §7.2.3, not the 25,000-byte estimate");
    }

    @Test
    void aTimeoutStartsFromOneMtuAndMeasuresTheRoundTripAfresh() {
        WestwoodCongestionControl cc = new WestwoodCongestionControl(MTU);
        long t = feed(cc, 0, 2_000, 500_000, 50, true);
        cc.onRetransmissionTimeout(t);
        assertEquals(MTU, cc.congestionWindow());
        assertEquals(25_000, cc.slowStartThreshold(), 500);
        cc.onRoundTripTime(t + MS, 80 * MS);
        assertEquals(80 * MS, cc.minRoundTripTime(), "the path may have changed: the old minimum is dropped");
    }
}
