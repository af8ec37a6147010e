package dev.jrtc.testkit;

/**
 * What a virtual path does to each datagram: a base delay plus uniform jitter, and independent chances of loss,
 * duplication and reordering (a reordered datagram is held back by an extra delay so later ones overtake it).
 *
 * @param delayNanos    one-way delay every datagram gets
 * @param jitterNanos   extra delay drawn uniformly from [0, jitterNanos]
 * @param lossRate      chance in [0, 1] that a datagram is dropped
 * @param duplicateRate chance in [0, 1] that a datagram is delivered twice
 * @param reorderRate   chance in [0, 1] that a datagram is held back behind later ones
 */
public record LinkConditions(long delayNanos, long jitterNanos, double lossRate, double duplicateRate, double reorderRate) {
    /** Instant, lossless delivery. */
    public static final LinkConditions PERFECT = new LinkConditions(0, 0, 0, 0, 0);
    /** Nothing gets through: a cut cable. */
    public static final LinkConditions BLACKHOLE = new LinkConditions(0, 0, 1, 0, 0);

    public LinkConditions {
        if (delayNanos < 0 || jitterNanos < 0) {
            throw new IllegalArgumentException("delay and jitter must be >= 0: " + delayNanos + ", " + jitterNanos);
        }
        checkRate("lossRate", lossRate);
        checkRate("duplicateRate", duplicateRate);
        checkRate("reorderRate", reorderRate);
    }

    /** A path with the given one-way delay in milliseconds and nothing else. */
    public static LinkConditions delayMillis(long millis) {
        return new LinkConditions(millis * 1_000_000L, 0, 0, 0, 0);
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + rate);
        }
    }
}
