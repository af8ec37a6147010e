package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses and writes RTCP compound packets (RFC 3550 §6.1) with the validity checks of Appendix A.2: version 2,
 * lengths that add up to the datagram, padding only in the last packet. A first packet other than SR/RR is
 * accepted, as reduced-size RTCP (RFC 5506) allows and WebRTC negotiates.
 */
public final class RtcpCompound {
    private RtcpCompound() {}

    /** Parses {@code b[off, off+len)}; malformed input gives a result with the reason, never an exception. */
    public static RtcpParseResult parse(byte[] b, int off, int len) {
        if (off < 0 || len < 0 || off + len > b.length) {
            throw new IllegalArgumentException("region [" + off + ", " + (off + len) + ") outside a buffer of " + b.length);
        }
        List<RtcpPacket> packets = new ArrayList<>();
        int at = off;
        int end = off + len;
        if (len < 4) {
            return RtcpParseResult.malformed("shorter than an RTCP header: " + len + " bytes");
        }
        try {
            while (at < end) {
                if (end - at < 4) throw new RtcpFormatException("trailing " + (end - at) + " bytes after the last packet");
                int first = b[at] & 0xFF;
                if (first >>> 6 != 2) throw new RtcpFormatException("version " + (first >>> 6) + ", expected 2");
                int count = first & 0x1F;
                int type = b[at + 1] & 0xFF;
                int length = 4 * ((((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF)) + 1);
                if (length > end - at) throw new RtcpFormatException("packet length " + length + " runs past the datagram");
                int bodyLength = length - 4;
                if ((first & 0x20) != 0) {
                    if (at + length != end) throw new RtcpFormatException("padding bit set on a packet that is not the last");
                    int pad = b[at + length - 1] & 0xFF;
                    if (pad == 0 || pad > bodyLength) throw new RtcpFormatException("bad padding count " + pad);
                    bodyLength -= pad;
                }
                packets.add(parseOne(count, type, b, at + 4, bodyLength));
                at += length;
            }
        } catch (RtcpFormatException e) {
            return RtcpParseResult.malformed(e.getMessage());
        }
        return RtcpParseResult.ok(packets);
    }

    private static RtcpPacket parseOne(int count, int type, byte[] b, int bodyOff, int bodyLen) throws RtcpFormatException {
        RtcpIn in = new RtcpIn(b, bodyOff, bodyLen);
        switch (type) {
            case RtcpPacket.SR:
                return SenderReport.read(count, in);
            case RtcpPacket.RR:
                return ReceiverReport.read(count, in);
            case RtcpPacket.SDES:
                return SourceDescription.read(count, in, bodyOff);
            case RtcpPacket.BYE:
                return Bye.read(count, in);
            case RtcpPacket.APP:
                return AppPacket.read(count, in);
            case RtcpPacket.RTPFB:
                if (count == GenericNack.FMT) return GenericNack.read(in);
                if (count == TransportWideFeedback.FMT) return TransportWideFeedback.read(in);
                break;
            case RtcpPacket.PSFB:
                if (count == PictureLossIndication.FMT) {
                    long sender = in.u32("PLI sender SSRC");
                    return new PictureLossIndication(sender, in.u32("PLI media SSRC"));
                }
                if (count == FullIntraRequest.FMT) return FullIntraRequest.read(in);
                if (count == ReceiverEstimatedMaxBitrate.FMT && ReceiverEstimatedMaxBitrate.matches(in, b, bodyOff, bodyLen)) {
                    return ReceiverEstimatedMaxBitrate.read(in);
                }
                break;
            default:
                break;
        }
        return new UnknownRtcpPacket(type, count, OpaqueBytes.copyOf(b, bodyOff, bodyLen));
    }

    /** Writes packets back to back as one compound packet. */
    public static byte[] serialize(List<? extends RtcpPacket> packets) {
        RtcpOut out = new RtcpOut();
        for (int i = 0; i < packets.size(); i++) {
            out.last = i == packets.size() - 1;
            packets.get(i).writeTo(out);
        }
        return out.toArray();
    }
}
