package dev.jrtc.rtp;

/**
 * A reusable, zero-copy view of an RTP packet (RFC 3550 §5.1) over a caller's buffer: {@link #wrap} checks the
 * bytes and the accessors read them in place, so parsing a packet allocates nothing.
 *
 * <pre>
 * | V=2|P|X|CC |M| PT | sequence number | timestamp | SSRC | CSRC x CC | [profile | length | extension] | payload | [padding .. count]
 * </pre>
 * Ownership: the view keeps a reference to the buffer until the next {@code wrap}; the caller owns the buffer and
 * must not change it while reading through the view.
 */
public final class RtpPacket {
    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int paddingLength;
    private int extensionOffset = -1;
    private int extensionLength;

    /** Points the view at {@code buf[off, off+len)} and checks it; accessors are valid only after {@link RtpParseStatus#OK}. */
    public RtpParseStatus wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.extensionOffset = -1;
        this.extensionLength = 0;
        if (len < RtpHeader.FIXED_LENGTH) {
            return RtpParseStatus.TOO_SHORT;
        }
        if (RtpHeader.version(buf, off) != 2) {
            return RtpParseStatus.BAD_VERSION;
        }
        int n = RtpHeader.FIXED_LENGTH + 4 * RtpHeader.csrcCount(buf, off);
        if (n > len) {
            return RtpParseStatus.CSRC_OVERRUN;
        }
        if (RtpHeader.hasExtension(buf, off)) {
            if (n + 4 > len) {
                return RtpParseStatus.EXTENSION_OVERRUN;
            }
            int words = ((buf[off + n + 2] & 0xFF) << 8) | (buf[off + n + 3] & 0xFF);
            extensionOffset = n + 4;
            extensionLength = 4 * words;
            n += 4 + extensionLength;
            if (n > len) {
                extensionOffset = -1;
                return RtpParseStatus.EXTENSION_OVERRUN;
            }
            if (!RtpHeaderExtensions.isWellFormed(buf, off + extensionOffset, extensionLength, extensionProfile())) {
                return RtpParseStatus.BAD_EXTENSION;
            }
        }
        headerLength = n;
        paddingLength = 0;
        if (RtpHeader.hasPadding(buf, off)) {
            int count = buf[off + len - 1] & 0xFF;
            if (count == 0 || n + count > len) {
                return RtpParseStatus.BAD_PADDING;
            }
            paddingLength = count;
        }
        return RtpParseStatus.OK;
    }

    public byte[] buffer() { return buf; }
    public int offset() { return off; }
    public int length() { return len; }
    public int version() { return RtpHeader.version(buf, off); }
    public boolean hasPadding() { return RtpHeader.hasPadding(buf, off); }
    public boolean hasExtension() { return extensionOffset >= 0; }
    public int csrcCount() { return RtpHeader.csrcCount(buf, off); }
    public boolean marker() { return RtpHeader.marker(buf, off); }
    public int payloadType() { return RtpHeader.payloadType(buf, off); }
    public int sequenceNumber() { return RtpHeader.sequenceNumber(buf, off); }
    public long timestamp() { return RtpHeader.timestamp(buf, off); }
    public long ssrc() { return RtpHeader.ssrc(buf, off); }

    /** CSRC number {@code i}, {@code 0 <= i < csrcCount}. */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount()) {
            throw new IndexOutOfBoundsException("CSRC " + i + " of " + csrcCount());
        }
        return RtpHeader.readUint32(buf, off + RtpHeader.FIXED_LENGTH + 4 * i);
    }

    public int headerLength() { return headerLength; }

    /** Offset of the payload in {@link #buffer()}. */
    public int payloadOffset() { return off + headerLength; }

    /** Payload length, padding excluded. */
    public int payloadLength() { return len - headerLength - paddingLength; }

    public int paddingLength() { return paddingLength; }

    /** The 16-bit "defined by profile" field of the extension header, or -1 without an extension. */
    public int extensionProfile() {
        if (extensionOffset < 0) return -1;
        int at = off + extensionOffset - 4;
        return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
    }

    /** Offset in {@link #buffer()} of the extension data (after its 4-byte header), or -1. */
    public int extensionDataOffset() { return extensionOffset < 0 ? -1 : off + extensionOffset; }

    public int extensionDataLength() { return extensionLength; }

    /** The RFC 8285 element with {@code id}, packed as {@link RtpHeaderExtensions} describes, or -1. */
    public long findExtension(int id) {
        return extensionOffset < 0 ? -1
                : RtpHeaderExtensions.find(buf, off + extensionOffset, extensionLength, extensionProfile(), id);
    }
}
