package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285 §8). */
public record ExtMap(int id, Direction direction, String uri, String extensionAttributes) {
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String SDES_RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public static final String SDES_REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public static final String TRANSPORT_WIDE_CC = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public ExtMap {
        Objects.requireNonNull(uri);
    }

    public static ExtMap of(int id, String uri) { return new ExtMap(id, null, uri, null); }

    public static ExtMap parse(String value) throws SdpParseException {
        String[] t = value.split(" ", 3);
        if (t.length < 2 || t[0].isEmpty() || t[1].isEmpty()) throw new SdpParseException(value, "extmap needs '<id>[/<direction>] <uri>'");
        String idText = t[0];
        Direction dir = null;
        int slash = idText.indexOf('/');
        if (slash >= 0) {
            String d = idText.substring(slash + 1);
            dir = Direction.fromName(d).orElseThrow(() -> new SdpParseException(value, "unknown extmap direction '" + d + "'"));
            idText = idText.substring(0, slash);
        }
        // RFC 8285 §5: ids 1-14 one-byte, 1-255 two-byte (4095 in the old grammar); 256+ is invalid on the wire.
        int id = Tokens.parseInt(idText, 1, 255, "extmap id", value);
        return new ExtMap(id, dir, t[1], t.length == 3 ? t[2] : null);
    }

    public String toValue() {
        return id + (direction == null ? "" : "/" + direction.sdpName()) + " " + uri
                + (extensionAttributes == null ? "" : " " + extensionAttributes);
    }

    public Attribute toAttribute() { return Attribute.of("extmap", toValue()); }
}
