package dev.jrtc.testkit;

/**
 * A rate-limited link with a drop-tail queue in front of it, as a router with a slow uplink has: each datagram waits
 * for the ones queued before it and takes {@code size * 8 / bitsPerSecond} to leave; a datagram that would find more
 * than {@code queueBytes} waiting is dropped. Used in a {@link VirtualSocket}'s outgoing path.
 */
public final class Bottleneck {
    private long bitsPerSecond;
    private final int queueBytes;
    /** When the link has sent everything queued so far. */
    private long busyUntilNanos = Long.MIN_VALUE;
    private long dropped;

    public Bottleneck(long bitsPerSecond, int queueBytes) {
        if (queueBytes < 0) throw new IllegalArgumentException("queueBytes must be >= 0: " + queueBytes);
        this.queueBytes = queueBytes;
        setRate(bitsPerSecond);
    }

    /** Changes the capacity from now on (what is queued drains at the new rate from its next datagram). */
    public void setRate(long bitsPerSecond) {
        if (bitsPerSecond <= 0) throw new IllegalArgumentException("bitsPerSecond must be > 0: " + bitsPerSecond);
        this.bitsPerSecond = bitsPerSecond;
    }

    public long rate() {
        return bitsPerSecond;
    }

    /** Datagrams dropped because the queue was full. */
    public long dropped() {
        return dropped;
    }

    /**
     * The time a datagram of {@code bytes} sent at {@code nowNanos} has left the link, or -1 when the queue is full
     * and it is dropped.
     */
    long depart(long nowNanos, int bytes) {
        long start = Math.max(nowNanos, busyUntilNanos);
        long backlogBytes = (start - nowNanos) * bitsPerSecond / 8 / 1_000_000_000L;
        if (backlogBytes + bytes > queueBytes) {
            dropped++;
            return -1;
        }
        busyUntilNanos = start + bytes * 8L * 1_000_000_000L / bitsPerSecond;
        return busyUntilNanos;
    }
}
