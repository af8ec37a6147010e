package dev.jrtc.srtp;

import java.util.Arrays;
import org.jitsi.utils.ByteArrayBuffer;

/** The buffer type jitsi-srtp transforms in place. */
final class JitsiBuffer implements ByteArrayBuffer {
    private byte[] buf;
    private int off;
    private int len;

    JitsiBuffer(byte[] packet, int length) {
        this.buf = Arrays.copyOf(packet, length + 64);
        this.len = length;
    }

    byte[] bytes() {
        return Arrays.copyOfRange(buf, off, off + len);
    }

    @Override public byte[] getBuffer() { return buf; }
    @Override public int getOffset() { return off; }
    @Override public int getLength() { return len; }
    @Override public void setLength(int l) { len = l; }
    @Override public void setOffset(int o) { off = o; }
    @Override public boolean isInvalid() { return false; }
    @Override public void readRegionToBuff(int o, int l, byte[] out) { System.arraycopy(buf, off + o, out, 0, l); }
    @Override public void grow(int howMuch) {
        if (buf.length - off - len < howMuch) buf = Arrays.copyOf(buf, off + len + howMuch);
    }
    @Override public void append(byte[] data, int l) {
        grow(l);
        System.arraycopy(data, 0, buf, off + len, l);
        len += l;
    }
    @Override public void shrink(int l) { len = Math.max(0, len - l); }
}
