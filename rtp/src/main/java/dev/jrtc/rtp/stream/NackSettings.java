package dev.jrtc.rtp.stream;

/**
 * Limits of a {@link NackGenerator} (RFC 4585 §6.2.1 generic NACK): how many missing packets it tracks, how often
 * it asks for one, and when it gives up.
 *
 * @param capacity              missing packets tracked at once, a power of two; a packet further behind the highest
 *                              received than this is forgotten
 * @param maxRetries            NACKs sent for one packet before giving up on it
 * @param maxAgeNanos           a packet missing for longer than this is given up (it would be too late to play)
 * @param reorderDelayNanos     how long a gap may stay open before the first NACK, so reordering is not taken for loss
 * @param minRetryIntervalNanos the least time between two NACKs for one packet, whatever the round-trip time says
 * @param initialRttNanos       the round-trip time assumed until {@link NackGenerator#handleRoundTripTime} is called
 * @param maxPerNack            sequence numbers in one NACK packet at most (the rest go in the next one)
 */
public record NackSettings(int capacity, int maxRetries, long maxAgeNanos, long reorderDelayNanos,
                           long minRetryIntervalNanos, long initialRttNanos, int maxPerNack) {

    public NackSettings {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        if (maxRetries < 1) throw new IllegalArgumentException("maxRetries must be >= 1: " + maxRetries);
        if (maxAgeNanos <= 0) throw new IllegalArgumentException("maxAgeNanos must be > 0: " + maxAgeNanos);
        if (reorderDelayNanos < 0) throw new IllegalArgumentException("reorderDelayNanos must be >= 0: " + reorderDelayNanos);
        if (minRetryIntervalNanos <= 0) {
            throw new IllegalArgumentException("minRetryIntervalNanos must be > 0: " + minRetryIntervalNanos);
        }
        if (initialRttNanos <= 0) throw new IllegalArgumentException("initialRttNanos must be > 0: " + initialRttNanos);
        if (maxPerNack < 1) throw new IllegalArgumentException("maxPerNack must be >= 1: " + maxPerNack);
    }

    /**
     * 1024 packets, 10 NACKs each, given up after 1 s, no reordering allowance (a gap is NACKed at once, as libwebrtc
     * does), retries at least 10 ms apart and one RTT apart, 100 ms assumed before the first RTT, 256 per NACK.
     */
    public static NackSettings defaults() {
        return new NackSettings(1024, 10, 1_000_000_000L, 0, 10_000_000L, 100_000_000L, 256);
    }

    public NackSettings withReorderDelayNanos(long nanos) {
        return new NackSettings(capacity, maxRetries, maxAgeNanos, nanos, minRetryIntervalNanos, initialRttNanos, maxPerNack);
    }

    public NackSettings withMaxAgeNanos(long nanos) {
        return new NackSettings(capacity, maxRetries, nanos, reorderDelayNanos, minRetryIntervalNanos, initialRttNanos, maxPerNack);
    }

    public NackSettings withCapacity(int packets) {
        return new NackSettings(packets, maxRetries, maxAgeNanos, reorderDelayNanos, minRetryIntervalNanos, initialRttNanos, maxPerNack);
    }

    public NackSettings withMaxRetries(int retries) {
        return new NackSettings(capacity, retries, maxAgeNanos, reorderDelayNanos, minRetryIntervalNanos, initialRttNanos, maxPerNack);
    }
}
