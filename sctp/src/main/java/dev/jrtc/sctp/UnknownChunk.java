package dev.jrtc.sctp;

import java.util.Arrays;

/**
 * A chunk type this codec does not interpret; its two high type bits tell the receiver what to do
 * (RFC 9260 §3.2: stop or skip, report or not).
 */
record UnknownChunk(int type, int flags, byte[] value) implements SctpChunk {
    /** True when processing of the packet must stop at this chunk (type bits 00 or 01). */
    public boolean stopProcessing() {
        return (type & 0x80) == 0;
    }

    /** True when the receiver reports it in an ERROR chunk (type bits 01 or 11). */
    public boolean report() {
        return (type & 0x40) != 0;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(type, flags);
        out.bytes(value);
        out.endChunk();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownChunk u && u.type == type && u.flags == flags && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(value);
    }
}
