package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * FORWARD TSN (RFC 3758 §3.2): moves the receiver's cumulative TSN past abandoned messages, with the stream
 * sequence numbers skipped per ordered stream.
 */
record ForwardTsnChunk(long newCumulativeTsn, List<StreamSkip> skips) implements SctpChunk {
    /** The last stream sequence number skipped on an ordered stream. */
    public record StreamSkip(int streamId, int streamSequence) {}

    public ForwardTsnChunk {
        skips = List.copyOf(skips);
    }

    static ForwardTsnChunk read(ChunkIn in) throws SctpFormatException {
        long tsn = in.u32("new cumulative TSN");
        List<StreamSkip> skips = new ArrayList<>();
        while (in.remaining() > 0) skips.add(new StreamSkip(in.u16("stream"), in.u16("stream sequence")));
        return new ForwardTsnChunk(tsn, skips);
    }

    @Override
    public int type() {
        return FORWARD_TSN;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(FORWARD_TSN, 0);
        out.u32(newCumulativeTsn);
        for (StreamSkip s : skips) {
            out.u16(s.streamId());
            out.u16(s.streamSequence());
        }
        out.endChunk();
    }
}
