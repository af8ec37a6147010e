package dev.jrtc.rtp.cc;

import dev.jrtc.rtp.rtcp.TransportWideFeedback;

/**
 * Send-side bandwidth estimation after Google Congestion Control (draft-ietf-rmcat-gcc-02) on transport-wide
 * feedback: each feedback is matched to the packets sent ({@link TransportFeedbackMatcher}); received packets go
 * through the pre-filter ({@link InterArrival}, §5.2), the arrival-time filter ({@link TrendlineEstimator}, §5.3)
 * and the over-use detector ({@link OveruseDetector}, §5.4), whose signal drives the AIMD rate controller
 * ({@link AimdRateController}, §5.5); the loss fraction drives the loss-based controller ({@link LossBasedController},
 * §6). The target is the smaller of the two (§4), within [min, max].
 *
 * <p>Sans-IO: {@link #handleSent} per packet (no allocation), {@link #handleFeedback} per feedback, then
 * {@link #targetBitrate}.
 */
public final class CongestionController {
    private final long minBps;
    private final long maxBps;
    private final TransportFeedbackMatcher matcher;
    private final PacketResults results = new PacketResults();
    private final InterArrival interArrival = new InterArrival();
    private final TrendlineEstimator trendline = new TrendlineEstimator(20);
    private final OveruseDetector detector = new OveruseDetector();
    private final AimdRateController delayBased;
    private final LossBasedController lossBased;
    private final AcknowledgedBitrate acknowledged = new AcknowledgedBitrate(500_000_000L, 8192);
    private long target;
    private long feedbacks;
    private long packetsReported;
    private long packetsLost;

    public CongestionController(long initialBps, long minBps, long maxBps) {
        if (minBps <= 0 || minBps > initialBps || initialBps > maxBps) {
            throw new IllegalArgumentException("need 0 < min <= initial <= max: " + minBps + ", " + initialBps + ", " + maxBps);
        }
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.matcher = new TransportFeedbackMatcher(16384);
        this.delayBased = new AimdRateController(initialBps, minBps, maxBps);
        this.lossBased = new LossBasedController(initialBps, minBps, maxBps);
        this.target = initialBps;
    }

    /** A packet stamped with transport-wide {@code sequence} left now, {@code size} bytes on the wire. */
    public void handleSent(long nowNanos, int sequence, int size) {
        matcher.handleSent(nowNanos, sequence, size);
    }

    /** The round-trip time (from RTCP), which paces decreases and additive increases. */
    public void handleRoundTripTime(long nanos) {
        delayBased.setRoundTripTime(nanos);
    }

    /** A transport-wide feedback from the peer; returns the new target in bits per second. */
    public long handleFeedback(long nowNanos, TransportWideFeedback feedback) {
        matcher.handleFeedback(nowNanos, feedback, results);
        feedbacks++;
        if (results.count() == 0) return target;
        packetsReported += results.count();
        packetsLost += results.lostCount();
        for (int i = 0; i < results.count(); i++) {
            if (!results.received(i)) continue;
            acknowledged.add(results.arrivalNanos(i), results.size(i));
            if (interArrival.add(results.sendNanos(i), results.arrivalNanos(i))) {
                double sendDeltaMs = interArrival.sendDelta / 1e6;
                trendline.update(sendDeltaMs, interArrival.arrivalDelta / 1e6, results.arrivalNanos(i));
                if (trendline.deltas() >= 2) {
                    detector.detect(trendline.modifiedTrend(), trendline.trend(), sendDeltaMs, nowNanos);
                }
            }
        }
        long acked = acknowledged.bitsPerSecond();
        long delay = delayBased.update(detector.state(), acked, nowNanos);
        lossBased.update(results, nowNanos, target);
        target = Math.max(minBps, Math.min(maxBps, Math.min(delay, lossBased.rate())));
        return target;
    }

    /** The bitrate to send at, bits per second. */
    public long targetBitrate() {
        return target;
    }

    /** The rate the peer acknowledged receiving over the last half second, or -1. */
    public long acknowledgedBitrate() {
        return acknowledged.bitsPerSecond();
    }

    public long delayBasedBitrate() {
        return delayBased.rate();
    }

    public long lossBasedBitrate() {
        return lossBased.rate();
    }

    public BandwidthUsage bandwidthUsage() {
        return detector.state();
    }

    public long feedbacks() { return feedbacks; }

    public long packetsReported() { return packetsReported; }

    public long packetsLost() { return packetsLost; }

    /** Feedback entries for packets not (or no longer) remembered. */
    public long packetsUnknown() { return matcher.unknown(); }
}
