package dev.jrtc.rtp.media;

import java.util.Objects;

/**
 * Splits VP9 frames into RTP payloads in the non-flexible mode of RFC 9628 §4.2, for a stream of one spatial and one
 * temporal layer: every payload carries a 15-bit picture ID (one more per frame); B marks a frame's first payload, E
 * its last (which also gets the marker, §4.1); P is clear only on key frames; a key frame's first payload carries a
 * scalability structure with the frame size (V, §4.2.1) so receivers learn the resolution.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |I|P|L|F|B|E|V|Z|   I = 1, L = 0 (no layer indices, so no TL0PICIDX), F = 0, Z = 0
 * |M| PICTURE ID  |   M = 1
 * | EXTENDED PID  |
 * |N_S|Y|G|-|-|-|  |  (V = 1) N_S = 0 (one spatial layer), Y = 1, G = 0
 * |     WIDTH     |   (16 bits)
 * |     HEIGHT    |   (16 bits)
 * </pre>
 *
 * Frames are taken as libvpx writes them (an IVF frame); a superframe is carried as one frame. Payloads of a frame
 * are of nearly equal size. Not thread-safe: one per stream.
 */
public final class Vp9Packetizer implements Packetizer {
    private static final int I = 0x80, P = 0x40, B = 0x08, E = 0x04, V = 0x02;
    private static final int HEADER = 3;
    private static final int SCALABILITY_STRUCTURE = 5;

    private final int maxPayloadSize;
    private final Vp9FrameHeader header = new Vp9FrameHeader();
    private int pictureId;

    private byte[] frame;
    private int next;
    private int end;
    private int payloadsLeft;
    private boolean first;
    private boolean marker;
    private boolean keyFrame;
    private boolean withSize;

    /** @param firstPictureId the first 15-bit picture ID (random, per RFC 9628 §4.2) */
    public Vp9Packetizer(int maxPayloadSize, int firstPictureId) {
        if (maxPayloadSize < 32 || maxPayloadSize > 65535 - 12) {
            // 32: every payload of a frame then has room for data besides the 8-byte descriptor of a key frame.
            throw new IllegalArgumentException("maxPayloadSize must be 32..65523: " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
        this.pictureId = firstPictureId & 0x7FFF;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    @Override
    public void beginFrame(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length == 0) throw new IllegalArgumentException("a VP9 frame has at least one byte");
        boolean parsed = header.parse(frame, offset, length);
        keyFrame = parsed && header.keyFrame;
        withSize = keyFrame && header.width <= 0xFFFF && header.height <= 0xFFFF;
        this.frame = frame;
        this.next = offset;
        this.end = offset + length;
        // The first payload may carry the scalability structure: count it as taken from the first payload's room.
        int room = maxPayloadSize - HEADER;
        int extra = withSize ? SCALABILITY_STRUCTURE : 0;
        this.payloadsLeft = (length + extra + room - 1) / room;
        this.first = true;
    }

    @Override
    public boolean hasNextPayload() {
        return payloadsLeft > 0;
    }

    @Override
    public int nextPayload(byte[] dst, int offset) {
        if (payloadsLeft == 0) throw new IllegalStateException("no VP9 payload left: call beginFrame");
        Objects.checkFromIndexSize(offset, maxPayloadSize, dst.length);
        boolean ss = first && withSize;
        int total = end - next + (ss ? SCALABILITY_STRUCTURE : 0);
        int n = (total + payloadsLeft - 1) / payloadsLeft - (ss ? SCALABILITY_STRUCTURE : 0);
        boolean last = payloadsLeft == 1;
        int at = offset;
        dst[at++] = (byte) (I | (keyFrame ? 0 : P) | (first ? B : 0) | (last ? E : 0) | (ss ? V : 0));
        dst[at++] = (byte) (0x80 | pictureId >>> 8);
        dst[at++] = (byte) pictureId;
        if (ss) {
            dst[at++] = 0x10; // N_S = 0, Y = 1, G = 0
            dst[at++] = (byte) (header.width >>> 8);
            dst[at++] = (byte) header.width;
            dst[at++] = (byte) (header.height >>> 8);
            dst[at++] = (byte) header.height;
        }
        System.arraycopy(frame, next, dst, at, n);
        next += n;
        first = false;
        payloadsLeft--;
        marker = last;
        if (last) {
            pictureId = (pictureId + 1) & 0x7FFF;
            frame = null;
        }
        return at + n - offset;
    }

    @Override
    public boolean marker() {
        return marker;
    }
}
