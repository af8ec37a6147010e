package dev.jrtc.rtp.media;

/**
 * Turns the RTP payloads of one stream, handed over in sequence-number order (a jitter buffer's output), back into
 * complete frames (RFC 3550 §5.1 sequence numbers find gaps; each codec's RFC says where a frame starts and ends).
 * A frame with a lost packet is discarded and counted, never delivered half; malformed payloads are dropped and
 * counted, never thrown.
 *
 * <p>The three per-payload predicates ({@link #isFrameStart}, {@link #isKeyFrame}, {@link #isFrameEnd}) read only
 * the given bytes and no state, so a jitter buffer can call them on packets it holds.
 *
 * <p>Ownership: {@link #handlePayload} copies what it keeps and holds no reference to the caller's buffer. The
 * frame bytes ({@link #frameBuffer()}) belong to the depacketizer and are valid until the next {@code handlePayload}:
 * copy them to keep them. Not thread-safe: one per stream.
 */
public interface Depacketizer {
    /**
     * Whether this payload can begin a frame: the codec's start flag (VP8 S with partition 0, VP9 B, AV1 Z=0); for
     * H.264 a payload that begins a NAL unit (a single NAL unit, a STAP-A, or an FU-A with S), which starts a frame
     * only when the previous packet ended one (RFC 6184 has no frame-start flag). Always true for Opus.
     */
    boolean isFrameStart(byte[] payload, int offset, int length);

    /**
     * Whether this payload shows its frame is a key frame (decodable without earlier frames): VP8 P=0 in a start
     * payload, VP9 P=0 with B in spatial layer 0, an IDR slice (or its FU-A start) in H.264, N=1 in AV1. Always true
     * for Opus, whose packets all decode on their own.
     */
    boolean isKeyFrame(byte[] payload, int offset, int length);

    /** Whether a payload with this RTP marker bit ends its frame (the marker for video, every payload for Opus). */
    boolean isFrameEnd(boolean marker, byte[] payload, int offset, int length);

    /**
     * Takes the next payload of the stream.
     *
     * @param sequenceNumber the packet's RTP sequence number (gaps are loss)
     * @param timestamp      the packet's RTP timestamp (the frame's time)
     * @param marker         the packet's RTP marker bit
     */
    DepacketizeResult handlePayload(int sequenceNumber, long timestamp, boolean marker, byte[] payload, int offset, int length);

    /** The completed frame's bytes are {@code frameBuffer()[0, frameLength())}; owned by the depacketizer. */
    byte[] frameBuffer();

    int frameLength();

    /** A copy of the completed frame. */
    default byte[] copyFrame() {
        return java.util.Arrays.copyOf(frameBuffer(), frameLength());
    }

    /** The completed frame's RTP timestamp. */
    long frameTimestamp();

    /** Whether the completed frame is a key frame. */
    boolean frameIsKeyFrame();

    /** Whether frames were discarded between the previous completed frame and this one (ask for a key frame). */
    boolean frameFollowsLoss();

    /** Frames delivered. */
    long framesCompleted();

    /** Frames discarded because a packet of theirs was lost or malformed, or a key frame was awaited. */
    long framesDiscarded();

    /** Payloads dropped because they do not parse (the frame they belong to is discarded too). */
    long malformedPayloads();

    /** Payloads dropped as duplicates or as older than one already handled. */
    long lateOrDuplicatePayloads();
}
