package dev.jrtc.rtp.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads an H.264 byte stream (ITU-T H.264 Annex B, a ".h264" file) as access units. NAL units are found between
 * start codes; an access unit ends where the next one begins (§7.4.1.2.3): at an access unit delimiter, SEI, SPS,
 * PPS or nal_unit_type 14..18 after a slice, or at a slice with first_mb_in_slice = 0 (the first slice of the next
 * picture; streams with arbitrary slice order, which Baseline allows and encoders do not use, are not told apart).
 *
 * <p>Each access unit comes back in the form {@link H264Depacketizer} gives: every NAL unit after a
 * {@code 00 00 00 01} start code, trailing zero bytes removed. The stream is read in chunks as needed; NAL units
 * above {@link #MAX_NAL_UNIT} bytes and bytes before the first start code other than zeros are an
 * {@link IOException}.
 */
public final class AnnexBReader {
    /** Largest NAL unit accepted, far above any a WebRTC encoder makes. */
    public static final int MAX_NAL_UNIT = 8 << 20;

    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;

    // The NAL unit found by peek(): [nalStart, nalEnd), and where the data after it begins.
    private int nalStart;
    private int nalEnd;
    private int nalNext;

    /** The reader does not close {@code in}. */
    public AnnexBReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** The next access unit, or null at the end of the stream. The receiver owns the array. */
    public byte[] nextAccessUnit() throws IOException {
        byte[] au = new byte[0];
        int auLength = 0;
        boolean sawSlice = false;
        while (peek()) {
            int type = NalUnits.type(buf[nalStart]);
            boolean slice = type >= 1 && type <= 5;
            if (sawSlice && beginsAccessUnit(type)) break;
            int size = nalEnd - nalStart;
            if (auLength + 4 + size > au.length) au = Arrays.copyOf(au, Math.max(2 * au.length, auLength + 4 + size));
            au[auLength + 3] = 1;
            System.arraycopy(buf, nalStart, au, auLength + 4, size);
            auLength += 4 + size;
            pos = nalNext;
            sawSlice |= slice;
        }
        return auLength == 0 ? null : Arrays.copyOf(au, auLength);
    }

    /** Whether the NAL unit at nalStart, following a slice of the current access unit, starts the next one. */
    private boolean beginsAccessUnit(int type) {
        if (type == 6 || type == 7 || type == 8 || type == 9 || (type >= 14 && type <= 18)) return true;
        if (type == 1 || type == 2 || type == 5) {
            // first_mb_in_slice is ue(v): its first bit is 1 exactly when it is 0.
            return nalEnd - nalStart > 1 && (buf[nalStart + 1] & 0x80) != 0;
        }
        return false;
    }

    /** Finds the next NAL unit from pos, reading more of the stream as needed; false at the end. */
    private boolean peek() throws IOException {
        while (true) {
            int sc = NalUnits.startCode(buf, pos, lim);
            if (sc < 0) {
                if (!eof) {
                    fill();
                    continue;
                }
                checkOnlyZeros(pos, lim);
                pos = lim;
                return false;
            }
            if (!started) {
                checkOnlyZeros(pos, sc);
                started = true;
            }
            int next = NalUnits.startCode(buf, sc + 3, lim);
            if (next < 0 && !eof) {
                pos = sc;
                fill();
                continue;
            }
            int stop = next < 0 ? lim : next;
            int end = stop;
            while (end > sc + 3 && buf[end - 1] == 0) end--;
            if (end == sc + 3) { // an empty NAL unit: skip it
                pos = stop;
                if (next < 0) return false;
                continue;
            }
            nalStart = sc + 3;
            nalEnd = end;
            nalNext = stop;
            return true;
        }
    }

    private void checkOnlyZeros(int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            if (buf[i] != 0) throw new IOException(started ? "H.264 byte stream ends in bytes outside a NAL unit" : "not an H.264 Annex B byte stream: data before the first start code");
        }
    }

    /** Moves the unread bytes to the front, grows the buffer when a NAL unit needs it, and reads more. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            if (buf.length >= MAX_NAL_UNIT + 8) throw new IOException("H.264 NAL unit larger than " + MAX_NAL_UNIT + " bytes");
            buf = Arrays.copyOf(buf, Math.min(2 * buf.length, MAX_NAL_UNIT + 8));
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) eof = true;
        else lim += n;
    }
}
