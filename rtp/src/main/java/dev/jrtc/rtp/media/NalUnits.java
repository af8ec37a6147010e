package dev.jrtc.rtp.media;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** The index of the next {@code 00 00 01} in {@code b[from, limit)}, or -1. */
    static int startCode(byte[] b, int from, int limit) {
        int i = from;
        while (i + 2 < limit) {
            // A start code begins with a zero byte: skip eight bytes at a time while none is zero. The test
            // (x - 0x01..) & ~x & 0x80.. is non-zero exactly when some byte of x is zero.
            if (i + 8 <= limit) {
                long x = (long) LONGS.get(b, i);
                if (((x - ONES) & ~x & HIGHS) == 0) {
                    i += 8;
                    continue;
                }
            }
            for (int stop = Math.min(i + 8, limit - 2); i < stop; i++) {
                if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) return i;
            }
        }
        return -1;
    }

    /** The nal_unit_type of a NAL unit starting with header byte {@code h} (H.264 §7.3.1). */
    static int type(byte h) {
        return h & 0x1F;
    }
}
