package dev.jrtc.rtp.cc;

/**
 * The arrival-time filter of the delay-based controller (draft-ietf-rmcat-gcc-02 §5.3, in the trendline form
 * browsers use instead of the draft's Kalman filter): the one-way delay variation of each group is accumulated,
 * smoothed, and a least-squares line over the last {@code window} points gives its slope, the rate at which the
 * path's queue grows. The slope, scaled by the number of samples and a gain, is what the over-use detector compares
 * against its threshold.
 */
final class TrendlineEstimator {
    private static final double SMOOTHING = 0.9;
    private static final double GAIN = 4.0;
    private static final int MAX_DELTAS = 60;

    private final int window;
    private final double[] xs;
    private final double[] ys;
    private int size;
    private int head;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private long firstArrival = Long.MIN_VALUE;
    private int deltas;
    private double trend;

    TrendlineEstimator(int window) {
        this.window = window;
        this.xs = new double[window];
        this.ys = new double[window];
    }

    /** One group delta: {@code sendDeltaMs}, {@code arrivalDeltaMs}, and when the group arrived. */
    void update(double sendDeltaMs, double arrivalDeltaMs, long arrivalNanos) {
        double delayVariation = arrivalDeltaMs - sendDeltaMs;
        deltas = Math.min(deltas + 1, 1000);
        accumulatedDelayMs += delayVariation;
        smoothedDelayMs = SMOOTHING * smoothedDelayMs + (1 - SMOOTHING) * accumulatedDelayMs;
        if (firstArrival == Long.MIN_VALUE) firstArrival = arrivalNanos;
        xs[head] = (arrivalNanos - firstArrival) / 1e6;
        ys[head] = smoothedDelayMs;
        head = (head + 1) % window;
        if (size < window) size++;
        if (size == window) trend = slope();
    }

    private double slope() {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < size; i++) {
            sx += xs[i];
            sy += ys[i];
        }
        double mx = sx / size;
        double my = sy / size;
        double num = 0;
        double den = 0;
        for (int i = 0; i < size; i++) {
            num += (xs[i] - mx) * (ys[i] - my);
            den += (xs[i] - mx) * (xs[i] - mx);
        }
        return den == 0 ? trend : num / den;
    }

    /** The slope of the smoothed delay: ms of queueing gained per ms. */
    double trend() {
        return trend;
    }

    /** The slope as the detector sees it: scaled by the samples so far (at most 60) and the gain. */
    double modifiedTrend() {
        return Math.min(deltas, MAX_DELTAS) * trend * GAIN;
    }

    int deltas() {
        return deltas;
    }
}
