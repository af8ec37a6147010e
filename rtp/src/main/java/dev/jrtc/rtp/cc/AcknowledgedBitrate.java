package dev.jrtc.rtp.cc;

/**
 * The receive rate the feedback proves (R_hat of draft-ietf-rmcat-gcc-02 §5.5): bytes of the packets reported
 * received over the last {@code windowNanos} of their arrival times. Allocated once.
 */
final class AcknowledgedBitrate {
    private final long windowNanos;
    private final long[] arrivals;
    private final int[] sizes;
    private int head;
    private int size;
    private long bytes;

    AcknowledgedBitrate(long windowNanos, int capacity) {
        this.windowNanos = windowNanos;
        this.arrivals = new long[capacity];
        this.sizes = new int[capacity];
    }

    void add(long arrivalNanos, int bytes) {
        if (size == arrivals.length) dropOldest();
        int i = (head + size) % arrivals.length;
        arrivals[i] = arrivalNanos;
        sizes[i] = bytes;
        size++;
        this.bytes += bytes;
        long newest = arrivalNanos;
        while (size > 1 && newest - arrivals[head] > windowNanos) dropOldest();
    }

    private void dropOldest() {
        bytes -= sizes[head];
        head = (head + 1) % arrivals.length;
        size--;
    }

    /** Bits per second over the window, or -1 until at least 150 ms of arrivals are in. */
    long bitsPerSecond() {
        if (size < 2) return -1;
        long newest = arrivals[(head + size - 1) % arrivals.length];
        long span = newest - arrivals[head];
        if (span < 150_000_000L) return -1;
        return bytes * 8 * 1_000_000_000L / Math.max(span, windowNanos / 2);
    }
}
