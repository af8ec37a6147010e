package dev.jrtc.rtp;

/**
 * Reading RTP header extension elements in the one-byte and two-byte forms of RFC 8285, straight from the packet
 * bytes and without allocation.
 *
 * <pre>
 * one-byte (profile 0xBEDE):  | ID (4) | L (4) | data (L+1 bytes) | ...   ID 15 ends the block, 0 is padding
 * two-byte (profile 0x100x):  | ID (8) | L (8) | data (L bytes)   | ...   ID 0 is padding
 * </pre>
 * Elements are reported as a packed {@code long}: offset of the data in the buffer in the high 32 bits, its
 * length in the low 32 bits (see {@link #dataOffset} and {@link #dataLength}).
 */
public final class RtpHeaderExtensions {
    /** The profile of the one-byte form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** The profile of the two-byte form, with the low 4 "appbits" masked off. */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private RtpHeaderExtensions() {}

    public static boolean isOneByte(int profile) {
        return profile == ONE_BYTE_PROFILE;
    }

    public static boolean isTwoByte(int profile) {
        return (profile & 0xFFF0) == TWO_BYTE_PROFILE;
    }

    public static int dataOffset(long element) {
        return (int) (element >>> 32);
    }

    public static int dataLength(long element) {
        return (int) element;
    }

    /**
     * The element with {@code id} in the extension block {@code b[off, off+len)} of the given profile, or -1
     * when absent (or when the profile is neither RFC 8285 form).
     */
    public static long find(byte[] b, int off, int len, int profile, int id) {
        for (long cursor = first(b, off, len, profile); cursor != -1; cursor = next(b, off, len, profile, cursor)) {
            if (id(b, profile, cursor) == id) {
                return cursor;
            }
        }
        return -1;
    }

    /** The id of the element {@code cursor} points at. */
    public static int id(byte[] b, int profile, long cursor) {
        int header = dataOffset(cursor) - (isOneByte(profile) ? 1 : 2);
        return isOneByte(profile) ? (b[header] & 0xF0) >>> 4 : b[header] & 0xFF;
    }

    /** The first element of the block, or -1 when there is none. */
    public static long first(byte[] b, int off, int len, int profile) {
        return scan(b, off, off + len, profile, off);
    }

    /** The element after {@code cursor}, or -1. */
    public static long next(byte[] b, int off, int len, int profile, long cursor) {
        return scan(b, off, off + len, profile, dataOffset(cursor) + dataLength(cursor));
    }

    /** True when every element of the block lies inside it (a block of another profile is left alone). */
    public static boolean isWellFormed(byte[] b, int off, int len, int profile) {
        if (!isOneByte(profile) && !isTwoByte(profile)) {
            return true;
        }
        int end = off + len;
        int at = off;
        while (at < end) {
            int lead = b[at] & 0xFF;
            if (isPadding(lead, profile)) {
                at++;
                continue;
            }
            if (isOneByte(profile)) {
                if (lead >>> 4 == 15) {
                    return true;
                }
                at += 1 + (lead & 0x0F) + 1;
            } else {
                if (at + 1 >= end) {
                    return false;
                }
                at += 2 + (b[at + 1] & 0xFF);
            }
        }
        return at == end;
    }

    /**
     * ID 0 is reserved for padding (RFC 8285 §4.2, §4.3): in the one-byte form a byte whose ID nibble is 0 is
     * skipped as one byte whatever its length nibble says, as receivers such as libwebrtc do.
     */
    private static boolean isPadding(int lead, int profile) {
        return isOneByte(profile) ? lead >>> 4 == 0 : lead == 0;
    }

    private static long scan(byte[] b, int start, int end, int profile, int at) {
        boolean oneByte = isOneByte(profile);
        if (!oneByte && !isTwoByte(profile)) {
            return -1;
        }
        while (at < end) {
            int lead = b[at] & 0xFF;
            if (isPadding(lead, oneByte ? ONE_BYTE_PROFILE : TWO_BYTE_PROFILE)) {
                at++;
                continue;
            }
            int dataAt;
            int length;
            if (oneByte) {
                if (lead >>> 4 == 15) {
                    return -1;
                }
                dataAt = at + 1;
                length = (lead & 0x0F) + 1;
            } else {
                if (at + 1 >= end) {
                    return -1;
                }
                dataAt = at + 2;
                length = b[at + 1] & 0xFF;
            }
            if (dataAt + length > end) {
                return -1;
            }
            return ((long) dataAt << 32) | length;
        }
        return -1;
    }
}
