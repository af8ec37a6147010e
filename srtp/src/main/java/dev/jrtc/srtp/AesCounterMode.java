package dev.jrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
    /** Big-endian, so "+ i" on the low long increments the block counter in the IV's last two bytes. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
        // Counter block i is the IV plus i in its low 16 bits (packets are far shorter than 2^16 blocks), written
        // as two longs per block: byte-at-a-time loops cost more here than the AES itself.
        long high = (long) LONGS.get(iv, 0);
        long low = (long) LONGS.get(iv, 8);
        for (int i = 0; i < blocks; i++) {
            LONGS.set(counters, i << 4, high);
            LONGS.set(counters, (i << 4) + 8, low + i);
        }
        try {
            ecb.update(counters, 0, n, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("keystream buffer sized to the counter buffer", e);
        }
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(data, off + i, (long) LONGS.get(data, off + i) ^ (long) LONGS.get(keystream, i));
        }
        for (; i < len; i++) {
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
