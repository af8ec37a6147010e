package dev.jrtc.rtp.media;

import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Splits VP8 frames (RFC 6386) into RTP payloads (RFC 7741 §4): each payload starts with the payload descriptor, S
 * set on a frame's first payload, partition index 0, and the marker ends the frame (§4.1). With a picture ID the
 * descriptor carries it in the 15-bit form (M=1), one more per frame, as browsers send it.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * |X|R|N|S|R| PID |   X = whether the next byte follows, N = 0, S = start of the frame, PID = 0
 * |I|L|T|K| RSV   |   (X = 1) I = 1: a picture ID follows, no TL0PICIDX, TID or KEYIDX
 * |M| PictureID   |   (I = 1) M = 1: 15 bits
 * |   PictureID   |
 * </pre>
 *
 * Every frame is cut into payloads of nearly equal size, so no tiny last packet trails a large frame. Not
 * thread-safe: one packetizer per stream.
 */
public final class Vp8Packetizer implements Packetizer {
    private static final int START_OF_PARTITION = 0x10;
    private static final int EXTENDED = 0x80;
    private static final int HAS_PICTURE_ID = 0x80;

    private final int maxPayloadSize;
    private final boolean withPictureId;
    private final int descriptorLength;
    private int pictureId;

    private byte[] frame;
    private int next;
    private int end;
    private int payloadsLeft;
    private boolean first;
    private boolean marker;

    /** Only for the convenience {@link #packetize(byte[], long, Consumer)}; null when made as a plain packetizer. */
    private final RtpPacketizer rtp;

    /** A packetizer without picture IDs: one descriptor byte per payload. */
    public Vp8Packetizer(int maxPayloadSize) {
        this(maxPayloadSize, false, 0);
    }

    /** A packetizer that numbers frames with 15-bit picture IDs from {@code firstPictureId} (random, per RFC 7741 §4.2). */
    public Vp8Packetizer(int maxPayloadSize, int firstPictureId) {
        this(maxPayloadSize, true, firstPictureId);
    }

    private Vp8Packetizer(int maxPayloadSize, boolean withPictureId, int firstPictureId) {
        this.withPictureId = withPictureId;
        this.descriptorLength = withPictureId ? 4 : 1;
        if (maxPayloadSize <= descriptorLength || maxPayloadSize > 65535 - 12) {
            throw new IllegalArgumentException("maxPayloadSize must leave room for the " + descriptorLength + "-byte descriptor and a byte: " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
        this.pictureId = firstPictureId & 0x7FFF;
        this.rtp = null;
    }

    /**
     * A packetizer that also writes RTP headers, for {@link #packetize(byte[], long, Consumer)}: packets of at most
     * {@code maxPacketSize} bytes (a 12-byte header, the descriptor and the payload), e.g. 1100 so that SRTP, header
     * extensions and DTLS-era MTUs of 1200 bytes leave room.
     *
     * @param payloadType   the negotiated VP8 payload type (a PeerConnection sender rewrites it anyway)
     * @param ssrc          the stream's SSRC (likewise rewritten by a PeerConnection sender)
     * @param firstSequence the first sequence number (RFC 3550 §5.1 suggests a random one)
     */
    public Vp8Packetizer(int maxPacketSize, int payloadType, long ssrc, int firstSequence) {
        if (maxPacketSize < 12 + 1 + 1 || maxPacketSize > 65535) {
            throw new IllegalArgumentException("maxPacketSize must leave room for a 12-byte header, the descriptor and a byte: " + maxPacketSize);
        }
        this.withPictureId = false;
        this.descriptorLength = 1;
        this.maxPayloadSize = maxPacketSize - 12;
        this.rtp = new RtpPacketizer(this, new RtpHeaderWriter().payloadType(payloadType).ssrc(ssrc), firstSequence);
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    @Override
    public void beginFrame(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length == 0) throw new IllegalArgumentException("a VP8 frame has at least one byte");
        this.frame = frame;
        this.next = offset;
        this.end = offset + length;
        int room = maxPayloadSize - descriptorLength;
        this.payloadsLeft = (length + room - 1) / room;
        this.first = true;
    }

    @Override
    public boolean hasNextPayload() {
        return payloadsLeft > 0;
    }

    @Override
    public int nextPayload(byte[] dst, int offset) {
        if (payloadsLeft == 0) throw new IllegalStateException("no VP8 payload left: call beginFrame");
        Objects.checkFromIndexSize(offset, maxPayloadSize, dst.length);
        int n = (end - next + payloadsLeft - 1) / payloadsLeft; // spread the rest evenly
        int at = offset;
        dst[at++] = (byte) ((withPictureId ? EXTENDED : 0) | (first ? START_OF_PARTITION : 0));
        if (withPictureId) {
            dst[at++] = (byte) HAS_PICTURE_ID;
            dst[at++] = (byte) (0x80 | pictureId >>> 8);
            dst[at++] = (byte) pictureId;
        }
        System.arraycopy(frame, next, dst, at, n);
        next += n;
        first = false;
        marker = --payloadsLeft == 0;
        if (marker) {
            pictureId = (pictureId + 1) & 0x7FFF;
            frame = null;
        }
        return at + n - offset;
    }

    @Override
    public boolean marker() {
        return marker;
    }

    /**
     * Convenience for sending a file: hands {@code sink} the whole RTP packets of one frame, in order; the sink owns
     * each array. Only for a packetizer made with {@link #Vp8Packetizer(int, int, long, int)}.
     *
     * @return how many packets the frame took
     * @throws IllegalArgumentException for an empty frame
     */
    public int packetize(byte[] frame, long rtpTimestamp, Consumer<byte[]> sink) {
        Objects.requireNonNull(sink, "sink");
        if (rtp == null) throw new IllegalStateException("made without RTP header fields: use RtpPacketizer");
        return rtp.packetize(frame, 0, frame.length, rtpTimestamp, (p, n) -> sink.accept(java.util.Arrays.copyOf(p, n)));
    }

    /** The sequence number the next packet of {@link #packetize(byte[], long, Consumer)} gets. */
    public int nextSequence() {
        if (rtp == null) throw new IllegalStateException("made without RTP header fields: use RtpPacketizer");
        return rtp.nextSequence();
    }
}
