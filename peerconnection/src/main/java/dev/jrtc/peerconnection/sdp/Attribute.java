package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** An {@code a=<name>[:<value>]} attribute (RFC 8866 §5.13); value is null for a property attribute. */
public record Attribute(String name, String value) {
    public Attribute {
        Objects.requireNonNull(name, "name");
    }

    public static Attribute flag(String name) { return new Attribute(name, null); }

    public static Attribute of(String name, String value) { return new Attribute(name, value); }

    /** Splits the text after {@code a=} at the first colon. */
    public static Attribute parseValue(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new Attribute(text, null) : new Attribute(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean hasValue() { return value != null; }

    /** The text after {@code a=}. */
    public String toValue() { return value == null ? name : name + ":" + value; }

    @Override
    public String toString() { return "a=" + toValue(); }
}
