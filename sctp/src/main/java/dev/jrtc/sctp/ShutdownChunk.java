package dev.jrtc.sctp;

/** SHUTDOWN (RFC 9260 §3.3.8): the cumulative TSN the sender has received. */
record ShutdownChunk(long cumulativeTsnAck) implements SctpChunk {
    @Override
    public int type() {
        return SHUTDOWN;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(SHUTDOWN, 0);
        out.u32(cumulativeTsnAck);
        out.endChunk();
    }
}
