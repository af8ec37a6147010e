package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.ice.IceTransportPolicy;
import java.util.List;
import java.util.Objects;

/**
 * RTCConfiguration (W3C webrtc §4.2.1): ICE servers, transport and bundle policy, and the certificates a
 * PeerConnection authenticates with. Reusing one certificate across connections saves a key generation each.
 *
 * @param iceServers         STUN/TURN servers
 * @param iceTransportPolicy all candidates, or relay only
 * @param bundlePolicy       see {@link BundlePolicy}
 * @param certificates       at most one DTLS certificate, valid now (an expired one is an InvalidAccessError);
 *                           empty generates an ECDSA P-256 one per connection
 */
public record RtcConfiguration(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy,
                               BundlePolicy bundlePolicy, List<DtlsCertificate> certificates) {
    public RtcConfiguration {
        iceServers = List.copyOf(Objects.requireNonNull(iceServers, "iceServers"));
        Objects.requireNonNull(iceTransportPolicy, "iceTransportPolicy");
        Objects.requireNonNull(bundlePolicy, "bundlePolicy");
        certificates = List.copyOf(Objects.requireNonNull(certificates, "certificates"));
        if (certificates.size() > 1) {
            throw new IllegalArgumentException("jrtc uses one certificate per connection; got " + certificates.size());
        }
        checkCertificatesValid(certificates);
    }

    /**
     * W3C webrtc §4.4.1.1 (constructor step "if any certificate has expired"): an expired (or not yet valid)
     * certificate is an InvalidAccessError, here and again when a connection is created from this configuration.
     */
    static void checkCertificatesValid(List<DtlsCertificate> certificates) {
        java.time.Instant now = java.time.Instant.now();
        for (DtlsCertificate c : certificates) {
            try {
                c.checkValidAt(now);
            } catch (IllegalStateException e) {
                throw new RtcException("InvalidAccessError", e.getMessage(), e);
            }
        }
    }

    /** No ICE servers, every candidate, max-bundle, a fresh certificate. */
    public static RtcConfiguration defaults() {
        return new RtcConfiguration(List.of(), IceTransportPolicy.ALL, BundlePolicy.MAX_BUNDLE, List.of());
    }

    public RtcConfiguration withIceServers(List<IceServer> servers) {
        return new RtcConfiguration(servers, iceTransportPolicy, bundlePolicy, certificates);
    }

    public RtcConfiguration withCertificate(DtlsCertificate certificate) {
        return new RtcConfiguration(iceServers, iceTransportPolicy, bundlePolicy, List.of(certificate));
    }

    public RtcConfiguration withIceTransportPolicy(IceTransportPolicy policy) {
        return new RtcConfiguration(iceServers, policy, bundlePolicy, certificates);
    }
}
