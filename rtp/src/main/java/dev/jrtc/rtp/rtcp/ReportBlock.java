package dev.jrtc.rtp.rtcp;

/**
 * A reception report block of SR and RR packets (RFC 3550 §6.4.1).
 *
 * @param ssrc               the source reported on
 * @param fractionLost       lost fraction since the last report, 0..255 (in 1/256)
 * @param cumulativeLost     packets lost since the start, a signed 24-bit number
 * @param highestSequence    extended highest sequence number received
 * @param jitter             interarrival jitter in timestamp units
 * @param lastSenderReport   middle 32 bits of the last SR's NTP timestamp (LSR)
 * @param delaySinceLastSenderReport delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                          long lastSenderReport, long delaySinceLastSenderReport) {
    static final int LENGTH = 24;

    static ReportBlock read(RtcpIn in) throws RtcpFormatException {
        long ssrc = in.u32("report block SSRC");
        int fraction = in.u8("fraction lost");
        int lost = in.u24("cumulative lost");
        lost = (lost << 8) >> 8; // sign-extend 24 bits
        return new ReportBlock(ssrc, fraction, lost, in.u32("highest sequence"), in.u32("jitter"), in.u32("LSR"),
                in.u32("DLSR"));
    }

    void writeTo(RtcpOut out) {
        out.u32(ssrc);
        out.u8(fractionLost);
        out.u24(cumulativeLost & 0xFFFFFF);
        out.u32(highestSequence);
        out.u32(jitter);
        out.u32(lastSenderReport);
        out.u32(delaySinceLastSenderReport);
    }
}
