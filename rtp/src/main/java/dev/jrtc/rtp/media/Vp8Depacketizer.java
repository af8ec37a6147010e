package dev.jrtc.rtp.media;

/**
 * Reassembles VP8 frames (RFC 6386) from RTP payloads (RFC 7741 §4): strips the payload descriptor, starts a frame
 * at S=1 with partition index 0, ends it at the marker (§4.1), and tells key frames by the P bit of the VP8 payload
 * header (§4.3: 0 for a key frame).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |X|R|N|S|R| PID | (required)
 * |I|L|T|K| RSV   | (if X)
 * |M| PictureID   | (if I; one more byte if M)
 * |   TL0PICIDX   | (if L)
 * |TID|Y| KEYIDX  | (if T or K)
 * |Size0|H| VER |P| (payload header, first payload of a frame)
 * </pre>
 *
 * Frames come out as the encoder made them, as IVF files hold them.
 */
public final class Vp8Depacketizer extends AbstractDepacketizer {
    public Vp8Depacketizer() {
        this(DEFAULT_MAX_FRAME_SIZE, true);
    }

    /** See {@link AbstractDepacketizer#AbstractDepacketizer(int, boolean)}. */
    public Vp8Depacketizer(int maxFrameSize, boolean keyFrameAfterLoss) {
        super(maxFrameSize, keyFrameAfterLoss);
    }

    /** The payload descriptor's length, or -1 when it is cut short or no VP8 data follows it. */
    static int descriptorLength(byte[] p, int off, int len) {
        if (len < 1) return -1;
        int n = 1;
        if ((p[off] & 0x80) != 0) {
            if (len < 2) return -1;
            int x = p[off + 1] & 0xFF;
            n = 2;
            if ((x & 0x80) != 0) { // I: picture ID, 7 or 15 bits
                if (len < n + 1) return -1;
                n += (p[off + n] & 0x80) != 0 ? 2 : 1;
            }
            if ((x & 0x40) != 0) n++; // L: TL0PICIDX
            if ((x & 0x30) != 0) n++; // T or K: TID, Y, KEYIDX
        }
        return n < len ? n : -1;
    }

    @Override
    public boolean isFrameStart(byte[] payload, int offset, int length) {
        return descriptorLength(payload, offset, length) > 0 && (payload[offset] & 0x17) == 0x10;
    }

    @Override
    public boolean isKeyFrame(byte[] payload, int offset, int length) {
        int d = descriptorLength(payload, offset, length);
        return d > 0 && (payload[offset] & 0x17) == 0x10 && (payload[offset + d] & 0x01) == 0;
    }

    @Override
    public boolean isFrameEnd(boolean marker, byte[] payload, int offset, int length) {
        return marker;
    }

    @Override
    protected boolean parses(byte[] payload, int offset, int length) {
        return descriptorLength(payload, offset, length) > 0;
    }

    @Override
    protected boolean startFlagIsExplicit() {
        return true;
    }

    @Override
    protected boolean appendPayload(byte[] payload, int offset, int length, boolean first, boolean last) {
        int d = descriptorLength(payload, offset, length);
        if (d < 0) return false;
        return append(payload, offset + d, length - d);
    }
}
