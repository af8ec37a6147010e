package dev.jrtc.rtp.media;

/**
 * The CRC-32 of Ogg pages (RFC 3533 §6): generator polynomial 0x04C11DB7, initial value 0, no bit reflection, no
 * final XOR, over the whole page with the checksum field set to zero.
 */
final class OggCrc {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            TABLE[i] = r;
        }
    }

    private OggCrc() {}

    static int update(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b[i]) & 0xFF];
        return crc;
    }
}
