package dev.jrtc.sctp;

import java.util.Arrays;

/** A growable buffer writing SCTP packets: chunk headers with their lengths, padding to 4 bytes (RFC 9260 §3.2). */
final class ChunkOut {
    private byte[] buf;
    private int size;
    private int chunkStart;
    private int lastParameterEnd = -1;

    ChunkOut() {
        this(256);
    }

    /** A buffer of {@code capacity} bytes to start with: a packet whose size is known up front is never regrown. */
    ChunkOut(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    void beginChunk(int type, int flags) {
        chunkStart = size;
        u8(type);
        u8(flags);
        u16(0);
    }

    /** Sets the chunk length (without padding) and pads with zeros to a 4-byte boundary. */
    void endChunk() {
        int length = size - chunkStart;
        buf[chunkStart + 2] = (byte) (length >>> 8);
        buf[chunkStart + 3] = (byte) length;
        while (size % 4 != 0) u8(0);
    }

    /**
     * Ends a chunk whose value ends with a parameter: the chunk length leaves out that last parameter's padding
     * (RFC 9260 §3.2), which still follows on the wire.
     */
    void endChunkAfterParameters() {
        int length = (lastParameterEnd > chunkStart ? lastParameterEnd : size) - chunkStart;
        buf[chunkStart + 2] = (byte) (length >>> 8);
        buf[chunkStart + 3] = (byte) length;
        while (size % 4 != 0) u8(0);
    }

    int position() {
        return size;
    }

    /** Writes a length at {@code at} (for parameters) and pads the parameter. */
    void patchLengthAndPad(int at) {
        int length = size - at;
        buf[at + 2] = (byte) (length >>> 8);
        buf[at + 3] = (byte) length;
        lastParameterEnd = size;
        while ((size - at) % 4 != 0) u8(0);
    }

    void u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void u16(int v) {
        u8(v >>> 8);
        u8(v);
    }

    void u32(long v) {
        u16((int) (v >>> 16));
        u16((int) v);
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /** The bytes written: the buffer itself when they fill it exactly (no copy), so write nothing after this. */
    byte[] toArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }
}
