package dev.jrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it in {@code a=fingerprint} (RFC 8122 §5): a hash function name and
 * the hash of the DER certificate, written as colon-separated upper-case hex pairs.
 */
public final class DtlsFingerprint {
    private final String hashFunction;
    private final byte[] value;

    private DtlsFingerprint(String hashFunction, byte[] value) {
        this.hashFunction = hashFunction;
        this.value = value;
    }

    /** The fingerprint of a DER-encoded certificate with {@code hashFunction} ("sha-256", "sha-1", "sha-384", ...). */
    public static DtlsFingerprint of(String hashFunction, byte[] derCertificate) {
        String name = hashFunction.toLowerCase(Locale.ROOT);
        try {
            return new DtlsFingerprint(name, MessageDigest.getInstance(jcaName(name)).digest(derCertificate));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + hashFunction, e);
        }
    }

    /** Parses the value of {@code a=fingerprint}, e.g. {@code sha-256 AB:CD:...}. */
    public static DtlsFingerprint parse(String attributeValue) {
        Objects.requireNonNull(attributeValue, "attributeValue");
        String[] parts = attributeValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a=fingerprint needs '<hash-func> <hex:hex:...>': '" + attributeValue + "'");
        }
        String name = parts[0].toLowerCase(Locale.ROOT);
        jcaName(name);
        String hex = parts[1];
        if (!hex.matches("([0-9A-Fa-f]{2}:)*[0-9A-Fa-f]{2}")) {
            throw new IllegalArgumentException("a=fingerprint value is not colon-separated hex pairs: '" + hex + "'");
        }
        return new DtlsFingerprint(name, HexFormat.of().parseHex(hex.replace(":", "")));
    }

    private static String jcaName(String sdpName) {
        return switch (sdpName) {
            case "sha-1" -> "SHA-1";
            case "sha-224" -> "SHA-224";
            case "sha-256" -> "SHA-256";
            case "sha-384" -> "SHA-384";
            case "sha-512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported fingerprint hash function: " + sdpName);
        };
    }

    public String hashFunction() {
        return hashFunction;
    }

    /** Whether {@code derCertificate} hashes to this fingerprint (compared in constant time). */
    public boolean matches(byte[] derCertificate) {
        return MessageDigest.isEqual(value, of(hashFunction, derCertificate).value);
    }

    /** The {@code a=fingerprint} value: {@code sha-256 AB:CD:...}. */
    public String sdpValue() {
        StringBuilder sb = new StringBuilder(hashFunction).append(' ');
        String hex = HexFormat.of().withUpperCase().formatHex(value);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) sb.append(':');
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DtlsFingerprint f && f.hashFunction.equals(hashFunction) && MessageDigest.isEqual(f.value, value);
    }

    @Override
    public int hashCode() {
        return hashFunction.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return sdpValue();
    }
}
