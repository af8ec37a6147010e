package dev.jrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it in {@code a=fingerprint} (RFC 8122 §5): a hash function name and
 * the hash of the DER certificate, written as colon-separated upper-case hex pairs. Hex digits compare
 * case-insensitively (the value is kept as bytes); the hash function name is kept lower-case. A fingerprint with a
 * hash function this stack cannot compute (RFC 8122 allows any token) still parses, so SDP stays lossless, but
 * {@link #isSupported()} is false and it cannot authenticate a certificate.
 */
public final class DtlsFingerprint {
    private final String hashFunction;
    private final byte[] value;

    /** RFC 8122 §5 leaves the length to the hash; 64 bytes (SHA-512) is the longest any defined one yields. */
    private static final int MAX_BYTES = 64;

    private DtlsFingerprint(String hashFunction, byte[] value) {
        this.hashFunction = hashFunction;
        this.value = value;
    }

    /**
     * A fingerprint from its parts: {@code hashFunction} (an RFC 8122 hash-func token, any case) and the digest
     * bytes (1 to 64; copied, the caller keeps its array).
     */
    public static DtlsFingerprint ofDigest(String hashFunction, byte[] digest) {
        Objects.requireNonNull(hashFunction, "hashFunction");
        Objects.requireNonNull(digest, "digest");
        checkHashFunctionToken(hashFunction);
        if (digest.length == 0 || digest.length > MAX_BYTES) {
            throw new IllegalArgumentException("a fingerprint has 1.." + MAX_BYTES + " bytes, got " + digest.length);
        }
        return new DtlsFingerprint(hashFunction.toLowerCase(Locale.ROOT), digest.clone());
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
        checkHashFunctionToken(parts[0]);
        String name = parts[0].toLowerCase(Locale.ROOT);
        String hex = parts[1];
        if (!hex.matches("([0-9A-Fa-f]{2}:)*[0-9A-Fa-f]{2}")) {
            throw new IllegalArgumentException("a=fingerprint value is not colon-separated hex pairs: '" + hex + "'");
        }
        if (hex.length() > MAX_BYTES * 3) {
            throw new IllegalArgumentException("a=fingerprint longer than " + MAX_BYTES + " bytes");
        }
        return new DtlsFingerprint(name, HexFormat.of().parseHex(hex.replace(":", "")));
    }

    /** RFC 8122 §5: hash-func is a token (RFC 4566 token-char: visible ASCII except separators). */
    private static void checkHashFunctionToken(String name) {
        if (name.isEmpty()) throw new IllegalArgumentException("a=fingerprint hash function is empty");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean tokenChar = c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                    || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
            if (!tokenChar) throw new IllegalArgumentException("a=fingerprint hash function is not a token: '" + name + "'");
        }
    }

    /** Whether this stack can hash a certificate with {@link #hashFunction()} (sha-1, sha-224 ... sha-512). */
    public boolean isSupported() {
        return switch (hashFunction) {
            case "sha-1", "sha-224", "sha-256", "sha-384", "sha-512" -> true;
            default -> false;
        };
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

    /** The digest bytes: a fresh copy the caller owns. */
    public byte[] value() {
        return value.clone();
    }

    /**
     * Whether {@code derCertificate} hashes to this fingerprint (compared in constant time).
     *
     * @throws IllegalArgumentException if the hash function is not {@linkplain #isSupported() supported}
     */
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
