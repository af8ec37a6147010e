package dev.jrtc.rtp.stream;

/**
 * Tells whether an RTP payload begins a frame, which only the payload format knows (e.g. the S bit with partition
 * index 0 in a VP8 payload descriptor, RFC 7741 §4.2). A {@link JitterBuffer} uses it when the packet before is
 * missing, to see whether the frame is whole anyway.
 */
@FunctionalInterface
public interface FrameStart {
    /** Never says: a frame start is then only known from the packet before it. */
    FrameStart UNKNOWN = (b, off, len) -> false;

    /** True when {@code b[off, off+len)}, an RTP payload, is the first packet of a frame. */
    boolean isFrameStart(byte[] b, int off, int len);
}
