package dev.jrtc.rtp.rtcp;

/** Bounds-checked big-endian reads over one RTCP packet's body; every overrun is an {@link RtcpFormatException}. */
final class RtcpIn {
    private final byte[] b;
    private int at;
    private final int end;

    RtcpIn(byte[] b, int off, int len) {
        this.b = b;
        this.at = off;
        this.end = off + len;
    }

    int remaining() {
        return end - at;
    }

    int position() {
        return at;
    }

    private void need(int n, String what) throws RtcpFormatException {
        if (n > end - at) {
            throw new RtcpFormatException(what + " runs past the end of the packet");
        }
    }

    int u8(String what) throws RtcpFormatException {
        need(1, what);
        return b[at++] & 0xFF;
    }

    int u16(String what) throws RtcpFormatException {
        need(2, what);
        int v = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        at += 2;
        return v;
    }

    int u24(String what) throws RtcpFormatException {
        need(3, what);
        int v = ((b[at] & 0xFF) << 16) | ((b[at + 1] & 0xFF) << 8) | (b[at + 2] & 0xFF);
        at += 3;
        return v;
    }

    long u32(String what) throws RtcpFormatException {
        need(4, what);
        long v = ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
        at += 4;
        return v;
    }

    OpaqueBytes bytes(int n, String what) throws RtcpFormatException {
        need(n, what);
        OpaqueBytes o = OpaqueBytes.copyOf(b, at, n);
        at += n;
        return o;
    }

    OpaqueBytes rest() {
        OpaqueBytes o = OpaqueBytes.copyOf(b, at, end - at);
        at = end;
        return o;
    }

    void skip(int n, String what) throws RtcpFormatException {
        need(n, what);
        at += n;
    }
}
