package dev.jrtc.peerconnection.sdp;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/** {@code a=fingerprint:<hash-func> <XX:XX:...>} certificate fingerprint (RFC 8122 §5). */
public final class Fingerprint {
    private final String hashFunction;
    private final byte[] value;

    /** Copies {@code value}; the caller keeps ownership of its array. */
    public Fingerprint(String hashFunction, byte[] value) {
        this.hashFunction = Objects.requireNonNull(hashFunction).toLowerCase(Locale.ROOT);
        if (value.length == 0) throw new IllegalArgumentException("empty fingerprint");
        this.value = value.clone();
    }

    public static Fingerprint parse(String text) throws SdpParseException {
        int sp = text.indexOf(' ');
        if (sp <= 0) throw new SdpParseException(text, "fingerprint needs '<hash-func> <hex:hex:...>'");
        String hash = text.substring(0, sp);
        String hex = text.substring(sp + 1);
        String[] parts = hex.split(":", -1);
        if (parts.length > 64) throw new SdpParseException(text, "fingerprint longer than 64 bytes");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.length() != 2 || Character.digit(p.charAt(0), 16) < 0 || Character.digit(p.charAt(1), 16) < 0) {
                throw new SdpParseException(text, "fingerprint byte " + (i + 1) + " is not two hex digits: '" + p + "'");
            }
            bytes[i] = (byte) Integer.parseInt(p, 16);
        }
        return new Fingerprint(hash, bytes);
    }

    public String hashFunction() { return hashFunction; }

    /** A fresh copy the caller owns. */
    public byte[] value() { return value.clone(); }

    /** Upper-case colon-separated hex, as browsers write it. */
    public String hex() {
        StringBuilder sb = new StringBuilder(value.length * 3);
        for (int i = 0; i < value.length; i++) {
            if (i > 0) sb.append(':');
            sb.append(String.format(Locale.ROOT, "%02X", value[i] & 0xff));
        }
        return sb.toString();
    }

    public String toValue() { return hashFunction + " " + hex(); }

    public Attribute toAttribute() { return Attribute.of("fingerprint", toValue()); }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fingerprint f && f.hashFunction.equals(hashFunction) && Arrays.equals(f.value, value);
    }

    @Override
    public int hashCode() { return hashFunction.hashCode() * 31 + Arrays.hashCode(value); }

    @Override
    public String toString() { return toValue(); }
}
