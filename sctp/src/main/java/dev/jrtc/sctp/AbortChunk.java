package dev.jrtc.sctp;

import java.util.Arrays;

/** ABORT (RFC 9260 §3.3.7): T flag (tag reflected) and error causes, kept raw. */
record AbortChunk(boolean tagReflected, byte[] causes) implements SctpChunk {
    @Override
    public int type() {
        return ABORT;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(ABORT, tagReflected ? 1 : 0);
        out.bytes(causes);
        out.endChunk();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbortChunk a && a.tagReflected == tagReflected && Arrays.equals(a.causes, causes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(causes) + (tagReflected ? 1 : 0);
    }
}
