package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * SACK (RFC 9260 §3.3.4): the cumulative TSN acknowledged, the receive window, gap ack blocks (offsets from the
 * cumulative TSN) and duplicate TSNs.
 */
record SackChunk(long cumulativeTsnAck, long advertisedReceiverWindow, List<GapBlock> gapBlocks,
                        List<Long> duplicateTsns) implements SctpChunk {
    /** A run of received TSNs, as offsets {@code start..end} from the cumulative TSN ack. */
    public record GapBlock(int start, int end) {}

    public SackChunk {
        gapBlocks = List.copyOf(gapBlocks);
        duplicateTsns = List.copyOf(duplicateTsns);
    }

    static SackChunk read(ChunkIn in) throws SctpFormatException {
        long cum = in.u32("cumulative TSN ack");
        long rwnd = in.u32("a_rwnd");
        int gaps = in.u16("number of gap blocks");
        int dups = in.u16("number of duplicate TSNs");
        List<GapBlock> blocks = new ArrayList<>(Math.min(gaps, 256));
        for (int i = 0; i < gaps; i++) {
            int start = in.u16("gap block start");
            int end = in.u16("gap block end");
            if (start == 0 || end < start) throw new SctpFormatException("gap block " + start + ".." + end + " is invalid");
            blocks.add(new GapBlock(start, end));
        }
        List<Long> duplicates = new ArrayList<>(Math.min(dups, 256));
        for (int i = 0; i < dups; i++) duplicates.add(in.u32("duplicate TSN"));
        if (in.remaining() != 0) throw new SctpFormatException("SACK longer than its counts say");
        return new SackChunk(cum, rwnd, blocks, duplicates);
    }

    @Override
    public int type() {
        return SACK;
    }

    @Override
    public void writeTo(ChunkOut out) {
        out.beginChunk(SACK, 0);
        out.u32(cumulativeTsnAck);
        out.u32(advertisedReceiverWindow);
        out.u16(gapBlocks.size());
        out.u16(duplicateTsns.size());
        for (GapBlock b : gapBlocks) {
            out.u16(b.start());
            out.u16(b.end());
        }
        for (long d : duplicateTsns) out.u32(d);
        out.endChunk();
    }
}
