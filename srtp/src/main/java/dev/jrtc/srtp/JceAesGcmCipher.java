package dev.jrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714 §8 and §9) on the JDK's AES-GCM.
 *
 * <pre>
 * SRTP:  header (AAD) | ciphertext | tag (16)                  IV = salt XOR (00 00 | SSRC | ROC | SEQ)
 * SRTCP: header+SSRC (AAD) | ciphertext | tag (16) | E|index (AAD)
 *                                                               IV = salt XOR (00 00 | SSRC | 00 00 | 0|index)
 * </pre>
 * The JCE wants a fresh parameter object and engine state per packet, so this allocates about 1 KB per packet,
 * but the work runs in the JDK's GCM intrinsics (carry-less multiply), several times faster than the
 * allocation-free {@link AesGcmCipher}; the default for that reason. Output goes through a scratch buffer,
 * since the JDK would copy overlapping input itself.
 */
final class JceAesGcmCipher implements SrtpCipher {
    private static final int TAG = 16;

    private final Cipher cipher;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] indexWord = new byte[4];
    private byte[] scratch = new byte[1536];

    JceAesGcmCipher(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        try {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is mandatory in every JDK", e);
        }
        rtpKey = new SecretKeySpec(rtp.encryptionKey(), "AES");
        rtcpKey = new SecretKeySpec(rtcp.encryptionKey(), "AES");
        rtpSalt = rtp.salt().clone();
        rtcpSalt = rtcp.salt().clone();
    }

    @Override
    public int rtpOverhead() {
        return TAG;
    }

    @Override
    public int rtcpOverhead() {
        return TAG + 4;
    }

    /** salt XOR (00 00 | SSRC | 48-bit tail): the tail is ROC|SEQ for SRTP, 0|index for SRTCP. */
    private static byte[] iv(byte[] salt, int ssrc, long tail) {
        byte[] iv = salt.clone();
        iv[2] ^= (byte) (ssrc >>> 24);
        iv[3] ^= (byte) (ssrc >>> 16);
        iv[4] ^= (byte) (ssrc >>> 8);
        iv[5] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[11 - i] ^= (byte) (tail >>> (8 * i));
        }
        return iv;
    }

    /** Starts an operation; false when the JCE refuses (it refuses to reuse a key+IV pair for encryption). */
    private boolean init(int mode, SecretKeySpec key, byte[] iv) {
        try {
            cipher.init(mode, key, new GCMParameterSpec(TAG * 8, iv));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Finishes the operation over b[from, from+n), writing the result back at {@code from}; -1 on a bad tag. */
    private int finish(byte[] b, int from, int n) {
        if (scratch.length < n + TAG) {
            scratch = new byte[n + TAG];
        }
        try {
            int written = cipher.doFinal(b, from, n, scratch, 0);
            System.arraycopy(scratch, 0, b, from, written);
            return written;
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException e) {
            return -1;
        }
    }

    @Override
    public int protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq) {
        if (!init(Cipher.ENCRYPT_MODE, rtpKey, iv(rtpSalt, ssrc, ((roc & 0xFFFFFFFFL) << 16) | seq))) {
            return -1;
        }
        cipher.updateAAD(b, off, headerLength);
        int n = finish(b, off + headerLength, len - headerLength);
        return n < 0 ? -1 : headerLength + n;
    }

    @Override
    public int unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq) {
        if (!init(Cipher.DECRYPT_MODE, rtpKey, iv(rtpSalt, ssrc, ((roc & 0xFFFFFFFFL) << 16) | seq))) {
            return -1;
        }
        cipher.updateAAD(b, off, headerLength);
        int n = finish(b, off + headerLength, len - headerLength);
        return n < 0 ? -1 : headerLength + n;
    }

    @Override
    public int protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        writeIndexWord(index | 0x80000000);
        if (!init(Cipher.ENCRYPT_MODE, rtcpKey, iv(rtcpSalt, ssrc, index & 0x7FFFFFFF))) {
            return -1;
        }
        cipher.updateAAD(b, off, 8);
        cipher.updateAAD(indexWord, 0, 4);
        int n = finish(b, off + 8, len - 8);
        if (n < 0) {
            return -1;
        }
        System.arraycopy(indexWord, 0, b, off + 8 + n, 4);
        return 8 + n + 4;
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - 4;
    }

    @Override
    public int unprotectRtcp(byte[] b, int off, int len, int ssrc, int eAndIndex) {
        writeIndexWord(eAndIndex);
        if (!init(Cipher.DECRYPT_MODE, rtcpKey, iv(rtcpSalt, ssrc, eAndIndex & 0x7FFFFFFF))) {
            return -1;
        }
        int sealed = len - 4; // header .. tag
        if (eAndIndex < 0) {
            cipher.updateAAD(b, off, 8);
            cipher.updateAAD(indexWord, 0, 4);
            int n = finish(b, off + 8, sealed - 8);
            return n < 0 ? -1 : 8 + n;
        }
        // E clear: nothing is encrypted, the whole packet is authenticated data (RFC 7714 §9.2).
        cipher.updateAAD(b, off, sealed - TAG);
        cipher.updateAAD(indexWord, 0, 4);
        return finish(b, off + sealed - TAG, TAG) < 0 ? -1 : sealed - TAG;
    }

    private void writeIndexWord(int e) {
        indexWord[0] = (byte) (e >>> 24);
        indexWord[1] = (byte) (e >>> 16);
        indexWord[2] = (byte) (e >>> 8);
        indexWord[3] = (byte) e;
    }
}
