package dev.jrtc.rtp.media;

/**
 * Unsigned LEB128 numbers as AV1 uses them (AV1 Bitstream §4.10.5: little-endian groups of 7 bits, the top bit of
 * each byte saying another follows; at most 8 bytes, values below 2^32), for OBU sizes and the OBU element lengths of
 * the AV1 RTP payload (AV1 RTP §4.3).
 */
final class Leb128 {
    private Leb128() {}

    /**
     * Reads a number at {@code b[off]} not reaching {@code limit}.
     *
     * @return {@code value << 4 | bytesRead}, or -1 when it is cut short, longer than 8 bytes or 2^32 or more
     */
    static long read(byte[] b, int off, int limit) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            if (off + i >= limit) return -1;
            int x = b[off + i] & 0xFF;
            value |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) return value > 0xFFFFFFFFL ? -1 : value << 4 | (i + 1);
        }
        return -1;
    }

    /** How many bytes the shortest encoding of {@code value} takes. */
    static int size(long value) {
        int n = 1;
        while (value >= 0x80) {
            value >>>= 7;
            n++;
        }
        return n;
    }

    /** Writes the shortest encoding of {@code value} at {@code b[off]}; returns its length. */
    static int write(long value, byte[] b, int off) {
        int n = 0;
        do {
            int x = (int) (value & 0x7F);
            value >>>= 7;
            b[off + n++] = (byte) (value != 0 ? x | 0x80 : x);
        } while (value != 0);
        return n;
    }
}
