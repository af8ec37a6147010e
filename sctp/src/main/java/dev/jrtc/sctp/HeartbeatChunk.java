package dev.jrtc.sctp;

import java.util.List;

/** HEARTBEAT and HEARTBEAT ACK (RFC 9260 §3.3.5, §3.3.6): the sender's heartbeat info, echoed back unchanged. */
record HeartbeatChunk(boolean ack, List<SctpParameter> parameters) implements SctpChunk {
    public HeartbeatChunk {
        parameters = List.copyOf(parameters);
    }

    static HeartbeatChunk read(boolean ack, ChunkIn in) throws SctpFormatException {
        return new HeartbeatChunk(ack, SctpParameter.readAll(in));
    }

    @Override
    public int type() {
        return ack ? HEARTBEAT_ACK : HEARTBEAT;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(type(), 0);
        for (SctpParameter p : parameters) p.writeTo(out);
        out.endChunkAfterParameters();
    }
}
