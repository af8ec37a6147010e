package dev.jrtc.rtp.rtcp;

/** An RTCP packet of a type or format jrtc does not interpret (RFC 3550 §6.1: receivers ignore such packets); kept raw. */
public record UnknownRtcpPacket(int packetType, int count, OpaqueBytes body) implements RtcpPacket {
    @Override
    public void writeTo(RtcpOut out) {
        out.begin(count, packetType);
        body.writeTo(out);
        out.end();
    }
}
