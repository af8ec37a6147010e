package dev.jrtc.sctp;

/**
 * A loss-tolerant congestion control: TCP Westwood+ (Grieco and Mascolo, "Performance evaluation and comparison of
 * Westwood+, New Reno, and Vegas TCP congestion control", ACM CCR 34(2), 2004; Linux's {@code tcp_westwood})
 * adapted to SCTP's byte-counted window. It grows like RFC 9260 §7.2.1 and §7.2.2, but after a loss it does not
 * halve: it sets ssthresh and cwnd to the bandwidth-delay product it has measured, the acknowledged rate (one
 * sample per round trip, low-pass filtered twice) times the lowest round-trip time seen.
 *
 * <p>Why: RFC 9260 (like TCP Reno) takes every loss for congestion, so random loss that no queue caused, as on
 * radio links or a lossy tunnel, keeps cwnd near {@code 1.22 / sqrt(p)} packets however fast the path is. When a
 * loss comes from a full queue, the measured rate is the bottleneck's and the lowest RTT excludes the queue, so
 * cwnd falls to what the path holds without one and the queue drains; when it is random, the measured product is
 * about the window in use and little is given up. It never sets cwnd above what it was (a loss is no reason to
 * send faster), never below four MTUs, and falls back to halving until it has an estimate. A timeout still starts
 * from one MTU (RFC 9260 §7.2.3), with ssthresh at the estimate.
 */
public final class WestwoodCongestionControl implements CongestionController {
    /** Shortest bandwidth sample (Linux uses 50 ms too): shorter ones are dominated by ACK compression. */
    static final long MIN_SAMPLE_NANOS = 50_000_000L;

    private final int mtu;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE;
    private long partialBytesAcked;
    /** Bytes acknowledged since {@link #sampleStart}. */
    private long sampleBytes;
    private long sampleStart = Long.MIN_VALUE;
    /** The first filter stage and the estimate, in bytes per second; 0 before the first sample. */
    private double rawEstimate;
    private double bandwidthEstimate;
    private long lastRtt = -1;
    private long rttMin = Long.MAX_VALUE;
    /** After a timeout the path may have changed: the next RTT sample starts the minimum afresh (as Linux does). */
    private boolean resetRttMin;

    /** A controller for packets of at most {@code maxPacketSize} bytes, starting from the initial cwnd of RFC 9260 §7.2.1. */
    public WestwoodCongestionControl(int maxPacketSize) {
        this.mtu = maxPacketSize;
        this.cwnd = Rfc9260CongestionControl.initialWindow(maxPacketSize);
    }

    @Override
    public long congestionWindow() {
        return cwnd;
    }

    @Override
    public long slowStartThreshold() {
        return ssthresh;
    }

    /** The filtered acknowledged rate in bytes per second, 0 before the first sample. */
    public double bandwidthEstimate() {
        return bandwidthEstimate;
    }

    /** The lowest round-trip time seen, or {@link Long#MAX_VALUE} before the first sample. */
    public long minRoundTripTime() {
        return rttMin;
    }

    @Override
    public void onAcknowledged(long nowNanos, long bytes, boolean cumulativeAdvanced, boolean inFastRecovery, long flightSizeBefore) {
        sample(nowNanos, bytes);
        if (!cumulativeAdvanced || inFastRecovery) return;
        if (cwnd <= ssthresh) {
            cwnd += Math.min(bytes, mtu);
        } else {
            partialBytesAcked += bytes;
            if (partialBytesAcked >= cwnd) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    /** Counts acknowledged bytes; once per round trip (at least 50 ms) they become a rate sample for the filter. */
    private void sample(long nowNanos, long bytes) {
        if (sampleStart == Long.MIN_VALUE) {
            sampleStart = nowNanos; // the first SACK starts the clock; its bytes were sent before it ran
            return;
        }
        sampleBytes += bytes;
        long elapsed = nowNanos - sampleStart;
        if (elapsed < Math.max(lastRtt, MIN_SAMPLE_NANOS)) return;
        double rate = sampleBytes * 1e9 / elapsed;
        if (bandwidthEstimate == 0) {
            rawEstimate = bandwidthEstimate = rate;
        } else {
            // Two 7/8 low-pass stages, as Westwood+ filters its samples.
            rawEstimate = (7 * rawEstimate + rate) / 8;
            bandwidthEstimate = (7 * bandwidthEstimate + rawEstimate) / 8;
        }
        sampleBytes = 0;
        sampleStart = nowNanos;
    }

    @Override
    public void onRoundTripTime(long nowNanos, long rttNanos) {
        lastRtt = rttNanos;
        if (resetRttMin) {
            rttMin = rttNanos;
            resetRttMin = false;
        } else {
            rttMin = Math.min(rttMin, rttNanos);
        }
    }

    /** The estimated bandwidth-delay product in bytes, or -1 without an estimate yet. */
    long estimatedWindow() {
        if (bandwidthEstimate == 0 || rttMin == Long.MAX_VALUE) return -1;
        return (long) (bandwidthEstimate * rttMin / 1e9);
    }

    /** ssthresh after a loss: the estimate, at most cwnd, at least four MTUs; half of cwnd without one. */
    private long thresholdAfterLoss() {
        long bdp = estimatedWindow();
        long target = bdp < 0 ? cwnd / 2 : Math.min(bdp, cwnd);
        return Math.max(target, 4L * mtu);
    }

    @Override
    public void onFastRetransmit(long nowNanos) {
        ssthresh = thresholdAfterLoss();
        cwnd = ssthresh;
        partialBytesAcked = 0;
    }

    @Override
    public void onRetransmissionTimeout(long nowNanos) {
        ssthresh = thresholdAfterLoss();
        cwnd = mtu;
        partialBytesAcked = 0;
        resetRttMin = true;
    }

    @Override
    public String toString() {
        return "WestwoodCongestionControl{cwnd=" + cwnd + " ssthresh=" + ssthresh + " bwe=" + (long) bandwidthEstimate
                + " rttMin=" + rttMin + "}";
    }
}
