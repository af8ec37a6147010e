package dev.jrtc.ice.stun;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5), MESSAGE-INTEGRITY-SHA256 (§14.6) and FINGERPRINT
 * (CRC-32 XOR 0x5354554e, §14.7) over the bytes of a message.
 *
 * <p>Each is computed over the message up to (excluding) its own attribute, with the header's length field set as
 * if the message ended right after that attribute. The input arrays are only read.
 */
final class StunIntegrity {
    static final int SHA1_LENGTH = 20;
    static final int FINGERPRINT_XOR = 0x5354554e;

    private StunIntegrity() {}

    /**
     * HMAC over {@code msg[0..attrOffset)} with the length field patched to cover the attribute of {@code macLength}
     * value bytes that starts at {@code attrOffset}.
     */
    static byte[] hmac(String algorithm, byte[] key, byte[] msg, int attrOffset, int macLength) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // SecretKeySpec rejects an empty key; HMAC pads keys with zeros, so {0} is the same key as {}.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            mac.update(msg, 0, 2);
            int length = attrOffset + 4 + macLength - StunMessage.HEADER_LENGTH;
            mac.update((byte) (length >>> 8));
            mac.update((byte) length);
            mac.update(msg, 4, attrOffset - 4);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // HmacSHA1 and HmacSHA256 are mandatory in every Java platform.
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    /** The FINGERPRINT value for an attribute starting at {@code attrOffset} of {@code msg}. */
    static int fingerprint(byte[] msg, int attrOffset) {
        CRC32 crc = new CRC32();
        crc.update(msg, 0, 2);
        int length = attrOffset + 8 - StunMessage.HEADER_LENGTH;
        crc.update(length >>> 8);
        crc.update(length & 0xFF);
        crc.update(msg, 4, attrOffset - 4);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /** Compares the stored MAC (of {@code storedLength} bytes at {@code storedOffset}) in constant time. */
    static boolean macMatches(byte[] computed, byte[] msg, int storedOffset, int storedLength) {
        byte[] stored = new byte[storedLength];
        System.arraycopy(msg, storedOffset, stored, 0, storedLength);
        byte[] truncated = storedLength == computed.length ? computed : java.util.Arrays.copyOf(computed, storedLength);
        return MessageDigest.isEqual(truncated, stored);
    }
}
