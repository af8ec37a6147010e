package dev.jrtc.rtp.media;

/** What a {@link Depacketizer} did with one RTP payload. */
public enum DepacketizeResult {
    /** The payload was taken into the frame being assembled; the frame is not complete yet. */
    PENDING,
    /** The payload completed a frame, readable through the depacketizer's {@code frame*} accessors until the next payload. */
    FRAME_COMPLETE,
    /**
     * The payload was dropped: malformed, a duplicate or late, or part of a frame that cannot be completed (its start
     * or another packet was lost, or a key frame is awaited). The depacketizer's counters say which.
     */
    DROPPED
}
