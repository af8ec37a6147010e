package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** The {@code o=} line (RFC 8866 §5.2): username, session id and version, network and address type, address. */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addrType,
                     String address) {
    public Origin {
        Objects.requireNonNull(username); Objects.requireNonNull(sessionId); Objects.requireNonNull(sessionVersion);
        Objects.requireNonNull(netType); Objects.requireNonNull(addrType); Objects.requireNonNull(address);
    }

    /** The origin browsers use: {@code - <id> <version> IN IP4 127.0.0.1}. */
    public static Origin of(long sessionId, long version) {
        return new Origin("-", Long.toUnsignedString(sessionId), Long.toString(version), "IN", "IP4", "127.0.0.1");
    }

    public static Origin parse(String value) throws SdpParseException {
        String[] t = Tokens.split(value);
        if (t.length != 6) throw new SdpParseException(value, "o= needs 6 space-separated fields, got " + t.length);
        if (!Tokens.isDigits(t[1])) throw new SdpParseException(value, "sess-id is not a number");
        if (!Tokens.isDigits(t[2])) throw new SdpParseException(value, "sess-version is not a number");
        return new Origin(t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    public String toValue() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addrType, address);
    }
}
