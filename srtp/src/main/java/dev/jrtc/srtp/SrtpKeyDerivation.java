package dev.jrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function (RFC 3711 §4.3.1, AES-CM PRF §4.3.3), also used by the AEAD profiles
 * (RFC 7714 §11), with a key derivation rate of zero as DTLS-SRTP requires.
 */
final class SrtpKeyDerivation {
    /** RFC 3711 §4.3.1 labels. */
    public static final int LABEL_RTP_ENCRYPTION = 0;
    public static final int LABEL_RTP_AUTHENTICATION = 1;
    public static final int LABEL_RTP_SALT = 2;
    public static final int LABEL_RTCP_ENCRYPTION = 3;
    public static final int LABEL_RTCP_AUTHENTICATION = 4;
    public static final int LABEL_RTCP_SALT = 5;

    private SrtpKeyDerivation() {}

    /**
     * Derives {@code length} bytes for {@code label}. The master salt (14 bytes, or 12 for AEAD profiles, which
     * are zero-padded on the right to 112 bits) is XORed with label || r (r = 0 as kdr = 0), the result shifted
     * left by 16 bits is the AES-CM IV, and the keystream is the output.
     */
    public static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
        if (masterSalt.length > 14) {
            throw new IllegalArgumentException("master salt longer than 112 bits: " + masterSalt.length + " bytes");
        }
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[7] ^= (byte) label;
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            AesCounterMode ctr = new AesCounterMode(ecb);
            byte[] out = new byte[length];
            ctr.xorKeystream(iv, out, 0, length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is mandatory in every JDK", e);
        }
    }
}
