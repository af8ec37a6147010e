package dev.jrtc.rtp.media;

/**
 * Reads an Opus packet's table-of-contents byte and frame count (RFC 6716 §3.1, §3.2): how many 48 kHz samples it
 * decodes to, which is what Ogg granule positions count (RFC 7845 §4) and RTP timestamps advance by (RFC 7587 §4.1).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * | config  |s| c |   config: mode, bandwidth, frame size; s: stereo; c: 0 = 1 frame, 1 and 2 = 2 frames, 3 = M frames
 * |v|p|     M     |   (c = 3) M = frame count
 * </pre>
 */
public final class OpusPacket {
    /** RFC 6716 §3.2.5: a packet lasts at most 120 ms. */
    public static final int MAX_SAMPLES = 5760;

    private OpusPacket() {}

    /** Samples at 48 kHz of one frame of the given TOC config (0..31), RFC 6716 §3.1 Table 2. */
    public static int samplesPerFrame(int config) {
        if (config < 12) return new int[] {480, 960, 1920, 2880}[config & 3];   // SILK-only: 10, 20, 40, 60 ms
        if (config < 16) return (config & 1) == 0 ? 480 : 960;                    // hybrid: 10, 20 ms
        return 120 << (config & 3);                                               // CELT-only: 2.5, 5, 10, 20 ms
    }

    /**
     * The packet's duration in 48 kHz samples, or -1 when it is not a well-formed Opus packet as far as the TOC and
     * frame count show (empty, code 3 without its count byte or with M = 0, over 120 ms, code 1 with an odd length).
     */
    public static int samples(byte[] p, int off, int len) {
        if (len < 1) return -1;
        int toc = p[off] & 0xFF;
        int frames;
        switch (toc & 3) {
            case 0 -> frames = 1;
            case 1 -> {
                if ((len - 1) % 2 != 0) return -1; // §3.2.3: two frames of equal size
                frames = 2;
            }
            case 2 -> {
                if (len < 2) return -1; // §3.2.4: the first frame's length follows
                frames = 2;
            }
            default -> {
                if (len < 2) return -1;
                frames = p[off + 1] & 0x3F;
                if (frames == 0) return -1;
            }
        }
        int samples = frames * samplesPerFrame(toc >>> 3);
        return samples <= MAX_SAMPLES ? samples : -1;
    }
}
