package dev.jrtc.rtp.cc;

/**
 * The over-use detector of draft-ietf-rmcat-gcc-02 §5.4: the filtered delay trend against an adaptive threshold.
 * Over-use is signalled when the trend stays above the threshold for more than 10 ms (and is not falling),
 * under-use when it is below minus the threshold. The threshold follows the trend (slowly up, faster down, §5.4
 * eq. for del_var_th) so that it does not starve against loss-based flows, within [6, 600].
 */
final class OveruseDetector {
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double OVERUSE_TIME_MS = 10;
    private static final double MAX_ADAPT_OFFSET = 15;

    private double threshold = 12.5;
    private long lastUpdate = Long.MIN_VALUE;
    private double timeOverUsingMs = -1;
    private int overuseCount;
    private double previousTrend;
    private BandwidthUsage state = BandwidthUsage.NORMAL;

    BandwidthUsage detect(double modifiedTrend, double trend, double sendDeltaMs, long nowNanos) {
        if (modifiedTrend > threshold) {
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseCount++;
            if (timeOverUsingMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= previousTrend) {
                timeOverUsingMs = 0;
                overuseCount = 0;
                state = BandwidthUsage.OVERUSING;
            }
        } else if (modifiedTrend < -threshold) {
            timeOverUsingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCount = 0;
            state = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modifiedTrend, nowNanos);
        return state;
    }

    private void adaptThreshold(double modifiedTrend, long nowNanos) {
        if (lastUpdate == Long.MIN_VALUE) lastUpdate = nowNanos;
        double m = Math.abs(modifiedTrend);
        if (m > threshold + MAX_ADAPT_OFFSET) {
            // A spike (e.g. a route change) should not drag the threshold along.
            lastUpdate = nowNanos;
            return;
        }
        double k = m < threshold ? K_DOWN : K_UP;
        double dtMs = Math.min((nowNanos - lastUpdate) / 1e6, 100);
        threshold += k * (m - threshold) * dtMs;
        threshold = Math.max(6, Math.min(600, threshold));
        lastUpdate = nowNanos;
    }

    BandwidthUsage state() {
        return state;
    }

    double threshold() {
        return threshold;
    }
}
