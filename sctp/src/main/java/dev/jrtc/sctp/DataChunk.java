package dev.jrtc.sctp;

import java.util.Arrays;
import java.util.Objects;

/**
 * DATA (RFC 9260 §3.3.1): one fragment of a user message.
 *
 * <pre>
 * | 0 | reserved |I|U|B|E| length | TSN | stream id | stream seq n | payload protocol id | user data
 * </pre>
 * U = unordered, B = first fragment, E = last fragment, I = SACK immediately (RFC 7053).
 */
record DataChunk(boolean immediate, boolean unordered, boolean beginning, boolean ending, long tsn, int streamId,
                        int streamSequence, long ppid, byte[] payload) implements SctpChunk {
    public DataChunk {
        Objects.requireNonNull(payload, "payload");
        if (payload.length == 0) throw new IllegalArgumentException("a DATA chunk carries at least one byte (RFC 9260 §3.3.1)");
    }

    static DataChunk read(int flags, ChunkIn in) throws SctpFormatException {
        long tsn = in.u32("TSN");
        int stream = in.u16("stream id");
        int ssn = in.u16("stream sequence number");
        long ppid = in.u32("payload protocol id");
        if (in.remaining() == 0) throw new SctpFormatException("DATA chunk without user data");
        return new DataChunk((flags & 8) != 0, (flags & 4) != 0, (flags & 2) != 0, (flags & 1) != 0, tsn, stream, ssn, ppid, in.rest());
    }

    @Override
    public int type() {
        return DATA;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(DATA, (immediate ? 8 : 0) | (unordered ? 4 : 0) | (beginning ? 2 : 0) | (ending ? 1 : 0));
        out.u32(tsn);
        out.u16(streamId);
        out.u16(streamSequence);
        out.u32(ppid);
        out.bytes(payload);
        out.endChunk();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataChunk d && d.immediate == immediate && d.unordered == unordered && d.beginning == beginning
                && d.ending == ending && d.tsn == tsn && d.streamId == streamId && d.streamSequence == streamSequence
                && d.ppid == ppid && Arrays.equals(d.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tsn, streamId, streamSequence, ppid) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DATA{tsn=" + tsn + ", stream=" + streamId + ", ssn=" + streamSequence + ", ppid=" + ppid
                + (unordered ? ", U" : "") + (beginning ? ", B" : "") + (ending ? ", E" : "") + ", " + payload.length + " bytes}";
    }
}
