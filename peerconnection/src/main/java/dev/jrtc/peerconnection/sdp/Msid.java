package dev.jrtc.peerconnection.sdp;

/** {@code a=msid:<stream-id> [<track-id>]} (RFC 8830 §2); stream id "-" means no stream. */
public record Msid(String streamId, String trackId) {
    public static Msid parse(String value) throws SdpParseException {
        String[] t = Tokens.split(value);
        if (t.length < 1 || t.length > 2 || Tokens.hasEmpty(t)) throw new SdpParseException(value, "msid needs '<stream-id> [<track-id>]'");
        return new Msid(t[0], t.length == 2 ? t[1] : null);
    }

    public String toValue() { return trackId == null ? streamId : streamId + " " + trackId; }

    public Attribute toAttribute() { return Attribute.of("msid", toValue()); }
}
