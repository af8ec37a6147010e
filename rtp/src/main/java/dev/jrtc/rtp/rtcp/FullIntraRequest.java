package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * FIR: full intra request (RFC 5104 §4.3.1), PT=206 FMT=4: per media source, its SSRC and a command sequence number.
 */
public record FullIntraRequest(long senderSsrc, List<Entry> entries) implements RtcpPacket {
    public static final int FMT = 4;

    public FullIntraRequest {
        entries = List.copyOf(entries);
    }

    /** One FCI entry: the media source to refresh and the request's sequence number (0..255). */
    public record Entry(long ssrc, int sequenceNumber) {}

    static FullIntraRequest read(RtcpIn in) throws RtcpFormatException {
        long sender = in.u32("FIR sender SSRC");
        in.u32("FIR media SSRC (unused, zero)");
        List<Entry> entries = new ArrayList<>();
        while (in.remaining() > 0) {
            long ssrc = in.u32("FIR entry SSRC");
            int seq = in.u8("FIR sequence number");
            in.skip(3, "FIR reserved");
            entries.add(new Entry(ssrc, seq));
        }
        if (entries.isEmpty()) throw new RtcpFormatException("FIR without any FCI entry");
        return new FullIntraRequest(sender, entries);
    }

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(FMT, PSFB);
        out.u32(senderSsrc);
        out.u32(0);
        for (Entry e : entries) {
            out.u32(e.ssrc());
            out.u8(e.sequenceNumber());
            out.u24(0);
        }
        out.end();
    }
}
