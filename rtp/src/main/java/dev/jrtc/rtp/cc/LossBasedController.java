package dev.jrtc.rtp.cc;

/**
 * The loss-based controller of draft-ietf-rmcat-gcc-02 §6: over each window of reported packets (at least 10 and
 * 200 ms), more than 10% lost cuts the rate by half the loss fraction, less than 2% lets it grow by 5%, and in
 * between it holds. Its rate is an upper bound next to the delay-based one. After a cut, the next one waits
 * {@value #DECREASE_INTERVAL_NANOS} ns: the losses right after it are of packets sent before it.
 */
final class LossBasedController {
    private static final int MIN_PACKETS = 10;
    private static final long DECREASE_INTERVAL_NANOS = 500_000_000L;
    private static final long MIN_WINDOW_NANOS = 200_000_000L;

    private final long minBps;
    private final long maxBps;
    private long rate;
    private int packets;
    private int lost;
    private long windowStart = Long.MIN_VALUE;
    private double lastLossFraction;
    private long lastDecrease = Long.MIN_VALUE;

    LossBasedController(long initialBps, long minBps, long maxBps) {
        this.rate = initialBps;
        this.minBps = minBps;
        this.maxBps = maxBps;
    }

    /** Adds one feedback's results; {@code targetBps} is what is sent now, which a cut starts from. */
    void update(PacketResults results, long nowNanos, long targetBps) {
        if (windowStart == Long.MIN_VALUE) windowStart = nowNanos;
        packets += results.count();
        lost += results.lostCount();
        if (packets < MIN_PACKETS || nowNanos - windowStart < MIN_WINDOW_NANOS) return;
        double p = (double) lost / packets;
        lastLossFraction = p;
        if (p > 0.10) {
            if (lastDecrease == Long.MIN_VALUE || nowNanos - lastDecrease >= DECREASE_INTERVAL_NANOS) {
                rate = (long) (Math.min(rate, targetBps) * (1 - 0.5 * p));
                lastDecrease = nowNanos;
            }
        } else if (p < 0.02) {
            // Grow, but not so far past what is being sent that a later cut would not bite.
            rate = Math.min((long) (rate * 1.05), Math.max(2 * targetBps, minBps));
        }
        rate = Math.max(minBps, Math.min(maxBps, rate));
        packets = 0;
        lost = 0;
        windowStart = nowNanos;
    }

    long rate() {
        return rate;
    }

    double lastLossFraction() {
        return lastLossFraction;
    }
}
