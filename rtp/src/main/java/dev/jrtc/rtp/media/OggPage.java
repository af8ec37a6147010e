package dev.jrtc.rtp.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One Ogg page (RFC 3533 §6), read from or written to a stream: a 27-byte header, the segment table (lacing values)
 * and the body. A packet is the concatenation of its segments, ending at a lacing value below 255.
 *
 * <pre>
 * "OggS" | version 0 | header type (1 continued, 2 first page, 4 last page) | granule position (64) |
 * serial number (32) | page sequence number (32) | CRC (32) | segment count | lacing values | body   (little-endian)
 * </pre>
 *
 * A reusable reader: {@link #read} refills the fields and the body buffer.
 */
final class OggPage {
    static final int CONTINUED = 0x01;
    static final int BEGINNING_OF_STREAM = 0x02;
    static final int END_OF_STREAM = 0x04;
    static final int MAX_BODY = 255 * 255;

    int headerType;
    long granulePosition;
    int serial;
    long sequence;
    int segments;
    final int[] lacing = new int[255];
    final byte[] body = new byte[MAX_BODY];
    int bodyLength;

    private final byte[] header = new byte[27 + 255];

    /** Reads the next page; false at the end of the stream before a page begins. */
    boolean read(InputStream in) throws IOException {
        int n = in.readNBytes(header, 0, 27);
        if (n == 0) return false;
        if (n < 27) throw new EOFException("Ogg page header cut short: " + n + " of 27 bytes");
        if (!startsWith(header, "OggS")) throw new IOException("Ogg page without the OggS capture pattern");
        if (header[4] != 0) throw new IOException("Ogg page version " + (header[4] & 0xFF) + " (only 0 is defined)");
        headerType = header[5] & 0xFF;
        granulePosition = 0;
        for (int i = 7; i >= 0; i--) granulePosition = granulePosition << 8 | (header[6 + i] & 0xFF);
        serial = (int) le32(header, 14);
        sequence = le32(header, 18);
        int crc = (int) le32(header, 22);
        segments = header[26] & 0xFF;
        if (in.readNBytes(header, 27, segments) < segments) throw new EOFException("Ogg segment table cut short");
        bodyLength = 0;
        for (int i = 0; i < segments; i++) {
            lacing[i] = header[27 + i] & 0xFF;
            bodyLength += lacing[i];
        }
        if (in.readNBytes(body, 0, bodyLength) < bodyLength) throw new EOFException("Ogg page body cut short");
        header[22] = header[23] = header[24] = header[25] = 0;
        int computed = OggCrc.update(OggCrc.update(0, header, 0, 27 + segments), body, 0, bodyLength);
        if (computed != crc) throw new IOException("Ogg page " + sequence + " fails its CRC");
        return true;
    }

    /** Writes a page whose body is {@code body[0, sum of lacing)}. */
    static void write(OutputStream out, int headerType, long granulePosition, int serial, long sequence,
                      int[] lacing, int segments, byte[] body) throws IOException {
        byte[] h = new byte[27 + segments];
        h[0] = 'O';
        h[1] = 'g';
        h[2] = 'g';
        h[3] = 'S';
        h[5] = (byte) headerType;
        for (int i = 0; i < 8; i++) h[6 + i] = (byte) (granulePosition >>> (8 * i));
        for (int i = 0; i < 4; i++) h[14 + i] = (byte) (serial >>> (8 * i));
        for (int i = 0; i < 4; i++) h[18 + i] = (byte) (sequence >>> (8 * i));
        h[26] = (byte) segments;
        int bodyLength = 0;
        for (int i = 0; i < segments; i++) {
            h[27 + i] = (byte) lacing[i];
            bodyLength += lacing[i];
        }
        int crc = OggCrc.update(OggCrc.update(0, h, 0, h.length), body, 0, bodyLength);
        for (int i = 0; i < 4; i++) h[22 + i] = (byte) (crc >>> (8 * i));
        out.write(h);
        out.write(body, 0, bodyLength);
    }

    static boolean startsWith(byte[] b, String ascii) {
        if (b.length < ascii.length()) return false;
        for (int i = 0; i < ascii.length(); i++) if (b[i] != ascii.charAt(i)) return false;
        return true;
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }
}
