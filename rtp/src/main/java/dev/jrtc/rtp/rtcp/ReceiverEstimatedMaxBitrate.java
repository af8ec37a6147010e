package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * REMB: receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03), an application-layer feedback
 * message (PT=206 FMT=15) with the unique identifier "REMB", the bitrate as 6-bit exponent and 18-bit mantissa,
 * and the SSRCs it applies to.
 */
public record ReceiverEstimatedMaxBitrate(long senderSsrc, long bitrate, List<Long> ssrcs) implements RtcpPacket {
    public static final int FMT = 15;
    private static final long IDENTIFIER = 0x52454D42L; // "REMB"

    /** The bitrate is kept as the wire can carry it: rounded down to an 18-bit mantissa. */
    public ReceiverEstimatedMaxBitrate {
        if (bitrate < 0) throw new IllegalArgumentException("bitrate must be >= 0: " + bitrate);
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.size() > 255) throw new IllegalArgumentException("at most 255 SSRCs: " + ssrcs.size());
        int exp = exponent(bitrate);
        bitrate = (bitrate >>> exp) << exp;
    }

    private static int exponent(long bitrate) {
        int exp = 0;
        while ((bitrate >>> exp) >= (1 << 18)) exp++;
        return exp;
    }

    /** True when the payload-specific feedback body starts with the "REMB" identifier. */
    static boolean matches(RtcpIn in, byte[] b, int bodyOff, int bodyLen) {
        return bodyLen >= 12 && ((b[bodyOff + 8] & 0xFF) << 24 | (b[bodyOff + 9] & 0xFF) << 16
                | (b[bodyOff + 10] & 0xFF) << 8 | (b[bodyOff + 11] & 0xFF)) == (int) IDENTIFIER;
    }

    static ReceiverEstimatedMaxBitrate read(RtcpIn in) throws RtcpFormatException {
        long sender = in.u32("REMB sender SSRC");
        in.u32("REMB media SSRC");
        in.u32("REMB identifier");
        int count = in.u8("REMB SSRC count");
        int expMantissa = in.u24("REMB bitrate");
        int exp = expMantissa >>> 18;
        long mantissa = expMantissa & 0x3FFFF;
        if (exp > 63 - 18) throw new RtcpFormatException("REMB exponent too large: " + exp);
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) ssrcs.add(in.u32("REMB SSRC"));
        return new ReceiverEstimatedMaxBitrate(sender, mantissa << exp, ssrcs);
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
        out.u32(IDENTIFIER);
        out.u8(ssrcs.size());
        int exp = exponent(bitrate);
        out.u24((exp << 18) | (int) (bitrate >>> exp));
        for (long s : ssrcs) out.u32(s);
        out.end();
    }
}
