package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * RR: receiver report (RFC 3550 §6.4.2).
 *
 * <pre>
 * |V=2|P|  RC  |  PT=201  | length | SSRC of packet sender | report block 1 .. RC | profile-specific extensions
 * </pre>
 */
public record ReceiverReport(long ssrc, List<ReportBlock> reports, OpaqueBytes extension) implements RtcpPacket {
    public ReceiverReport {
        reports = List.copyOf(reports);
        if (reports.size() > 31) throw new IllegalArgumentException("at most 31 report blocks: " + reports.size());
    }

    static ReceiverReport read(int count, RtcpIn in) throws RtcpFormatException {
        long ssrc = in.u32("RR SSRC");
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) blocks.add(ReportBlock.read(in));
        return new ReceiverReport(ssrc, blocks, in.rest());
    }

    @Override
    public int packetType() {
        return RR;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(reports.size(), RR);
        out.u32(ssrc);
        for (ReportBlock b : reports) b.writeTo(out);
        extension.writeTo(out);
        out.end();
    }
}
