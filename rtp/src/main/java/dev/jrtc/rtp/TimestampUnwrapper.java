package dev.jrtc.rtp;

/** Extends 32-bit RTP timestamps (RFC 3550 §5.1) to 64 bits across wraps, tolerating reordering. */
public final class TimestampUnwrapper {
    private long last = -1;

    /** The extended value of {@code timestamp} (0..2^32-1). */
    public long unwrap(long timestamp) {
        long t = timestamp & 0xFFFFFFFFL;
        if (last < 0) {
            last = t;
            return t;
        }
        int delta = (int) (t - (last & 0xFFFFFFFFL));
        long value = last + delta;
        if (value < 0) {
            value += 1L << 32;
        }
        if (value > last) {
            last = value;
        }
        return value;
    }
}
