package dev.jrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH, the universal hash of GCM (NIST SP 800-38D §6.4), keyed by the hash subkey H, without allocation.
 *
 * <p>A 128-bit block is held as two big-endian longs; in GCM's bit order the first byte's top bit is the
 * coefficient of x^0, so multiplying by x is a right shift. Multiplication by H is linear in the 32 nibbles of
 * the block, so it is the XOR of 32 table entries, entry (p, n) being nibble n at position p times H: 8 KiB per
 * key, and the 32 lookups of a block are independent of each other (Shoup's 8-bit method needs less memory but
 * chains every step on the one before, which measured several times slower). The JCE has a carry-less-multiply
 * intrinsic behind its GCM but no way to reuse it without allocating per packet, which is why this exists.
 *
 * <p>Not thread-safe: one instance per key and context. Input is absorbed with {@link #update}; {@link
 * #padToBlock} closes the additional data with zeros before the ciphertext, as GCM's GHASH(A || 0* || C || 0*
 * || len) needs.
 */
final class Ghash {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** t[2(16p+n)], t[2(16p+n)+1]: high and low half of (nibble n at position p) * H. */
    private final long[] t = new long[32 * 16 * 2];
    private final byte[] partial = new byte[16];
    private int partialLength;
    private long yHigh;
    private long yLow;

    /** @param h the 16-byte hash subkey E(K, 0^128) */
    Ghash(byte[] h) {
        long high = (long) LONGS.get(h, 0);
        long low = (long) LONGS.get(h, 8);
        // Nibble position p holds x^4p .. x^4p+3, its bit 8 being x^4p: walk H, H*x, H*x^2 ... through them.
        for (int p = 0; p < 32; p++) {
            for (int bit = 8; bit != 0; bit >>>= 1) {
                t[2 * (16 * p + bit)] = high;
                t[2 * (16 * p + bit) + 1] = low;
                long carry = low & 1;
                low = (low >>> 1) | (high << 63);
                high = (high >>> 1) ^ (carry != 0 ? 0xE100000000000000L : 0);
            }
            for (int n = 1; n < 16; n++) {
                int lowest = Integer.lowestOneBit(n);
                if (n != lowest) {
                    t[2 * (16 * p + n)] = t[2 * (16 * p + lowest)] ^ t[2 * (16 * p + n - lowest)];
                    t[2 * (16 * p + n) + 1] = t[2 * (16 * p + lowest) + 1] ^ t[2 * (16 * p + n - lowest) + 1];
                }
            }
        }
    }

    /** Starts a new hash. */
    void reset() {
        yHigh = 0;
        yLow = 0;
        partialLength = 0;
    }

    /** Absorbs {@code data[off, off+len)}. */
    void update(byte[] data, int off, int len) {
        if (partialLength > 0) {
            int take = Math.min(len, 16 - partialLength);
            System.arraycopy(data, off, partial, partialLength, take);
            partialLength += take;
            off += take;
            len -= take;
            if (partialLength < 16) {
                return;
            }
            block((long) LONGS.get(partial, 0), (long) LONGS.get(partial, 8));
            partialLength = 0;
        }
        int end = off + len;
        for (; off + 16 <= end; off += 16) {
            block((long) LONGS.get(data, off), (long) LONGS.get(data, off + 8));
        }
        if (off < end) {
            System.arraycopy(data, off, partial, 0, end - off);
            partialLength = end - off;
        }
    }

    /** Completes a partial block with zeros, as GCM does between the additional data and the ciphertext. */
    void padToBlock() {
        if (partialLength > 0) {
            java.util.Arrays.fill(partial, partialLength, 16, (byte) 0);
            block((long) LONGS.get(partial, 0), (long) LONGS.get(partial, 8));
            partialLength = 0;
        }
    }

    /**
     * Pads, absorbs the length block (bit lengths of the additional data and the ciphertext) and XORs the hash
     * into {@code out[off, off+16)}, which holds E(K, J0) for the tag.
     */
    void finishInto(long aadBytes, long textBytes, byte[] out, int off) {
        padToBlock();
        block(aadBytes << 3, textBytes << 3);
        LONGS.set(out, off, (long) LONGS.get(out, off) ^ yHigh);
        LONGS.set(out, off + 8, (long) LONGS.get(out, off + 8) ^ yLow);
    }

    /** Y = (Y xor X) * H, as the XOR of one table entry per nibble of Y xor X. */
    private void block(long xHigh, long xLow) {
        long high = yHigh ^ xHigh;
        long low = yLow ^ xLow;
        long[] table = t;
        long zHigh = 0;
        long zLow = 0;
        for (int p = 0; p < 16; p++) {
            int i = (p << 5) + ((int) (high >>> (60 - 4 * p)) & 0xF) * 2;
            zHigh ^= table[i];
            zLow ^= table[i + 1];
        }
        for (int p = 0; p < 16; p++) {
            int i = ((16 + p) << 5) + ((int) (low >>> (60 - 4 * p)) & 0xF) * 2;
            zHigh ^= table[i];
            zLow ^= table[i + 1];
        }
        yHigh = zHigh;
        yLow = zLow;
    }
}
