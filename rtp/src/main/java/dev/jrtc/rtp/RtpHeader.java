package dev.jrtc.rtp;

/**
 * Static accessors for the fixed RTP header (RFC 3550 §5.1) read straight from a byte array, with no allocation.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The accessors other than {@link #headerLength} assume the caller checked {@code length >= FIXED_LENGTH}.
 */
public final class RtpHeader {
    /** Length of the fixed header, without CSRCs or extension. */
    public static final int FIXED_LENGTH = 12;

    private RtpHeader() {}

    public static int version(byte[] b, int off) { return (b[off] & 0xC0) >>> 6; }
    public static boolean hasPadding(byte[] b, int off) { return (b[off] & 0x20) != 0; }
    public static boolean hasExtension(byte[] b, int off) { return (b[off] & 0x10) != 0; }
    public static int csrcCount(byte[] b, int off) { return b[off] & 0x0F; }
    public static boolean marker(byte[] b, int off) { return (b[off + 1] & 0x80) != 0; }
    public static int payloadType(byte[] b, int off) { return b[off + 1] & 0x7F; }
    public static int sequenceNumber(byte[] b, int off) { return ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF); }
    public static long timestamp(byte[] b, int off) { return readUint32(b, off + 4); }
    public static long ssrc(byte[] b, int off) { return readUint32(b, off + 8); }

    /**
     * Length of the whole header (fixed part, CSRCs and header extension), or -1 when the bytes are not a
     * well-formed RTP version 2 header that fits in {@code length}.
     */
    public static int headerLength(byte[] b, int off, int length) {
        if (length < FIXED_LENGTH || version(b, off) != 2) return -1;
        int n = FIXED_LENGTH + 4 * csrcCount(b, off);
        if (hasExtension(b, off)) {
            if (length < n + 4) return -1;
            int words = ((b[off + n + 2] & 0xFF) << 8) | (b[off + n + 3] & 0xFF);
            n += 4 + 4 * words;
        }
        return n <= length ? n : -1;
    }

    static long readUint32(byte[] b, int off) {
        return ((long) (b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
