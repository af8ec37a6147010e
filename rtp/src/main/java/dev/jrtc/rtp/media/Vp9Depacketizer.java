package dev.jrtc.rtp.media;

/**
 * Reassembles VP9 frames from RTP payloads (RFC 9628 §4.2), in flexible (F = 1) and non-flexible (F = 0) mode:
 * strips the payload descriptor, starts a frame at B (beginning of a layer frame), ends it at E or the marker, and
 * tells key frames by P = 0 with B in spatial layer 0 (§4.2: not inter-picture predicted).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |I|P|L|F|B|E|V|Z| (required)
 * |M| PICTURE ID  | (if I; the EXTENDED PID byte follows if M)
 * | TID |U| SID |D| (if L)
 * |   TL0PICIDX   | (if L and F = 0)
 * | P_DIFF      |N| (if F and P; up to 3, N = another follows)
 * | N_S |Y|G|-|-|-| (if V: the scalability structure, then 4 bytes per spatial layer if Y, then N_G and the picture
 * |  ...          |  group if G, each | T |U| R |-|-| with R P_DIFF bytes)
 * </pre>
 *
 * Each layer frame comes out as one frame (with one spatial layer, one frame per picture), as libvpx and IVF files
 * hold them.
 */
public final class Vp9Depacketizer extends AbstractDepacketizer {
    private static final int I = 0x80, P = 0x40, L = 0x20, F = 0x10, B = 0x08, E = 0x04, V = 0x02;

    public Vp9Depacketizer() {
        this(DEFAULT_MAX_FRAME_SIZE, true);
    }

    /** See {@link AbstractDepacketizer#AbstractDepacketizer(int, boolean)}. */
    public Vp9Depacketizer(int maxFrameSize, boolean keyFrameAfterLoss) {
        super(maxFrameSize, keyFrameAfterLoss);
    }

    /** The payload descriptor's length, or -1 when it is cut short, inconsistent, or no VP9 data follows it. */
    static int descriptorLength(byte[] p, int off, int len) {
        if (len < 1) return -1;
        int b0 = p[off] & 0xFF;
        int n = 1;
        if ((b0 & I) != 0) {
            if (len < 2) return -1;
            n += (p[off + 1] & 0x80) != 0 ? 2 : 1;
        }
        if ((b0 & L) != 0) n += (b0 & F) != 0 ? 1 : 2; // layer indices, and TL0PICIDX in non-flexible mode
        if ((b0 & F) != 0 && (b0 & P) != 0) {
            for (int refs = 1; ; refs++) {             // P_DIFF|N, at most 3 references
                if (n >= len) return -1;
                boolean more = (p[off + n++] & 0x01) != 0;
                if (!more) break;
                if (refs == 3) return -1;
            }
        }
        if ((b0 & V) != 0) {
            if (n >= len) return -1;
            int ss = p[off + n++] & 0xFF;
            int spatialLayers = (ss >>> 5) + 1;
            if ((ss & 0x10) != 0) n += 4 * spatialLayers; // WIDTH and HEIGHT per layer
            if ((ss & 0x08) != 0) {                        // the picture group
                if (n >= len) return -1;
                int pictures = p[off + n++] & 0xFF;
                for (int i = 0; i < pictures; i++) {
                    if (n >= len) return -1;
                    n += 1 + ((p[off + n] >>> 2) & 0x03);
                }
            }
        }
        return n < len ? n : -1;
    }

    @Override
    public boolean isFrameStart(byte[] payload, int offset, int length) {
        return descriptorLength(payload, offset, length) > 0 && (payload[offset] & B) != 0;
    }

    @Override
    public boolean isKeyFrame(byte[] payload, int offset, int length) {
        if (descriptorLength(payload, offset, length) < 0) return false;
        int b0 = payload[offset] & 0xFF;
        if ((b0 & (B | P)) != B) return false;
        if ((b0 & L) == 0) return true;
        int layerAt = offset + 1 + ((b0 & I) == 0 ? 0 : (payload[offset + 1] & 0x80) != 0 ? 2 : 1);
        return ((payload[layerAt] >>> 1) & 0x07) == 0; // SID = 0
    }

    @Override
    public boolean isFrameEnd(boolean marker, byte[] payload, int offset, int length) {
        return marker || (length > 0 && (payload[offset] & E) != 0);
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
        if (!first && (payload[offset] & B) != 0) return false; // a second beginning inside one layer frame
        return append(payload, offset + d, length - d);
    }
}
