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

    /** Validity of generated certificates when none is given (W3C webrtc §4.9.1 leaves it to the browser). */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    /** A fresh ECDSA P-256 certificate valid for 30 days, with a random serial and common name. */
    public static DtlsCertificate generateEcdsaP256() {
        return generateEcdsaP256(DEFAULT_VALIDITY);
    }

    /**
     * A fresh ECDSA P-256 certificate valid from now for {@code validity} (W3C generateCertificate's
     * {@code expires}).
     *
     * @throws IllegalArgumentException when {@code validity} is not positive: the certificate would be expired at once
     */
    public static DtlsCertificate generateEcdsaP256(Duration validity) {
        return generate("EC", new ECGenParameterSpec("secp256r1"), "SHA256withECDSA", validity);
    }

    /** A fresh RSA 2048 certificate valid for 30 days (for peers that cannot do ECDSA). */
    public static DtlsCertificate generateRsa2048() {
        return generate("RSA", null, "SHA256withRSA", DEFAULT_VALIDITY);
    }

    /**
     * A certificate made elsewhere (e.g. stored from an earlier run, as W3C lets applications keep RTCCertificates),
     * with its key pair. It may be expired: {@link #checkValidAt} says so where it matters.
     *
     * @throws IllegalArgumentException when the key pair is not the certificate's, or is neither ECDSA nor RSA
     */
    public static DtlsCertificate of(KeyPair keyPair, X509Certificate certificate) {
        java.util.Objects.requireNonNull(keyPair, "keyPair");
        java.util.Objects.requireNonNull(certificate, "certificate");
        if (!certificate.getPublicKey().equals(keyPair.getPublic())) {
            throw new IllegalArgumentException("the key pair's public key is not the certificate's");
        }
        String algorithm = keyPair.getPublic().getAlgorithm();
        if (algorithm.equals("EC")) {
            return new DtlsCertificate(keyPair, certificate, "SHA256withECDSA");
        }
        if (algorithm.equals("RSA")) {
            return new DtlsCertificate(keyPair, certificate, "SHA256withRSA");
        }
        throw new IllegalArgumentException("DTLS-SRTP certificates are ECDSA or RSA, got a " + algorithm + " key");
    }

    private static DtlsCertificate generate(String keyAlgorithm, ECGenParameterSpec curve, String signatureAlgorithm,
                                            Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("certificate validity must be positive (it would be expired at once): "
                    + validity);
        }
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
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(validity)), name,
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

    /** When the certificate stops being valid (X.509 notAfter): W3C RTCCertificate.expires. */
    public Instant expires() {
        return certificate.getNotAfter().toInstant();
    }

    /**
     * Checks that the certificate is valid at {@code now} (X.509 notBefore and notAfter, RFC 5280 §4.1.2.5); W3C
     * webrtc §4.4.1.1 refuses a connection with an expired certificate.
     *
     * @throws IllegalStateException naming the validity period when it does not contain {@code now}
     */
    public void checkValidAt(Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = expires();
        if (now.isAfter(notAfter)) {
            throw new IllegalStateException("the DTLS certificate expired at " + notAfter + " (now " + now + ")");
        }
        if (now.isBefore(notBefore)) {
            throw new IllegalStateException("the DTLS certificate is not valid before " + notBefore + " (now " + now + ")");
        }
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
