package dev.jrtc.rtp.media;

import java.util.Arrays;

/**
 * The NAL units of an H.264 byte stream (ITU-T H.264 Annex B.1): each follows a start code {@code 00 00 01}
 * (optionally with a leading zero byte) and ends before the next start code, less trailing zero bytes. A reusable
 * index of {@code [start, end)} pairs: {@link #scan} grows the arrays once and then allocates nothing.
 */
final class NalUnits {
    int count;
    int[] start = new int[16];
    int[] end = new int[16];

    /**
     * Indexes the NAL units of {@code b[off, off+len)}; false when bytes other than zeros come before the first start
     * code (not Annex B) or no NAL unit is found.
     */
    boolean scan(byte[] b, int off, int len) {
        count = 0;
        int limit = off + len;
        int sc = startCode(b, off, limit);
        if (sc < 0) return false;
        for (int i = off; i < sc; i++) if (b[i] != 0) return false;
        while (sc >= 0) {
            int nal = sc + 3;
            int next = startCode(b, nal, limit);
            int stop = next < 0 ? limit : next;
            while (stop > nal && b[stop - 1] == 0) stop--; // trailing_zero_8bits and the next start code's zero_byte
            if (stop > nal) add(nal, stop);
            sc = next;
        }
        return count > 0;
    }

    private void add(int s, int e) {
        if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            end = Arrays.copyOf(end, count * 2);
        }
        start[count] = s;
        end[count] = e;
        count++;
    }

    /** The index of the next {@code 00 00 01} in {@code b[from, limit)}, or -1. */
    static int startCode(byte[] b, int from, int limit) {
        for (int i = from; i + 2 < limit; ) {
            byte third = b[i + 2];
            if (third > 1 || third < 0) {
                i += 3; // no start code can include this byte as its first or second zero
            } else if (third == 1 && b[i] == 0 && b[i + 1] == 0) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The nal_unit_type of a NAL unit starting with header byte {@code h} (H.264 §7.3.1). */
    static int type(byte h) {
        return h & 0x1F;
    }
}
