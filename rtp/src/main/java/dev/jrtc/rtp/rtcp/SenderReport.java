package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * SR: sender report (RFC 3550 §6.4.1).
 *
 * <pre>
 * |V=2|P|  RC  |  PT=200  | length | SSRC of sender | NTP timestamp (64) | RTP timestamp | packet count | octet count
 * | report block 1 .. RC | profile-specific extensions
 * </pre>
 */
public record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                           List<ReportBlock> reports, OpaqueBytes extension) implements RtcpPacket {
    public SenderReport {
        reports = List.copyOf(reports);
        if (reports.size() > 31) throw new IllegalArgumentException("at most 31 report blocks: " + reports.size());
    }

    static SenderReport read(int count, RtcpIn in) throws RtcpFormatException {
        long ssrc = in.u32("SR sender SSRC");
        long ntp = (in.u32("NTP timestamp") << 32) | in.u32("NTP timestamp");
        long rtp = in.u32("RTP timestamp");
        long packets = in.u32("packet count");
        long octets = in.u32("octet count");
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) blocks.add(ReportBlock.read(in));
        return new SenderReport(ssrc, ntp, rtp, packets, octets, blocks, in.rest());
    }

    @Override
    public int packetType() {
        return SR;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(reports.size(), SR);
        out.u32(ssrc);
        out.u32(ntpTimestamp >>> 32);
        out.u32(ntpTimestamp & 0xFFFFFFFFL);
        out.u32(rtpTimestamp);
        out.u32(packetCount);
        out.u32(octetCount);
        for (ReportBlock b : reports) b.writeTo(out);
        extension.writeTo(out);
        out.end();
    }
}
