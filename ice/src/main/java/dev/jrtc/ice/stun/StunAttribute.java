package dev.jrtc.ice.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One STUN attribute as a type and its raw value, without padding (RFC 8489 §14).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Immutable: the value is copied in and out. Unknown attributes are kept in this raw form.
 */
public final class StunAttribute {
    private final int type;
    private final byte[] value;

    private StunAttribute(int type, byte[] value) {
        this.type = type;
        this.value = value;
    }

    /**
     * An attribute of {@code type} (0..0xFFFF) with a copy of {@code value} (at most 65535 bytes; the caller keeps
     * the array).
     */
    public static StunAttribute of(int type, byte[] value) {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("attribute type must be 0..0xFFFF, got " + type);
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value longer than 65535 bytes: " + value.length);
        }
        return new StunAttribute(type, value.clone());
    }

    /** Wraps an array this package already owns (no copy). */
    static StunAttribute wrap(int type, byte[] value) {
        return new StunAttribute(type, value);
    }

    /** The attribute type (see {@link StunAttributeType}). */
    public int type() {
        return type;
    }

    /** A copy of the value without padding; the caller owns it. */
    public byte[] value() {
        return value.clone();
    }

    /** The value length in bytes, without padding. */
    public int length() {
        return value.length;
    }

    /** The value byte at {@code i}, 0..255. */
    public int byteAt(int i) {
        return value[i] & 0xFF;
    }

    /** The package's own view of the value: never handed out. */
    byte[] valueUnsafe() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunAttribute other && type == other.type && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return StunAttributeType.name(type) + "(" + HexFormat.of().formatHex(value) + ")";
    }
}
