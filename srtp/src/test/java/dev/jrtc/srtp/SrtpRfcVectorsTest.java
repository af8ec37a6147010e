package dev.jrtc.srtp;

import static dev.jrtc.srtp.Hex.bytes;
import static dev.jrtc.srtp.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known-answer tests from RFC 3711 Appendix B and RFC 7714 §16-17. */
class SrtpRfcVectorsTest {

    @Test
    void aesCounterModeKeystreamMatchesRfc3711AppendixB2() {
        byte[] key = bytes("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] iv = bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        // Zero plaintext of 0x10000 blocks would take long; the counter wraps the low 16 bits at block 0xFF00.
        byte[] data = new byte[16 * 0xFF02];
        new AesCounterMode(AesCounterMode.newEcb(key)).xorKeystream(iv, data, 0, data.length);
        assertEquals("e03ead0935c95e80e166b16dd92b4eb4", hex(data, 0, 16));
        assertEquals("d23513162b02d0f72a43a2fe4a5f97ab", hex(data, 16, 16));
        assertEquals("41e95b3bb0a2e8dd477901e4fca894c0", hex(data, 32, 16));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4", hex(data, 16 * 0xFEFF, 16));
        assertEquals("362b7c3c6773516318a077d7fc5073ae", hex(data, 16 * 0xFF00, 16));
        assertEquals("6a2cc3787889374fbeb4c81b17ba6c44", hex(data, 16 * 0xFF01, 16));
    }

    @Test
    void keyDerivationMatchesRfc3711AppendixB3() {
        byte[] masterKey = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = bytes("0EC675AD498AFEEBB6960B3AABE6");
        assertEquals("c61e7a93744f39ee10734afe3ff7a087", hex(SrtpKeyDerivation.derive(masterKey, masterSalt, 0, 16), 0, 16));
        assertEquals("30cbbc08863d8c85d49db34a9ae1", hex(SrtpKeyDerivation.derive(masterKey, masterSalt, 2, 14), 0, 14));
        byte[] auth = SrtpKeyDerivation.derive(masterKey, masterSalt, 1, 94);
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4", hex(auth, 0, 20));
        assertEquals("6b68642c59bbfc2f34db60dbdfb2", hex(auth, 80, 14));
    }

    /** SRTP-KDF vector with kdr = 0 from the SymCrypt/OpenSSL KDF tests (the index does not matter at rate 0). */
    @Test
    void keyDerivationMatchesIndependentKdfVector() {
        byte[] key = bytes("c4809f6d369888728e26adb532129890");
        byte[] salt = bytes("0e23006c6c044f5662400e9d1bd6");
        assertEquals("dc382192ab65108a86b259b61b3af46f", hex(SrtpKeyDerivation.derive(key, salt, 0, 16), 0, 16));
    }

    // RFC 7714 §16 and §17: session keys given directly, RTP seq 0xf17b with ROC 0, SRTCP index 0x5d4.
    private static final byte[] GCM_KEY = bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] GCM_SALT = bytes("517569642070726f2071756f");
    private static final byte[] RTP = bytes("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
    private static final byte[] RTCP = bytes("81c8000d4d6172734e5450314e545032525450200000042a0000e9304c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");

    private static SrtpContext gcmContext(SrtpProfile profile, boolean allocationFree) {
        byte[] key = Arrays.copyOf(GCM_KEY, profile.masterKeyLength());
        SrtpSessionKeys keys = new SrtpSessionKeys(key, new byte[0], GCM_SALT);
        return new SrtpContext(profile, keys, keys, SrtpPolicy.DEFAULT.withAllocationFreeGcm(allocationFree));
    }

    @ParameterizedTest(name = "allocation-free GCM: {0}")
    @ValueSource(booleans = {false, true})
    void aeadAes128GcmRtpAndRtcpMatchRfc7714(boolean allocationFree) {
        checkGcm(allocationFree, SrtpProfile.AEAD_AES_128_GCM,
                "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce",
                "81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f76c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4");
    }

    @ParameterizedTest(name = "allocation-free GCM: {0}")
    @ValueSource(booleans = {false, true})
    void aeadAes256GcmRtpAndRtcpMatchRfc7714(boolean allocationFree) {
        checkGcm(allocationFree, SrtpProfile.AEAD_AES_256_GCM,
                "8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aab18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13",
                "81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5dbffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4");
    }

    private void checkGcm(boolean allocationFree, SrtpProfile profile, String srtp, String srtcp) {
        SrtpContext sender = gcmContext(profile, allocationFree);
        byte[] buf = Arrays.copyOf(RTP, RTP.length + 16);
        int n = sender.protectRtp(buf, 0, RTP.length);
        assertEquals(srtp, hex(buf, 0, n));

        SrtpContext receiver = gcmContext(profile, allocationFree);
        assertEquals(RTP.length, receiver.unprotectRtp(buf, 0, n));
        assertArrayEquals(RTP, Arrays.copyOf(buf, RTP.length));

        // The sender's SRTCP index starts at 0; advance it to the RFC's 0x5d4 with throwaway packets.
        byte[] scratch = new byte[RTCP.length + 20];
        for (int i = 0; i < 0x5d4; i++) {
            System.arraycopy(RTCP, 0, scratch, 0, RTCP.length);
            sender.protectRtcp(scratch, 0, RTCP.length);
        }
        byte[] rtcp = Arrays.copyOf(RTCP, RTCP.length + 20);
        int m = sender.protectRtcp(rtcp, 0, RTCP.length);
        assertEquals(srtcp, hex(rtcp, 0, m));
        assertEquals(RTCP.length, receiver.unprotectRtcp(rtcp, 0, m));
        assertArrayEquals(RTCP, Arrays.copyOf(rtcp, RTCP.length));
    }
}
