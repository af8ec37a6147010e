package dev.jrtc.peerconnection.sdp;

import java.util.Optional;

/**
 * One {@code <type>=<value>} line of SDP (RFC 8866 §5), kept verbatim so unknown lines survive a round trip.
 * Attribute lines ({@code a=}) split into a name and an optional value at the first colon (§5.13).
 */
public record SdpLine(char type, String value) {
    public SdpLine {
        if (type < 'a' || type > 'z') throw new IllegalArgumentException("SDP line type must be a-z: '" + type + "'");
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) throw new IllegalArgumentException("SDP value spans lines");
    }

    /** An {@code a=name[:value]} line. */
    public static SdpLine attribute(String name, String value) {
        return new SdpLine('a', value == null ? name : name + ":" + value);
    }

    public boolean isAttribute() {
        return type == 'a';
    }

    /** The attribute name, or null for a non-attribute line. */
    public String attributeName() {
        if (type != 'a') return null;
        int colon = value.indexOf(':');
        return colon < 0 ? value : value.substring(0, colon);
    }

    /** The attribute value after the colon; empty for a flag attribute or a non-attribute line. */
    public Optional<String> attributeValue() {
        int colon = value.indexOf(':');
        return type == 'a' && colon >= 0 ? Optional.of(value.substring(colon + 1)) : Optional.empty();
    }

    @Override
    public String toString() {
        return type + "=" + value;
    }
}
