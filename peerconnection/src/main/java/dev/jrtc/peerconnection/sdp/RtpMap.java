package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]} (RFC 8866 §6.6). channels is 0 when absent. */
public record RtpMap(int payloadType, String encodingName, int clockRate, int channels) {
    public RtpMap {
        Objects.requireNonNull(encodingName);
    }

    public static RtpMap parse(String value) throws SdpParseException {
        int sp = value.indexOf(' ');
        if (sp <= 0) throw new SdpParseException(value, "rtpmap needs '<pt> <encoding>/<clock>[/<channels>]'");
        int pt = Tokens.parseInt(value.substring(0, sp), 0, 127, "payload type", value);
        String[] p = value.substring(sp + 1).split("/", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty()) throw new SdpParseException(value, "rtpmap needs <encoding>/<clock>[/<channels>]");
        int clock = Tokens.parseInt(p[1], 1, Integer.MAX_VALUE, "clock rate", value);
        int ch = p.length == 3 ? Tokens.parseInt(p[2], 1, 255, "channels", value) : 0;
        return new RtpMap(pt, p[0], clock, ch);
    }

    public String toValue() {
        return payloadType + " " + encodingName + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }

    public Attribute toAttribute() { return Attribute.of("rtpmap", toValue()); }
}
