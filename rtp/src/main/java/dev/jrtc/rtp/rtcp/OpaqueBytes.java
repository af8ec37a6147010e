package dev.jrtc.rtp.rtcp;

import java.util.Arrays;
import java.util.HexFormat;

/** An immutable byte string with value equality, for the opaque parts of RTCP packets (RFC 3550 §6). */
public final class OpaqueBytes {
    public static final OpaqueBytes EMPTY = new OpaqueBytes(new byte[0]);

    private final byte[] bytes;

    private OpaqueBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static OpaqueBytes copyOf(byte[] b, int off, int len) {
        return len == 0 ? EMPTY : new OpaqueBytes(Arrays.copyOfRange(b, off, off + len));
    }

    public static OpaqueBytes of(byte... b) {
        return copyOf(b, 0, b.length);
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    void writeTo(RtcpOut out) {
        out.bytes(bytes, 0, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpaqueBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
