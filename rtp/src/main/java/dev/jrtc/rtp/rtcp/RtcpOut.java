package dev.jrtc.rtp.rtcp;

import java.util.Arrays;

/** A growable buffer that writes RTCP packets: the common header (RFC 3550 §6.4.1) with its length filled in last. */
final class RtcpOut {
    private byte[] buf = new byte[256];
    private int size;
    private int packetStart = -1;

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    /** Starts a packet with V=2, no padding, the count/format field and the packet type. */
    void begin(int count, int packetType) {
        packetStart = size;
        u8(0x80 | (count & 0x1F));
        u8(packetType);
        u16(0); // length, patched by end()
    }

    /** Whether the packet being written is the compound's last, the only one allowed the padding bit. */
    boolean last = true;

    /**
     * Aligns the packet to 32 bits and sets its length: the last packet of a compound is padded with the P bit and
     * a count (RFC 3550 §6.4.1), earlier ones with plain zeros, which their parsers ignore.
     */
    void end() {
        int pad = (4 - (size - packetStart) % 4) % 4;
        if (pad > 0 && !last) {
            alignWithZeros();
        } else if (pad > 0) {
            for (int i = 0; i < pad - 1; i++) u8(0);
            u8(pad);
            buf[packetStart] |= 0x20;
        }
        int words = (size - packetStart) / 4 - 1;
        buf[packetStart + 2] = (byte) (words >>> 8);
        buf[packetStart + 3] = (byte) words;
    }

    /** Zero bytes up to the next 32-bit boundary, without the padding bit (SDES chunks, BYE reasons). */
    void alignWithZeros() {
        while ((size - packetStart) % 4 != 0) u8(0);
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        u8(v >>> 8);
        u8(v);
    }

    void u24(int v) {
        u8(v >>> 16);
        u16(v);
    }

    void u32(long v) {
        u16((int) (v >>> 16));
        u16((int) v);
    }

    void bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }
}
