package dev.jrtc.sctp;

import java.util.Arrays;

/** ERROR (RFC 9260 §3.3.10): operation error causes, kept raw. */
record ErrorChunk(byte[] causes) implements SctpChunk {
    @Override
    public int type() {
        return ERROR;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(ERROR, 0);
        out.bytes(causes);
        out.endChunk();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorChunk e && Arrays.equals(e.causes, causes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(causes);
    }
}
