package dev.jrtc.sctp;

/** Bounds-checked big-endian reads over one chunk's value; an overrun is a {@link SctpFormatException}. */
final class ChunkIn {
    private final byte[] b;
    private int at;
    private final int end;

    ChunkIn(byte[] b, int off, int len) {
        this.b = b;
        this.at = off;
        this.end = off + len;
    }

    int remaining() {
        return end - at;
    }

    private void need(int n, String what) throws SctpFormatException {
        if (n > end - at) throw new SctpFormatException(what + " runs past the end of its chunk");
    }

    int u8(String what) throws SctpFormatException {
        need(1, what);
        return b[at++] & 0xFF;
    }

    int u16(String what) throws SctpFormatException {
        need(2, what);
        int v = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        at += 2;
        return v;
    }

    long u32(String what) throws SctpFormatException {
        need(4, what);
        long v = ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        at += 4;
        return v;
    }

    byte[] bytes(int n, String what) throws SctpFormatException {
        need(n, what);
        byte[] out = java.util.Arrays.copyOfRange(b, at, at + n);
        at += n;
        return out;
    }

    byte[] rest() {
        byte[] out = java.util.Arrays.copyOfRange(b, at, end);
        at = end;
        return out;
    }
}
