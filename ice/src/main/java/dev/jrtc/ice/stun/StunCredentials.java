package dev.jrtc.ice.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/**
 * Keys for MESSAGE-INTEGRITY (RFC 8489 §9.1.1 short-term, §9.2.2 long-term credentials).
 *
 * <p>Short-term key (ICE): the UTF-8 password. Long-term key: MD5(username ":" realm ":" password) with the
 * password prepared by SASLprep (RFC 4013), which is what the RFC 5769 §2.4 test vector uses and what deployed
 * TURN servers do. RFC 8489 names the OpaqueString profile (RFC 8265) instead; the two agree on ASCII passwords.
 */
public final class StunCredentials {
    private StunCredentials() {}

    /** The short-term key: the password's UTF-8 bytes (a fresh array the caller owns). */
    public static byte[] shortTermKey(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The long-term key MD5(username ":" realm ":" SASLprep(password)) (a fresh 16-byte array the caller owns).
     *
     * @throws IllegalArgumentException when the password contains characters SASLprep prohibits
     */
    public static byte[] longTermKey(String username, String realm, String password) {
        String input = username + ":" + realm + ":" + saslPrep(password);
        try {
            return MessageDigest.getInstance("MD5").digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // MD5 is mandatory in every Java platform.
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /**
     * SASLprep (RFC 4013): map RFC 3454 B.1 characters to nothing and non-ASCII spaces (C.1.2) to U+0020, normalize
     * with NFKC, and reject control characters, private use code points, surrogates and non-characters.
     *
     * <p>Bidirectional text checks (RFC 3454 §6) are not applied.
     *
     * @throws IllegalArgumentException naming the first prohibited character
     */
    public static String saslPrep(String s) {
        StringBuilder mapped = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (isMappedToNothing(cp)) {
                return;
            }
            mapped.appendCodePoint(isNonAsciiSpace(cp) ? ' ' : cp);
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        normalized.codePoints().forEach(cp -> {
            if (isProhibited(cp)) {
                throw new IllegalArgumentException(String.format("SASLprep prohibits U+%04X", cp));
            }
        });
        return normalized;
    }

    private static boolean isMappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || (cp >= 0x180B && cp <= 0x180D)
                || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF;
    }

    private static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F
                || cp == 0x3000;
    }

    private static boolean isProhibited(int cp) {
        return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) // C.2 control characters
                || (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000 // C.3 private use
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE // C.4 non-characters
                || (cp >= 0xD800 && cp <= 0xDFFF) // C.5 surrogates
                || (cp >= 0x2FF0 && cp <= 0x2FFB) // C.7 ideographic description
                || (cp >= 0x200E && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) // C.8 bidi controls
                || (cp >= 0x206A && cp <= 0x206F) || cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F); // C.8, C.9
    }
}
