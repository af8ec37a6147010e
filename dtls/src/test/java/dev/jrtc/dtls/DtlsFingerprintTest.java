package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The a=fingerprint value (RFC 8122 §5): parse, format, case-insensitive compare and every rejected shape. */
class DtlsFingerprintTest {

    @Test
    void parsesAndFormatsUpperCaseColonHex() {
        DtlsFingerprint fp = DtlsFingerprint.parse("SHA-256 ab:cd:0f");
        assertEquals("sha-256", fp.hashFunction());
        assertEquals("sha-256 AB:CD:0F", fp.sdpValue());
        assertArrayEquals(new byte[] {(byte) 0xAB, (byte) 0xCD, 0x0F}, fp.value());
        assertEquals(DtlsFingerprint.parse("sha-256 AB:CD:0F"), fp, "hex compares case-insensitively");
        assertEquals(DtlsFingerprint.ofDigest("Sha-256", new byte[] {(byte) 0xAB, (byte) 0xCD, 0x0F}), fp);
    }

    @Test
    void valueIsACopy() {
        byte[] digest = {1, 2};
        DtlsFingerprint fp = DtlsFingerprint.ofDigest("sha-1", digest);
        digest[0] = 9;
        fp.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, fp.value());
    }

    @Test
    void rejectsMalformedValues() {
        for (String bad : new String[] {"sha-256", "sha-256 ZZ:00", "sha-256 A:BC", "sha-256 AB::CD", "sha-256 AB:CD:",
                "sha-256 AB CD", "sha(256) AB", "sha-512 " + "AB:".repeat(64) + "AB"}) {
            assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.ofDigest("sha-256", new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.ofDigest("sha-512", new byte[65]));
        assertThrows(NullPointerException.class, () -> DtlsFingerprint.parse(null));
    }

    @Test
    void unknownHashFunctionParsesButCannotAuthenticate() {
        DtlsFingerprint md5 = DtlsFingerprint.parse("md5 AB:CD");
        assertFalse(md5.isSupported());
        assertTrue(DtlsFingerprint.parse("sha-384 AB").isSupported());
        assertThrows(IllegalArgumentException.class, () -> md5.matches(new byte[] {1}));
        DtlsCertificate cert = DtlsCertificate.generateEcdsaP256();
        assertThrows(IllegalArgumentException.class, () -> DtlsConfig.of(DtlsRole.CLIENT, cert, md5));
    }

    @Test
    void matchesTheCertificateItWasComputedFrom() {
        DtlsCertificate cert = DtlsCertificate.generateEcdsaP256();
        DtlsFingerprint fp = cert.fingerprint();
        assertEquals(fp, DtlsFingerprint.parse(fp.sdpValue().toLowerCase(java.util.Locale.ROOT)));
        assertTrue(DtlsFingerprint.parse(fp.sdpValue()).matches(der(cert)));
    }

    private static byte[] der(DtlsCertificate cert) {
        try {
            return cert.certificate().getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }
}
