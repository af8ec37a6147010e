package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/** One {@code <type>=<value>} SDP line (RFC 8866 §5) kept verbatim so unknown lines round-trip in order. */
public record Field(char type, String value) {
    public Field {
        Objects.requireNonNull(value, "value");
        if (type < 'a' || type > 'z') throw new IllegalArgumentException("SDP field type must be a-z: " + type);
        requireSingleLine(type, value);
    }

    /** A line break inside a value would inject extra SDP lines when serialized. */
    static void requireSingleLine(char type, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("SDP " + type + "= value must not contain CR or LF");
        }
    }

    public static Field of(Attribute attribute) {
        return new Field('a', attribute.toValue());
    }

    public boolean isAttribute() { return type == 'a'; }

    /** This line as an attribute; only meaningful when {@link #isAttribute()}. */
    public Attribute attribute() { return Attribute.parseValue(value); }

    @Override
    public String toString() { return type + "=" + value; }
}
