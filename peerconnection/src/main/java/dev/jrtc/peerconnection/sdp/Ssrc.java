package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 §4.1), e.g. {@code cname:xyz}, {@code msid:s t}. */
public record Ssrc(long ssrc, String attribute, String value) {
    public Ssrc {
        Objects.requireNonNull(attribute);
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL) throw new IllegalArgumentException("ssrc out of 32-bit range: " + ssrc);
    }

    public static Ssrc parse(String text) throws SdpParseException {
        int sp = text.indexOf(' ');
        if (sp <= 0 || sp == text.length() - 1) throw new SdpParseException(text, "ssrc needs '<ssrc> <attribute>[:<value>]'");
        long ssrc = Tokens.parseLong(text.substring(0, sp), 0, 0xFFFFFFFFL, "ssrc", text);
        String rest = text.substring(sp + 1);
        int colon = rest.indexOf(':');
        return colon < 0 ? new Ssrc(ssrc, rest, null) : new Ssrc(ssrc, rest.substring(0, colon), rest.substring(colon + 1));
    }

    public String toValue() { return ssrc + " " + attribute + (value == null ? "" : ":" + value); }

    public Attribute toAttribute() { return Attribute.of("ssrc", toValue()); }
}
