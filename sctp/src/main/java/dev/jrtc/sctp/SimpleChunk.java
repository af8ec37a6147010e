package dev.jrtc.sctp;

/**
 * The chunks with no value: COOKIE ACK (RFC 9260 §3.3.12), SHUTDOWN ACK (§3.3.9) and SHUTDOWN COMPLETE (§3.3.13,
 * whose T flag says the verification tag was reflected).
 */
record SimpleChunk(int type, boolean tagReflected) implements SctpChunk {
    public SimpleChunk {
        if (type != COOKIE_ACK && type != SHUTDOWN_ACK && type != SHUTDOWN_COMPLETE) {
            throw new IllegalArgumentException("not a value-less chunk type: " + type);
        }
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(type, tagReflected ? 1 : 0);
        out.endChunk();
    }
}
