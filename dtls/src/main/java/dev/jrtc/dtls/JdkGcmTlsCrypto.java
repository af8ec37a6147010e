package dev.jrtc.dtls;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipherImpl;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Bouncy Castle's JCA crypto (the JDK's providers), with AES-GCM records set up the direct way.
 *
 * <p>BC 1.82's own AES-GCM wrapper prepares every record's cipher through {@code AlgorithmParameters}: a provider
 * lookup, a reflective {@code GCMParameterSpec}, and parameter conversion, for each record sealed or opened, which
 * profiling showed next to the AES-GCM work itself. Here each record initialises the JDK cipher with a plain
 * {@link GCMParameterSpec}; the cipher, the key and the record format are unchanged. Everything else (handshake,
 * signatures, key exchange, ChaCha20-Poly1305) is BC's JCA code as before.
 */
final class JdkGcmTlsCrypto extends JcaTlsCrypto {
    private static final String AES_GCM = "AES/GCM/NoPadding";

    JdkGcmTlsCrypto(SecureRandom random) {
        super(new DefaultJcaJceHelper(), random, new SecureRandom());
    }

    @Override
    protected TlsAEADCipherImpl createAEADCipher(String cipherName, String algorithm, int keySize, boolean isEncrypting)
            throws GeneralSecurityException {
        if (!AES_GCM.equals(cipherName)) {
            return super.createAEADCipher(cipherName, algorithm, keySize, isEncrypting);
        }
        return new GcmCipher(Cipher.getInstance(AES_GCM), algorithm, keySize,
                isEncrypting ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE);
    }

    /** One direction of a connection's AES-GCM: a JDK cipher re-initialised with each record's nonce. */
    private static final class GcmCipher implements TlsAEADCipherImpl {
        private final Cipher cipher;
        private final String algorithm;
        private final int keySize;
        private final int mode;
        private SecretKeySpec key;

        GcmCipher(Cipher cipher, String algorithm, int keySize, int mode) {
            this.cipher = cipher;
            this.algorithm = algorithm;
            this.keySize = keySize;
            this.mode = mode;
        }

        @Override
        public void setKey(byte[] key, int keyOff, int keyLen) {
            if (keyLen != keySize) {
                // Cannot happen: BC derives the key for the suite it asked us to create.
                throw new IllegalStateException("AES-GCM key of " + keyLen + " bytes, expected " + keySize);
            }
            this.key = new SecretKeySpec(key, keyOff, keyLen, algorithm);
        }

        @Override
        public void init(byte[] nonce, int macSize) {
            try {
                cipher.init(mode, key, new GCMParameterSpec(macSize * 8, nonce));
            } catch (GeneralSecurityException e) {
                // BC turns a RuntimeException here into a fatal alert, as with its own wrapper.
                throw new IllegalStateException("AES-GCM init failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int getOutputSize(int inputLength) {
            return cipher.getOutputSize(inputLength);
        }

        @Override
        public int doFinal(byte[] additionalData, byte[] input, int inputOffset, int inputLength, byte[] output,
                           int outputOffset) {
            try {
                if (additionalData != null && additionalData.length > 0) {
                    cipher.updateAAD(additionalData);
                }
                // One call for the whole record: the JDK releases decrypted bytes only once the tag verified.
                return cipher.doFinal(input, inputOffset, inputLength, output, outputOffset);
            } catch (GeneralSecurityException e) {
                // A bad tag: BC maps the RuntimeException to bad_record_mac, and the record is dropped.
                throw new IllegalStateException("AES-GCM: " + e.getMessage(), e);
            }
        }
    }
}
