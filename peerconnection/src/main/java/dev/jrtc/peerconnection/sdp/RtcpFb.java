package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** {@code a=rtcp-fb:<pt|*> <type> [<param>]} (RFC 4585 §4.2), e.g. {@code nack pli}, {@code transport-cc}. */
public record RtcpFb(String payloadType, String type, String parameter) {
    public RtcpFb {
        Objects.requireNonNull(payloadType); Objects.requireNonNull(type);
    }

    public static RtcpFb parse(String value) throws SdpParseException {
        String[] t = value.split(" ", 3);
        if (t.length < 2 || t[0].isEmpty() || t[1].isEmpty()) throw new SdpParseException(value, "rtcp-fb needs '<pt> <type> [<param>]'");
        return new RtcpFb(t[0], t[1], t.length == 3 ? t[2] : null);
    }

    public static RtcpFb of(int pt, String type, String parameter) { return new RtcpFb(Integer.toString(pt), type, parameter); }

    public String toValue() { return payloadType + " " + type + (parameter == null ? "" : " " + parameter); }

    public Attribute toAttribute() { return Attribute.of("rtcp-fb", toValue()); }
}
