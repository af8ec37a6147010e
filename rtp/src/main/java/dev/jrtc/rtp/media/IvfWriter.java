package dev.jrtc.rtp.media;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes the IVF container ("DKIF", the WebM project's format for raw VP8, VP9 and AV1 frames) that {@link IvfReader}
 * reads and ffmpeg and libvpx read and write: a 32-byte file header, then per frame a 12-byte header and the data.
 *
 * <pre>
 * file:  "DKIF" | version 0 (16) | header size 32 (16) | fourcc | width (16) | height (16) | rate (32) | scale (32) | frames (32) | unused (32)
 * frame: size (32) | pts (64) | size bytes of codec data          (all little-endian)
 * </pre>
 *
 * The writer does not close {@code out} and keeps no reference to the frames it is given.
 */
public final class IvfWriter {
    private final OutputStream out;
    private final byte[] frameHeader = new byte[12];

    /**
     * Writes the file header.
     *
     * @param fourcc      "VP80", "VP90" or "AV01"
     * @param rate        the time base's denominator (e.g. 90000, or the frame rate)
     * @param scale       the time base's numerator (pts are in units of scale/rate seconds)
     * @param frameCount  frames the file will hold, or 0 when not known in advance (readers then count them)
     */
    public IvfWriter(OutputStream out, String fourcc, int width, int height, long rate, long scale, long frameCount) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        byte[] code = fourcc.getBytes(StandardCharsets.US_ASCII);
        if (code.length != 4) throw new IllegalArgumentException("an IVF fourcc is 4 ASCII characters: " + fourcc);
        if (width < 0 || width > 0xFFFF || height < 0 || height > 0xFFFF) throw new IllegalArgumentException("IVF width and height are 16-bit: " + width + "x" + height);
        if (rate <= 0 || rate > 0xFFFFFFFFL || scale <= 0 || scale > 0xFFFFFFFFL) throw new IllegalArgumentException("IVF time base " + scale + "/" + rate + " must be positive 32-bit numbers");
        if (frameCount < 0 || frameCount > 0xFFFFFFFFL) throw new IllegalArgumentException("frameCount is 32-bit: " + frameCount);
        byte[] h = new byte[32];
        h[0] = 'D';
        h[1] = 'K';
        h[2] = 'I';
        h[3] = 'F';
        le(h, 6, 32, 2);
        System.arraycopy(code, 0, h, 8, 4);
        le(h, 12, width, 2);
        le(h, 14, height, 2);
        le(h, 16, rate, 4);
        le(h, 20, scale, 4);
        le(h, 24, frameCount, 4);
        out.write(h);
    }

    /** Writes one frame with presentation time {@code pts} (in the file's time base). */
    public void writeFrame(byte[] data, int offset, int length, long pts) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length == 0) throw new IllegalArgumentException("an IVF frame has at least one byte");
        le(frameHeader, 0, length, 4);
        le(frameHeader, 4, pts, 8);
        out.write(frameHeader);
        out.write(data, offset, length);
    }

    private static void le(byte[] b, int off, long v, int n) {
        for (int i = 0; i < n; i++) b[off + i] = (byte) (v >>> (8 * i));
    }
}
