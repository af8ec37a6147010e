package dev.jrtc.ice.stun;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * The 96-bit STUN transaction id (RFC 8489 §5, §6): an immutable value usable as a map key.
 *
 * <p>Clients must draw ids uniformly at random from a cryptographically strong source; pass a
 * {@link java.security.SecureRandom} to {@link #random(Random)} (tests may pass a seeded {@link Random}).
 */
public final class StunTransactionId {
    /** Length of a transaction id in bytes. */
    public static final int LENGTH = 12;

    private final byte[] bytes;

    private StunTransactionId(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The id made of {@code bytes[off..off+12)}; the bytes are copied, the caller keeps the array.
     *
     * @throws IllegalArgumentException when fewer than 12 bytes are available
     */
    public static StunTransactionId of(byte[] bytes, int off) {
        if (off < 0 || bytes.length - off < LENGTH) {
            throw new IllegalArgumentException("a transaction id needs 12 bytes at offset " + off
                    + ", array length " + bytes.length);
        }
        return new StunTransactionId(Arrays.copyOfRange(bytes, off, off + LENGTH));
    }

    /** The id made of exactly 12 bytes (copied; the caller keeps the array). */
    public static StunTransactionId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a transaction id is 12 bytes, got " + bytes.length);
        }
        return of(bytes, 0);
    }

    /** A fresh id of 96 random bits from {@code random} (use a SecureRandom outside tests). */
    public static StunTransactionId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new StunTransactionId(b);
    }

    /** A copy of the 12 bytes; the caller owns it. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Copies the 12 bytes into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }

    /** The byte at index 0..11 (used to XOR IPv6 addresses). */
    int byteAt(int i) {
        return bytes[i] & 0xFF;
    }

    /** True when {@code data[off..off+12)} holds this id. */
    public boolean matches(byte[] data, int off) {
        return data.length - off >= LENGTH && Arrays.equals(bytes, 0, LENGTH, data, off, off + LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunTransactionId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
