package dev.jrtc.rtp.media;

/**
 * The start of a VP9 frame's uncompressed header (VP9 Bitstream Specification v0.6 §6.2): whether the frame is a key
 * frame and, for key frames, its size. The VP9 packetizer needs both for the P bit and the scalability structure of
 * RFC 9628 §4.2; nothing else of the header is read.
 *
 * <pre>
 * frame_marker(2)=2 | profile_low_bit | profile_high_bit | [reserved_zero if profile 3] | show_existing_frame |
 * frame_type(0 = key) | show_frame | error_resilient_mode | key: sync code 49 83 42 | color_config | width-1(16) | height-1(16)
 * </pre>
 *
 * A reusable parser: {@link #parse} fills the fields, nothing is allocated.
 */
final class Vp9FrameHeader {
    boolean keyFrame;
    int width;
    int height;

    private byte[] b;
    private int bitPos;
    private int bitEnd;

    /** Reads the header at {@code frame[off, off+len)}; false when it is not a VP9 frame header (then nothing is known). */
    boolean parse(byte[] frame, int off, int len) {
        keyFrame = false;
        width = 0;
        height = 0;
        b = frame;
        bitPos = off * 8;
        bitEnd = (off + len) * 8;
        try {
            if (bits(2) != 2) return false;
            int profile = bits(1) | bits(1) << 1;
            if (profile == 3 && bits(1) != 0) return false;
            if (bits(1) == 1) return true; // show_existing_frame: shows an earlier frame, not a key frame
            if (bits(1) != 0) return true; // frame_type 1: a non-key frame
            bits(2); // show_frame, error_resilient_mode
            if (bits(24) != 0x498342) return false;
            if (profile >= 2) bits(1); // ten_or_twelve_bit
            int colorSpace = bits(3);
            if (colorSpace != 7) { // not CS_RGB
                bits(1); // color_range
                if (profile == 1 || profile == 3) bits(3); // subsampling_x, subsampling_y, reserved_zero
            } else if (profile == 1 || profile == 3) {
                bits(1); // reserved_zero
            }
            width = bits(16) + 1;
            height = bits(16) + 1;
            keyFrame = true;
            return true;
        } catch (IndexOutOfBoundsException cut) {
            keyFrame = false;
            width = 0;
            height = 0;
            return false;
        } finally {
            b = null;
        }
    }

    private int bits(int n) {
        if (bitPos + n > bitEnd) throw new IndexOutOfBoundsException("VP9 header cut short");
        int v = 0;
        for (int i = 0; i < n; i++, bitPos++) v = v << 1 | (b[bitPos >>> 3] >>> (7 - (bitPos & 7))) & 1;
        return v;
    }
}
