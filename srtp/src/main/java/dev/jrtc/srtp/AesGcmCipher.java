package dev.jrtc.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714 §8 and §9), in place and without allocation.
 *
 * <pre>
 * SRTP:  header (AAD) | ciphertext | tag (16)                  IV = salt XOR (00 00 | SSRC | ROC | SEQ)
 * SRTCP: header+SSRC (AAD) | ciphertext | tag (16) | E|index (AAD)
 *                                                               IV = salt XOR (00 00 | SSRC | 00 00 | 0|index)
 * </pre>
 * GCM (NIST SP 800-38D §7) is put together here from AES-ECB over a batch of counter blocks (the JDK's AES
 * intrinsics: J0 for the tag mask, then inc32(J0)... for the keystream) and {@link Ghash}. The JCE's own GCM
 * ({@link JceAesGcmCipher}) needs a fresh parameter object and engine state per packet, about 1 KB of garbage
 * each, but its GHASH runs on carry-less-multiply instructions: pure-Java GHASH is several times slower, so
 * this is chosen by {@link SrtpPolicy#allocationFreeGcm()} rather than by default. The JCE's refusal to encrypt
 * twice in a row under the same IV is kept, since a repeated IV with other plaintext gives away the GHASH key.
 *
 * <p>Not thread-safe: one instance per context.
 */
final class AesGcmCipher implements SrtpCipher {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final int TAG = 16;

    private final Direction rtp;
    private final Direction rtcp;
    private final byte[] indexWord = new byte[4];
    private byte[] counters = new byte[1536];
    private byte[] keystream = new byte[1536];

    /** The key-dependent state of SRTP or of SRTCP. */
    private static final class Direction {
        final Cipher ecb;
        final Ghash ghash;
        final byte[] salt;
        long lastIvHigh;
        long lastIvLow;
        boolean encrypted;

        Direction(SrtpSessionKeys keys) {
            ecb = AesCounterMode.newEcb(keys.encryptionKey());
            byte[] h = new byte[16];
            try {
                ecb.update(new byte[16], 0, 16, h, 0);
            } catch (ShortBufferException e) {
                throw new IllegalStateException("16 bytes out of 16 in", e);
            }
            ghash = new Ghash(h);
            salt = keys.salt().clone();
        }
    }

    AesGcmCipher(SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys) {
        rtp = new Direction(rtpKeys);
        rtcp = new Direction(rtcpKeys);
    }

    @Override
    public int rtpOverhead() {
        return TAG;
    }

    @Override
    public int rtcpOverhead() {
        return TAG + 4;
    }

    /**
     * Lays out J0 = IV || 1 and the counter blocks for {@code textLength} bytes, IV = salt XOR (00 00 | SSRC |
     * 48-bit tail), and encrypts them all; false when encrypting would repeat the last IV.
     */
    private boolean keystream(Direction d, int ssrc, long tail, int textLength, boolean encrypt) {
        long saltHigh = (long) LONGS.get(d.salt, 0);
        int saltLow = (int) ((long) LONGS.get(d.salt, 4));
        // IV bytes 0..7: SSRC at bytes 2..5, the top 16 bits of the tail at 6..7; bytes 8..11: the rest.
        long ivHigh = saltHigh ^ ((ssrc & 0xFFFFFFFFL) << 16) ^ ((tail >>> 32) & 0xFFFF);
        int ivLow = saltLow ^ (int) tail;
        if (encrypt) {
            if (d.encrypted && d.lastIvHigh == ivHigh && d.lastIvLow == ivLow) {
                return false;
            }
            d.encrypted = true;
            d.lastIvHigh = ivHigh;
            d.lastIvLow = ivLow;
        }
        int blocks = 1 + ((textLength + 15) >>> 4);
        int n = blocks << 4;
        if (counters.length < n) {
            // Grows once for a larger packet than any seen before, never per packet.
            counters = new byte[n];
            keystream = new byte[n];
        }
        long first = ivHigh;
        long second = ((ivLow & 0xFFFFFFFFL) << 32) | 1;
        for (int i = 0; i < blocks; i++) {
            LONGS.set(counters, i << 4, first);
            LONGS.set(counters, (i << 4) + 8, second + i);
        }
        try {
            d.ecb.update(counters, 0, n, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("keystream buffer sized to the counter buffer", e);
        }
        return true;
    }

    /** XORs the keystream after the tag mask into {@code b[off, off+len)}. */
    private void xor(byte[] b, int off, int len) {
        byte[] k = keystream;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(b, off + i, (long) LONGS.get(b, off + i) ^ (long) LONGS.get(k, 16 + i));
        }
        for (; i < len; i++) {
            b[off + i] ^= k[16 + i];
        }
    }

    /** Compares the computed tag (keystream[0..16)) with b[at, at+16) in constant time. */
    private boolean tagMatches(byte[] b, int at) {
        long diff = ((long) LONGS.get(keystream, 0) ^ (long) LONGS.get(b, at))
                | ((long) LONGS.get(keystream, 8) ^ (long) LONGS.get(b, at + 8));
        return diff == 0;
    }

    private static long rtpTail(int roc, int seq) {
        return ((roc & 0xFFFFFFFFL) << 16) | (seq & 0xFFFF);
    }

    @Override
    public int protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq) {
        int text = len - headerLength;
        if (!keystream(rtp, ssrc, rtpTail(roc, seq), text, true)) {
            return -1;
        }
        xor(b, off + headerLength, text);
        Ghash g = rtp.ghash;
        g.reset();
        g.update(b, off, headerLength);
        g.padToBlock();
        g.update(b, off + headerLength, text);
        g.finishInto(headerLength, text, keystream, 0);
        System.arraycopy(keystream, 0, b, off + len, TAG);
        return len + TAG;
    }

    @Override
    public int unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq) {
        int text = len - headerLength - TAG;
        keystream(rtp, ssrc, rtpTail(roc, seq), text, false);
        Ghash g = rtp.ghash;
        g.reset();
        g.update(b, off, headerLength);
        g.padToBlock();
        g.update(b, off + headerLength, text);
        g.finishInto(headerLength, text, keystream, 0);
        if (!tagMatches(b, off + headerLength + text)) {
            return -1;
        }
        xor(b, off + headerLength, text);
        return headerLength + text;
    }

    @Override
    public int protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        writeIndexWord(index | 0x80000000);
        int text = len - 8;
        if (!keystream(rtcp, ssrc, index & 0x7FFFFFFF, text, true)) {
            return -1;
        }
        xor(b, off + 8, text);
        Ghash g = rtcp.ghash;
        g.reset();
        g.update(b, off, 8);
        g.update(indexWord, 0, 4);
        g.padToBlock();
        g.update(b, off + 8, text);
        g.finishInto(12, text, keystream, 0);
        System.arraycopy(keystream, 0, b, off + len, TAG);
        System.arraycopy(indexWord, 0, b, off + len + TAG, 4);
        return len + TAG + 4;
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - 4;
    }

    @Override
    public int unprotectRtcp(byte[] b, int off, int len, int ssrc, int eAndIndex) {
        writeIndexWord(eAndIndex);
        int sealed = len - 4; // header .. tag
        Ghash g = rtcp.ghash;
        g.reset();
        if (eAndIndex < 0) {
            int text = sealed - 8 - TAG;
            keystream(rtcp, ssrc, eAndIndex & 0x7FFFFFFF, text, false);
            g.update(b, off, 8);
            g.update(indexWord, 0, 4);
            g.padToBlock();
            g.update(b, off + 8, text);
            g.finishInto(12, text, keystream, 0);
            if (!tagMatches(b, off + 8 + text)) {
                return -1;
            }
            xor(b, off + 8, text);
            return 8 + text;
        }
        // E clear: nothing is encrypted, the whole packet is authenticated data (RFC 7714 §9.2).
        int aad = sealed - TAG;
        keystream(rtcp, ssrc, eAndIndex & 0x7FFFFFFF, 0, false);
        g.update(b, off, aad);
        g.update(indexWord, 0, 4);
        g.finishInto(aad + 4, 0, keystream, 0);
        return tagMatches(b, off + aad) ? aad : -1;
    }

    private void writeIndexWord(int e) {
        indexWord[0] = (byte) (e >>> 24);
        indexWord[1] = (byte) (e >>> 16);
        indexWord[2] = (byte) (e >>> 8);
        indexWord[3] = (byte) e;
    }
}
