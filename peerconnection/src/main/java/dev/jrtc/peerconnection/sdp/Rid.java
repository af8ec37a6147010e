package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** {@code a=rid:<id> send|recv [<restrictions>]} (RFC 8851 §10); restrictions kept as text. */
public record Rid(String id, String direction, String restrictions) {
    public Rid {
        Objects.requireNonNull(id); Objects.requireNonNull(direction);
    }

    public static Rid parse(String value) throws SdpParseException {
        String[] t = value.split(" ", 3);
        if (t.length < 2 || t[0].isEmpty() || !(t[1].equals("send") || t[1].equals("recv"))) {
            throw new SdpParseException(value, "rid needs '<id> send|recv [<restrictions>]'");
        }
        return new Rid(t[0], t[1], t.length == 3 ? t[2] : null);
    }

    public String toValue() { return id + " " + direction + (restrictions == null ? "" : " " + restrictions); }
}
