package dev.jrtc.rtp.rtcp;

/**
 * One packet of an RTCP compound packet (RFC 3550 §6): an immutable value that knows its packet type and how to
 * write itself. Parse and serialize compounds with {@link RtcpCompound}.
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Bye, AppPacket,
        GenericNack, PictureLossIndication, FullIntraRequest, ReceiverEstimatedMaxBitrate, TransportWideFeedback,
        UnknownRtcpPacket {

    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int APP = 204;
    /** Transport-layer feedback (RFC 4585 §6.2). */
    int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.3). */
    int PSFB = 206;

    /** The RTCP packet type (PT field). */
    int packetType();

    /** Writes the whole packet, header included. */
    void writeTo(RtcpOut out);
}
