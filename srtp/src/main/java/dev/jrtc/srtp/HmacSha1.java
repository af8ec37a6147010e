package dev.jrtc.srtp;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over a reused {@link MessageDigest}, so authenticating a packet allocates nothing
 * ({@code javax.crypto.Mac.doFinal} allocates its result on every call).
 *
 * <p>Not thread-safe: one instance per context.
 */
final class HmacSha1 {
    private static final int BLOCK = 64;
    static final int LENGTH = 20;

    private final MessageDigest sha1;
    private final byte[] ipad = new byte[BLOCK];
    private final byte[] opad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JDK", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            ipad[i] = (byte) (b ^ 0x36);
            opad[i] = (byte) (b ^ 0x5c);
        }
    }

    /** Starts a new MAC. */
    void start() {
        sha1.update(ipad);
    }

    void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
    }

    /** Finishes the MAC and writes all 20 bytes to {@code out[outOff..]}. */
    void finish(byte[] out, int outOff) {
        try {
            sha1.digest(inner, 0, LENGTH);
            sha1.update(opad);
            sha1.update(inner);
            sha1.digest(out, outOff, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("output buffers are sized for SHA-1", e);
        }
    }
}
