package dev.jrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * jrtc's allocation-free AES-GCM ({@link AesGcmCipher} on {@link Ghash}) against the JDK's own AES/GCM/NoPadding,
 * an independent implementation, for every payload length across several blocks (each partial-block case of the
 * additional data and of the ciphertext), both key sizes, SRTP and SRTCP with E set and clear (RFC 7714 §8-9).
 */
class AesGcmJceCrossCheckTest {
    private final Random random = new Random(7714);

    private SrtpSessionKeys keys(int keyLength) {
        byte[] key = new byte[keyLength];
        byte[] salt = new byte[12];
        random.nextBytes(key);
        random.nextBytes(salt);
        return new SrtpSessionKeys(key, new byte[0], salt);
    }

    /** What the JCE seals: AAD, then plaintext; returns ciphertext|tag. */
    private static byte[] jceSeal(SrtpSessionKeys k, byte[] iv, byte[] aad, byte[] plain) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.encryptionKey(), "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        return c.doFinal(plain);
    }

    /** RFC 7714 §8.1: salt XOR (00 00 | SSRC | 48-bit tail). */
    private static byte[] iv(byte[] salt, int ssrc, long tail) {
        byte[] iv = salt.clone();
        for (int i = 0; i < 4; i++) {
            iv[2 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[11 - i] ^= (byte) (tail >>> (8 * i));
        }
        return iv;
    }

    @Test
    void srtpMatchesJceForEveryLength() throws Exception {
        for (int keyLength : new int[] {16, 32}) {
            SrtpSessionKeys k = keys(keyLength);
            AesGcmCipher cipher = new AesGcmCipher(k, keys(keyLength));
            for (int headerLength : new int[] {12, 16, 20, 28, 36}) {
                for (int text = 0; text <= 70; text++) {
                    check(k, cipher, headerLength, text);
                }
                check(k, cipher, headerLength, 1200);
            }
        }
    }

    private void check(SrtpSessionKeys k, AesGcmCipher cipher, int headerLength, int text) throws Exception {
        int ssrc = random.nextInt();
        int roc = random.nextInt();
        int seq = random.nextInt(0x10000);
        byte[] packet = new byte[headerLength + text];
        random.nextBytes(packet);
        byte[] buf = Arrays.copyOf(packet, packet.length + 16);

        int n = cipher.protectRtp(buf, 0, packet.length, headerLength, ssrc, roc, seq);

        byte[] expected = jceSeal(k, iv(k.salt(), ssrc, ((roc & 0xFFFFFFFFL) << 16) | seq),
                Arrays.copyOf(packet, headerLength), Arrays.copyOfRange(packet, headerLength, packet.length));
        assertEquals(packet.length + 16, n);
        assertArrayEquals(expected, Arrays.copyOfRange(buf, headerLength, n), "header " + headerLength + ", text " + text);
        assertEquals(headerLength + text, cipher.unprotectRtp(buf, 0, n, headerLength, ssrc, roc, seq));
        assertArrayEquals(packet, Arrays.copyOf(buf, packet.length));
    }

    @Test
    void tamperedPacketIsRefusedAndLeftAsItWas() {
        SrtpSessionKeys k = keys(16);
        AesGcmCipher cipher = new AesGcmCipher(k, keys(16));
        byte[] buf = new byte[12 + 100 + 16];
        random.nextBytes(buf);
        int n = cipher.protectRtp(buf, 0, 112, 12, 1, 0, 5);
        for (int at : new int[] {0, 11, 12, 60, n - 1}) {
            byte[] tampered = Arrays.copyOf(buf, n);
            tampered[at] ^= 0x10;
            byte[] before = tampered.clone();
            assertEquals(-1, cipher.unprotectRtp(tampered, 0, n, 12, 1, 0, 5), "flipped byte " + at);
            assertArrayEquals(before, tampered, "a refused packet is not decrypted");
        }
        assertEquals(-1, cipher.unprotectRtp(Arrays.copyOf(buf, n), 0, n, 12, 1, 0, 6), "wrong index");
    }

    @Test
    void encryptingTwiceUnderTheSameIvIsRefused() {
        AesGcmCipher cipher = new AesGcmCipher(keys(16), keys(16));
        byte[] buf = new byte[12 + 20 + 16];
        assertEquals(48, cipher.protectRtp(buf, 0, 32, 12, 9, 0, 100));
        assertEquals(-1, cipher.protectRtp(new byte[48], 0, 32, 12, 9, 0, 100));
        assertEquals(48, cipher.protectRtp(new byte[48], 0, 32, 12, 9, 0, 101));
    }

    @Test
    void srtcpMatchesJceWithEncryptionFlagSetAndClear() throws Exception {
        SrtpSessionKeys k = keys(16);
        AesGcmCipher cipher = new AesGcmCipher(keys(16), k);
        for (int len = 8; len <= 60; len += 4) {
            byte[] packet = new byte[len];
            random.nextBytes(packet);
            int ssrc = random.nextInt();
            int index = random.nextInt() & 0x7FFFFFFF;
            byte[] word = {(byte) (0x80 | index >>> 24), (byte) (index >>> 16), (byte) (index >>> 8), (byte) index};
            byte[] buf = Arrays.copyOf(packet, len + 20);
            int n = cipher.protectRtcp(buf, 0, len, ssrc, index);
            byte[] aad = new byte[12];
            System.arraycopy(packet, 0, aad, 0, 8);
            System.arraycopy(word, 0, aad, 8, 4);
            byte[] expected = jceSeal(k, iv(k.salt(), ssrc, index), aad, Arrays.copyOfRange(packet, 8, len));
            assertEquals(len + 20, n);
            assertArrayEquals(expected, Arrays.copyOfRange(buf, 8, n - 4));
            assertArrayEquals(word, Arrays.copyOfRange(buf, n - 4, n));
            assertEquals(len, cipher.unprotectRtcp(buf, 0, n, ssrc, index | 0x80000000));
            assertArrayEquals(packet, Arrays.copyOf(buf, len));

            // E clear (RFC 7714 §9.2): the whole packet and the index word are additional data, the tag follows.
            byte[] clearAad = Arrays.copyOf(packet, len + 4);
            System.arraycopy(word, 0, clearAad, len, 4);
            clearAad[len] &= 0x7F;
            byte[] tag = jceSeal(k, iv(k.salt(), ssrc, index), clearAad, new byte[0]);
            byte[] unencrypted = new byte[len + 20];
            System.arraycopy(packet, 0, unencrypted, 0, len);
            System.arraycopy(tag, 0, unencrypted, len, 16);
            System.arraycopy(clearAad, len, unencrypted, len + 16, 4);
            assertEquals(len, cipher.unprotectRtcp(unencrypted, 0, len + 20, ssrc, index));
            unencrypted[3] ^= 1;
            assertEquals(-1, cipher.unprotectRtcp(unencrypted, 0, len + 20, ssrc, index));
        }
    }
}
