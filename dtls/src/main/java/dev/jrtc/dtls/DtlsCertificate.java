package dev.jrtc.dtls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate and its key, made the way browsers make theirs for DTLS-SRTP (RFC 8827 §6.5:
 * self-signed, authenticated by the fingerprint in SDP rather than by a CA). ECDSA P-256 by default. Generate
 * once and reuse it across connections: generating a key pair is the slow part.
 */
public final class DtlsCertificate {
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final String signatureAlgorithm;

    private DtlsCertificate(KeyPair keyPair, X509Certificate certificate, String signatureAlgorithm) {
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** A fresh ECDSA P-256 certificate valid for 30 days, with a random serial and common name. */
    public static DtlsCertificate generateEcdsaP256() {
        return generate("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA");
    }

    /** A fresh RSA 2048 certificate valid for 30 days (for peers that cannot do ECDSA). */
    public static DtlsCertificate generateRsa2048() {
        return generate("RSA", null, "SHA256withRSA");
    }

    private static DtlsCertificate generate(String keyAlgorithm, ECGenParameterSpec curve, String signatureAlgorithm) {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyAlgorithm);
            if (curve != null) {
                generator.initialize(curve, random);
            } else {
                generator.initialize(2048, random);
            }
            KeyPair keyPair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=jrtc-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).abs(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name,
                    keyPair.getPublic());
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate());
            X509CertificateHolder holder = builder.build(signer);
            return new DtlsCertificate(keyPair, new JcaX509CertificateConverter().getCertificate(holder), signatureAlgorithm);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a " + keyAlgorithm + " certificate: " + e.getMessage(), e);
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** True for an ECDSA key, false for RSA. */
    public boolean isEcdsa() {
        return signatureAlgorithm.endsWith("ECDSA");
    }

    /** The DER encoding, as sent in the DTLS Certificate message. */
    public byte[] encoded() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a generated certificate encodes", e);
        }
    }

    /** The SHA-256 fingerprint for {@code a=fingerprint}. */
    public DtlsFingerprint fingerprint() {
        return DtlsFingerprint.of("sha-256", encoded());
    }
}
