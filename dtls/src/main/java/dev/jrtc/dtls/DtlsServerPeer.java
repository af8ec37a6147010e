package dev.jrtc.dtls;

import dev.jrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Our side of the handshake when {@code a=setup} makes us the DTLS server (RFC 5764 §4.1 use_srtp answer). */
final class DtlsServerPeer extends DefaultTlsServer {
    private final DtlsPeerSupport support;
    private SrtpProfile selected;

    DtlsServerPeer(JcaTlsCrypto crypto, DtlsPeerSupport support) {
        super(crypto);
        this.support = support;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        // A browser offering DTLS 1.3 and 1.2 gets 1.2 from us.
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] suites = support.config.certificate().isEcdsa() ? DtlsPeerSupport.ECDSA_SUITES : DtlsPeerSupport.RSA_SUITES;
        return TlsUtils.getSupportedCipherSuites(getCrypto(), suites);
    }

    /** Our order wins, so an AES-GCM suite is picked whenever the client offers one. */
    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    public int getSelectedCipherSuite() throws IOException {
        int suite = super.getSelectedCipherSuite();
        support.negotiatedSuite = suite;
        return suite;
    }

    @Override
    public int[] getSupportedGroups() {
        return DtlsPeerSupport.GROUPS.clone();
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public int getHandshakeResendTimeMillis() {
        return (int) support.config.retransmitTimeout().toMillis();
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, support.config.handshakeTimeout().toMillis());
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return support.config.certificate().isEcdsa() ? support.signer(context) : null;
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return support.config.certificate().isEcdsa() ? null : support.signer(context);
    }

    /** WebRTC authenticates both ends (RFC 8827 §6.5): ask the client for its certificate. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        return new CertificateRequest(types, TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        support.verify(clientCertificate, "client");
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered != null) {
            for (SrtpProfile ours : support.config.srtpProfiles()) {
                for (int id : offered.getProtectionProfiles()) {
                    if (id == ours.dtlsSrtpId() && selected == null) {
                        selected = ours;
                    }
                }
            }
        }
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtilsShim.ensure(super.getServerExtensions());
        if (selected != null) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {selected.dtlsSrtpId()}, TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        support.export(context, selected);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            support.closeNotifyReceived = true;
        }
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        // Reported through the Failed event instead of BC's default logging.
    }
}
