package dev.jrtc.rtp.rtcp;

import java.util.List;

/**
 * What {@link RtcpCompound#parse} found: the packets, or why the compound was rejected (RFC 3550 Appendix A.2);
 * never both.
 */
public record RtcpParseResult(List<RtcpPacket> packets, String error) {
    static RtcpParseResult ok(List<RtcpPacket> packets) {
        return new RtcpParseResult(List.copyOf(packets), null);
    }

    static RtcpParseResult malformed(String error) {
        return new RtcpParseResult(List.of(), error);
    }

    public boolean isOk() {
        return error == null;
    }
}
