package dev.jrtc.dtls;

import dev.jrtc.srtp.SrtpProfile;
import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/** Our side of the handshake when {@code a=setup} makes us the DTLS client (RFC 5764 §4.1 use_srtp offer). */
final class DtlsClientPeer extends DefaultTlsClient {
    private final DtlsPeerSupport support;
    private SrtpProfile selected;

    DtlsClientPeer(JcaTlsCrypto crypto, DtlsPeerSupport support) {
        super(crypto);
        this.support = support;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        int[] all = new int[DtlsPeerSupport.ECDSA_SUITES.length + DtlsPeerSupport.RSA_SUITES.length];
        System.arraycopy(DtlsPeerSupport.ECDSA_SUITES, 0, all, 0, DtlsPeerSupport.ECDSA_SUITES.length);
        System.arraycopy(DtlsPeerSupport.RSA_SUITES, 0, all, DtlsPeerSupport.ECDSA_SUITES.length, DtlsPeerSupport.RSA_SUITES.length);
        return TlsUtils.getSupportedCipherSuites(getCrypto(), all);
    }

    @Override
    protected Vector getSupportedGroups(Vector namedGroupRoles) {
        return DtlsPeerSupport.groups();
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
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtilsShim.ensure(super.getClientExtensions());
        if (!support.config.srtpProfiles().isEmpty()) {
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(support.profileIds(), TlsUtils.EMPTY_BYTES));
        }
        return extensions;
    }

    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData srtp = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (srtp != null) {
            int[] chosen = srtp.getProtectionProfiles();
            SrtpProfile profile = chosen.length == 1 ? SrtpProfile.forDtlsSrtpId(chosen[0]) : null;
            if (profile == null || !support.config.srtpProfiles().contains(profile)) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose an SRTP profile we did not offer");
            }
            selected = profile;
        }
    }

    @Override
    public void notifySelectedCipherSuite(int selectedCipherSuite) {
        super.notifySelectedCipherSuite(selectedCipherSuite);
        support.negotiatedSuite = selectedCipherSuite;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                support.verify(serverCertificate.getCertificate(), "server");
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                return support.signer(context);
            }
        };
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
