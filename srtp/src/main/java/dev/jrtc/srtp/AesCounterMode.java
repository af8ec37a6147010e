package dev.jrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * AES in counter mode (RFC 3711 §4.1.1) without per-packet allocation: counter blocks are laid out in a
 * reusable buffer and encrypted with one AES-ECB call, then XORed into the data.
 *
 * <p>Not thread-safe: one instance per context.
 */
final class AesCounterMode {
    private final Cipher ecb;
    private byte[] counters = new byte[1504];
    private byte[] keystream = new byte[1504];

    /** @param ecb an {@code AES/ECB/NoPadding} cipher already initialised for encryption with the session key */
    AesCounterMode(Cipher ecb) {
        this.ecb = ecb;
    }

    /**
     * XORs the keystream that starts at the 16-byte {@code iv} (the last two bytes being the block counter, zero
     * at the start) into {@code data[off, off+len)}.
     */
    void xorKeystream(byte[] iv, byte[] data, int off, int len) {
        int blocks = (len + 15) >>> 4;
        int n = blocks << 4;
        if (counters.length < n) {
            // Grows once for a larger packet than any seen before, never per packet.
            counters = new byte[n];
            keystream = new byte[n];
        }
        for (int i = 0; i < blocks; i++) {
            int p = i << 4;
            System.arraycopy(iv, 0, counters, p, 14);
            // The block counter occupies the low 16 bits; packets are far shorter than 2^16 blocks.
            int c = ((iv[14] & 0xFF) << 8 | (iv[15] & 0xFF)) + i;
            counters[p + 14] = (byte) (c >>> 8);
            counters[p + 15] = (byte) c;
        }
        try {
            ecb.update(counters, 0, n, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("keystream buffer sized to the counter buffer", e);
        }
        for (int i = 0; i < len; i++) {
            data[off + i] ^= keystream[i];
        }
    }

    static Cipher newEcb(byte[] key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is mandatory in every JDK", e);
        }
    }
}
