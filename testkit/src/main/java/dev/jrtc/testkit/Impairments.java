package dev.jrtc.testkit;

/**
 * What a {@link UdpImpairmentProxy} link does to the datagrams it relays, each direction on its own: loss, delay
 * with jitter (independent per datagram, so jitter larger than the gap between datagrams reorders them),
 * duplication, a rate limit with a bounded queue (a bottleneck: datagrams wait behind each other and are dropped
 * from the tail once the queue is full), and garbage injected toward the endpoints.
 *
 * @param lossRate          probability a datagram is dropped, 0..1
 * @param delayNanos        one-way delay
 * @param jitterNanos       each datagram's delay is uniform in delay ± jitter (never below zero)
 * @param duplicateRate     probability a datagram is delivered twice (the copy with its own delay), 0..1
 * @param bytesPerSecond    bottleneck rate, 0 for unlimited
 * @param queueNanos        how long a datagram may wait for the bottleneck before it is dropped instead
 * @param garbagePerSecond  datagrams of garbage sent to each endpoint per second, from the address it talks to
 * @param corruptCopyShare  share (0..1) of the garbage that is a copy of a datagram just relayed with a few bits
 *                          flipped (it passes the first checks and fails deeper ones); the rest is random bytes
 *                          whose first byte looks like STUN, DTLS, TURN, RTP or nothing (RFC 7983)
 */
public record Impairments(double lossRate, long delayNanos, long jitterNanos, double duplicateRate, long bytesPerSecond,
                          long queueNanos, double garbagePerSecond, double corruptCopyShare) {
    /** Relays everything at once. */
    public static final Impairments NONE = new Impairments(0, 0, 0, 0, 0, 0, 0, 0);

    public Impairments {
        if (lossRate < 0 || lossRate > 1) throw new IllegalArgumentException("lossRate must be in 0..1: " + lossRate);
        if (duplicateRate < 0 || duplicateRate > 1) throw new IllegalArgumentException("duplicateRate must be in 0..1: " + duplicateRate);
        if (delayNanos < 0 || jitterNanos < 0 || queueNanos < 0) throw new IllegalArgumentException("negative delay, jitter or queue");
        if (bytesPerSecond < 0) throw new IllegalArgumentException("bytesPerSecond is negative: " + bytesPerSecond);
        if (garbagePerSecond < 0) throw new IllegalArgumentException("garbagePerSecond is negative: " + garbagePerSecond);
        if (corruptCopyShare < 0 || corruptCopyShare > 1) throw new IllegalArgumentException("corruptCopyShare must be in 0..1: " + corruptCopyShare);
    }

    /** Loss, delay and jitter only. */
    public static Impairments lossy(double lossRate, long delayMillis, long jitterMillis) {
        return new Impairments(lossRate, delayMillis * 1_000_000, jitterMillis * 1_000_000, 0, 0, 0, 0, 0);
    }

    public Impairments withDuplicates(double rate) {
        return new Impairments(lossRate, delayNanos, jitterNanos, rate, bytesPerSecond, queueNanos, garbagePerSecond, corruptCopyShare);
    }

    /** A bottleneck of {@code bytesPerSecond} in front of which datagrams wait at most {@code queueMillis}. */
    public Impairments withRate(long bytesPerSecond, long queueMillis) {
        return new Impairments(lossRate, delayNanos, jitterNanos, duplicateRate, bytesPerSecond, queueMillis * 1_000_000, garbagePerSecond,
                corruptCopyShare);
    }

    /** {@code perSecond} garbage datagrams toward each endpoint, {@code corruptCopyShare} of them corrupted copies. */
    public Impairments withGarbage(double perSecond, double corruptCopyShare) {
        return new Impairments(lossRate, delayNanos, jitterNanos, duplicateRate, bytesPerSecond, queueNanos, perSecond, corruptCopyShare);
    }
}
