package dev.jrtc.ice.stun;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * A MESSAGE-INTEGRITY key prepared once for many checks (RFC 8489 §14.5): holds an initialized HMAC-SHA1 so that
 * verifying a received message allocates nothing. An ICE agent keeps one per remote password.
 *
 * <p>Not thread-safe: use one instance per thread (per event loop).
 */
public final class StunIntegrityKey {
    private final Mac mac;
    private final byte[] computed = new byte[StunIntegrity.SHA1_LENGTH];

    /** Prepares {@code key} (copied; see {@link StunCredentials} for how keys are made). */
    public StunIntegrityKey(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA1");
            // SecretKeySpec rejects an empty key; HMAC pads keys with zeros, so {0} is the same key as {}.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            // HmacSHA1 is mandatory in every Java platform and accepts any non-empty key.
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    /** Checks the MESSAGE-INTEGRITY attribute at {@code attrOffset} of {@code msg}. */
    boolean matches(byte[] msg, int attrOffset) {
        mac.update(msg, 0, 2);
        int length = attrOffset + 4 + StunIntegrity.SHA1_LENGTH - StunMessage.HEADER_LENGTH;
        mac.update((byte) (length >>> 8));
        mac.update((byte) length);
        mac.update(msg, 4, attrOffset - 4);
        try {
            mac.doFinal(computed, 0);
        } catch (ShortBufferException e) {
            // computed is exactly the HMAC-SHA1 length.
            throw new IllegalStateException(e);
        }
        int diff = 0; // constant time: no early exit on the first differing byte
        for (int i = 0; i < computed.length; i++) {
            diff |= computed[i] ^ msg[attrOffset + 4 + i];
        }
        return diff == 0;
    }
}
