package dev.jrtc.rtp.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** BYE: goodbye (RFC 3550 §6.6): the sources leaving and an optional reason. */
public record Bye(List<Long> ssrcs, OpaqueBytes reason) implements RtcpPacket {
    public Bye {
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.size() > 31) throw new IllegalArgumentException("at most 31 SSRCs in a BYE: " + ssrcs.size());
        if (reason.length() > 255) throw new IllegalArgumentException("BYE reason longer than 255 bytes");
    }

    public static Bye of(String reason, Long... ssrcs) {
        return new Bye(List.of(ssrcs), OpaqueBytes.of(reason.getBytes(StandardCharsets.UTF_8)));
    }

    static Bye read(int count, RtcpIn in) throws RtcpFormatException {
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) ssrcs.add(in.u32("BYE SSRC"));
        OpaqueBytes reason = OpaqueBytes.EMPTY;
        if (in.remaining() > 0) {
            int length = in.u8("BYE reason length");
            reason = in.bytes(length, "BYE reason");
        }
        return new Bye(ssrcs, reason);
    }

    @Override
    public int packetType() {
        return BYE;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(ssrcs.size(), BYE);
        for (long s : ssrcs) out.u32(s);
        if (reason.length() > 0) {
            out.u8(reason.length());
            reason.writeTo(out);
            out.alignWithZeros();
        }
        out.end();
    }
}
