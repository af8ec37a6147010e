package dev.jrtc.srtp;

/**
 * The sliding replay list of RFC 3711 §3.3.2: remembers which of the last {@code size} indices below the highest
 * authenticated one were seen, so a packet is accepted once at most.
 *
 * <p>The bitmap is circular over a power-of-two number of bits, so advancing never shifts memory.
 */
final class ReplayWindow {
    private final int size;
    private final long[] bits;
    private final int mask;
    private long highest = -1;

    ReplayWindow(int size) {
        this.size = size;
        int capacity = Integer.highestOneBit(Math.max(64, size - 1) << 1);
        this.bits = new long[capacity >>> 6];
        this.mask = capacity - 1;
    }

    /** True when {@code index} is new and inside the window (check before authenticating, mark after). */
    boolean accepts(long index) {
        if (index > highest) {
            return true;
        }
        if (highest - index >= size) {
            return false;
        }
        int bit = (int) (index & mask);
        return (bits[bit >>> 6] & (1L << bit)) == 0;
    }

    /** Records an authenticated index. */
    void mark(long index) {
        if (index > highest) {
            long advance = highest < 0 ? Long.MAX_VALUE : index - highest;
            if (advance > mask) {
                java.util.Arrays.fill(bits, 0L);
            } else {
                for (long i = highest + 1; i < index; i++) {
                    int bit = (int) (i & mask);
                    bits[bit >>> 6] &= ~(1L << bit);
                }
            }
            highest = index;
        }
        int bit = (int) (index & mask);
        bits[bit >>> 6] |= 1L << bit;
    }
}
