package dev.jrtc.dtls;

import dev.jrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * What our DTLS client and server share (RFC 5764, RFC 8827 §6.5): the suites and groups browsers use, our
 * certificate as BC credentials, the fingerprint check, and the keying-material export.
 */
final class DtlsPeerSupport {
    /** The DTLS 1.2 suites Chrome and Firefox offer, AES-GCM first (JDK intrinsics), then ChaCha20-Poly1305. */
    static final int[] ECDSA_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    static final int[] RSA_SUITES = {
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    };
    static final int[] GROUPS = {NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1};

    final JcaTlsCrypto crypto;
    final DtlsConfig config;
    /** Set once the peer's certificate was checked against the SDP fingerprint. */
    volatile DtlsFingerprint remoteFingerprint;
    /** Why the fingerprint check failed, for a Failed event that says more than "bad_certificate". */
    volatile String verificationFailure;
    volatile SrtpKeyingMaterial keyingMaterial;
    volatile boolean closeNotifyReceived;
    /** Set as soon as the handshake chose the suite (the record filter sizes the AEAD's overhead by it). */
    volatile int negotiatedSuite = -1;

    DtlsPeerSupport(JcaTlsCrypto crypto, DtlsConfig config) {
        this.crypto = crypto;
        this.config = config;
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        DtlsCertificate cert = config.certificate();
        TlsCertificate tlsCert = crypto.createCertificate(cert.encoded());
        SignatureAndHashAlgorithm algorithm = SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256,
                cert.isEcdsa() ? SignatureAlgorithm.ecdsa : SignatureAlgorithm.rsa);
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                cert.keyPair().getPrivate(), new Certificate(new TlsCertificate[] {tlsCert}), algorithm);
    }

    /** The security of the whole stack: the peer must hold the certificate its SDP fingerprint names. */
    void verify(Certificate presented, String who) throws IOException {
        if (presented == null || presented.isEmpty()) {
            verificationFailure = who + " presented no certificate, but its SDP fingerprint is "
                    + config.remoteFingerprint().sdpValue();
            throw new TlsFatalAlert(AlertDescription.certificate_required, verificationFailure);
        }
        byte[] der = presented.getCertificateAt(0).getEncoded();
        DtlsFingerprint actual = DtlsFingerprint.of(config.remoteFingerprint().hashFunction(), der);
        if (!config.remoteFingerprint().matches(der)) {
            verificationFailure = "certificate fingerprint mismatch: the " + who + "'s SDP says "
                    + config.remoteFingerprint().sdpValue() + " but its certificate is " + actual.sdpValue();
            throw new TlsFatalAlert(AlertDescription.bad_certificate, verificationFailure);
        }
        remoteFingerprint = actual;
    }

    int[] profileIds() {
        List<SrtpProfile> profiles = config.srtpProfiles();
        int[] ids = new int[profiles.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = profiles.get(i).dtlsSrtpId();
        }
        return ids;
    }

    void export(TlsContext context, SrtpProfile profile) {
        negotiatedSuite = context.getSecurityParametersConnection().getCipherSuite();
        if (profile != null) {
            byte[] material = context.exportKeyingMaterial(SrtpKeyingMaterial.EXPORTER_LABEL, null,
                    profile.keyingMaterialLength());
            keyingMaterial = SrtpKeyingMaterial.split(profile, material, config.role());
        }
    }

    static Vector<Integer> groups() {
        Vector<Integer> v = new Vector<>();
        for (int g : GROUPS) {
            v.add(g);
        }
        return v;
    }
}
