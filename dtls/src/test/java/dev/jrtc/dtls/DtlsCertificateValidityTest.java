package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Certificate validity (RFC 5280 §4.1.2.5 notBefore/notAfter), which W3C webrtc requires unexpired. */
class DtlsCertificateValidityTest {
    /** A self-signed ECDSA certificate valid from {@code notBefore} to {@code notAfter}, made with BC directly. */
    static DtlsCertificate certificate(Instant notBefore, Instant notAfter) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Name name = new X500Name("CN=validity-test");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return DtlsCertificate.of(keys, cert);
    }

    @Test
    void generatedCertificatesAreValidForTheirValidityAndExpireAfter() {
        Instant now = Instant.now();
        DtlsCertificate c = DtlsCertificate.generateEcdsaP256(Duration.ofHours(2));
        assertDoesNotThrow(() -> c.checkValidAt(now));
        assertTrue(Math.abs(Duration.between(now.plus(Duration.ofHours(2)), c.expires()).getSeconds()) < 60, c.expires().toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.checkValidAt(now.plus(Duration.ofHours(3))));
        assertTrue(e.getMessage().contains("expired at"), e.getMessage());
        assertTrue(DtlsCertificate.generateEcdsaP256().expires().isAfter(now.plus(Duration.ofDays(29))));
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedAndANonPositiveValidityToo() throws Exception {
        Instant now = Instant.now();
        DtlsCertificate expired = certificate(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> expired.checkValidAt(now));
        assertTrue(e.getMessage().contains("expired at " + expired.expires()), e.getMessage());
        DtlsCertificate future = certificate(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        e = assertThrows(IllegalStateException.class, () -> future.checkValidAt(now));
        assertTrue(e.getMessage().contains("not valid before"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.generateEcdsaP256(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.generateEcdsaP256(Duration.ofSeconds(-1)));
    }

    @Test
    void anImportedCertificateMustCarryItsOwnKey() throws Exception {
        DtlsCertificate a = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate b = DtlsCertificate.generateEcdsaP256();
        assertThrows(IllegalArgumentException.class, () -> DtlsCertificate.of(a.keyPair(), b.certificate()));
        DtlsCertificate imported = DtlsCertificate.of(a.keyPair(), a.certificate());
        assertEquals(a.fingerprint(), imported.fingerprint());
        assertTrue(imported.isEcdsa());
    }
}
