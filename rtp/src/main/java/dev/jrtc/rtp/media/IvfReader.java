package dev.jrtc.rtp.media;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads the IVF container that libvpx and ffmpeg write for VP8 (the "DKIF" format of the WebM project, also used for
 * the RFC 6386 test vectors): a 32-byte file header, then per frame a 12-byte header (size, 64-bit pts) and the data.
 *
 * <pre>
 * file:  "DKIF" | version (16) | header size (16) | fourcc | width (16) | height (16) | rate (32) | scale (32) | frames (32) | unused (32)
 * frame: size (32) | pts (64) | size bytes of codec data          (all little-endian)
 * </pre>
 *
 * Malformed input is an {@link IOException} naming what is wrong; frames above {@link #MAX_FRAME} bytes are refused.
 */
public final class IvfReader {
    /** Largest frame accepted: far above any VP8 frame a WebRTC sender makes, small enough to allocate. */
    public static final int MAX_FRAME = 8 << 20;

    private final InputStream in;
    private final String fourcc;
    private final int width;
    private final int height;
    private final long timebaseDenominator;
    private final long timebaseNumerator;
    private final long frameCount;

    /** Reads and checks the file header; the reader does not close {@code in}. */
    public IvfReader(InputStream in) throws IOException {
        this.in = Objects.requireNonNull(in, "in");
        byte[] h = readFully(32, "file header");
        if (h[0] != 'D' || h[1] != 'K' || h[2] != 'I' || h[3] != 'F') throw new IOException("not an IVF file: no DKIF signature");
        int headerSize = u16(h, 6);
        if (headerSize < 32 || headerSize > 1024) throw new IOException("IVF header size " + headerSize + " is not 32..1024");
        fourcc = new String(h, 8, 4, StandardCharsets.US_ASCII);
        width = u16(h, 12);
        height = u16(h, 14);
        timebaseDenominator = u32(h, 16);
        timebaseNumerator = u32(h, 20);
        frameCount = u32(h, 24);
        if (timebaseDenominator == 0 || timebaseNumerator == 0) throw new IOException("IVF time base " + timebaseNumerator + "/" + timebaseDenominator + " has a zero");
        if (headerSize > 32) readFully(headerSize - 32, "rest of the file header");
    }

    /** The codec, e.g. "VP80". */
    public String fourcc() {
        return fourcc;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frames the header announces (writers may leave it 0). */
    public long frameCount() {
        return frameCount;
    }

    /** Converts a frame's pts to an RTP timestamp at {@code clockRate} (90000 for video, RFC 7741 §4.1). */
    public long rtpTimestamp(long pts, int clockRate) {
        return (pts * clockRate * timebaseNumerator / timebaseDenominator) & 0xFFFFFFFFL;
    }

    /** The next frame, or null at the end of the file. */
    public IvfFrame next() throws IOException {
        int first = in.read();
        if (first < 0) return null;
        byte[] rest = readFully(11, "frame header");
        long size = (first & 0xFF) | ((rest[0] & 0xFFL) << 8) | ((rest[1] & 0xFFL) << 16) | ((rest[2] & 0xFFL) << 24);
        long pts = 0;
        for (int i = 10; i >= 3; i--) pts = (pts << 8) | (rest[i] & 0xFF);
        if (size == 0 || size > MAX_FRAME) throw new IOException("IVF frame of " + size + " bytes (1.." + MAX_FRAME + " accepted)");
        return new IvfFrame(pts, readFully((int) size, "frame data"));
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new EOFException("IVF " + what + " cut short: " + b.length + " of " + n + " bytes");
        return b;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }
}
