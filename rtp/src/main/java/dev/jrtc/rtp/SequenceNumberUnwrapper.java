package dev.jrtc.rtp;

/**
 * Extends 16-bit RTP sequence numbers to a 64-bit count that keeps growing across wraps (RFC 3550 Appendix A.1
 * keeps a cycle count for the same reason); a number is taken to be the one closest to the last seen, so
 * reordering around the wrap maps each packet to the right cycle.
 */
public final class SequenceNumberUnwrapper {
    private long last = -1;

    /** The extended value of {@code seq} (0..65535). */
    public long unwrap(int seq) {
        if (last < 0) {
            last = seq & 0xFFFF;
            return last;
        }
        int delta = (short) ((seq & 0xFFFF) - (int) (last & 0xFFFF));
        long value = last + delta;
        if (value < 0) {
            // Before the first packet's cycle: keep it in range rather than going negative.
            value += 1 << 16;
        }
        if (value > last) {
            last = value;
        }
        return value;
    }
}
