package dev.jrtc.rtp.rtcp;

import java.nio.charset.StandardCharsets;

/** APP: application-defined (RFC 3550 §6.7): a subtype, a source, a four-character name and data. */
public record AppPacket(int subtype, long ssrc, String name, OpaqueBytes data) implements RtcpPacket {
    public AppPacket {
        if (subtype < 0 || subtype > 31) throw new IllegalArgumentException("APP subtype must be 0..31: " + subtype);
        if (name.getBytes(StandardCharsets.ISO_8859_1).length != 4) {
            throw new IllegalArgumentException("APP name must be 4 characters: '" + name + "'");
        }
    }

    static AppPacket read(int subtype, RtcpIn in) throws RtcpFormatException {
        long ssrc = in.u32("APP SSRC");
        String name = new String(in.bytes(4, "APP name").toArray(), StandardCharsets.ISO_8859_1);
        return new AppPacket(subtype, ssrc, name, in.rest());
    }

    @Override
    public int packetType() {
        return APP;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(subtype, APP);
        out.u32(ssrc);
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        out.bytes(n, 0, 4);
        data.writeTo(out);
        out.end();
    }
}
