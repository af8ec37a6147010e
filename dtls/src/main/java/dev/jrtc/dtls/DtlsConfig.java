package dev.jrtc.dtls;

import dev.jrtc.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Settings of one DTLS-SRTP connection (RFC 5764): who we are, whom we expect, and the knobs a WebRTC peer needs.
 *
 * @param role                      client or server (from {@code a=setup}, see {@link DtlsSetup})
 * @param certificate               our certificate
 * @param remoteFingerprint         the peer's {@code a=fingerprint}: the handshake fails unless its certificate matches
 * @param srtpProfiles              SRTP profiles to offer or accept, most preferred first; empty for data channels only
 * @param mtu                       the largest datagram we send (1200 by default, as browsers use)
 * @param handshakeTimeout          how long the handshake may take before it fails
 * @param retransmitTimeout         first wait before a flight is resent (RFC 6347 §4.2.4.1: 1 s), doubling after
 * @param handshakeExecutor         runs the blocking handshake; null starts one short-lived thread per handshake; a
 *                                  {@link DtlsHandshakeWorkers} also bounds how many handshakes compute at once
 * @param wakeup                    called from the handshake thread when records or events are ready to poll; may be null
 */
public record DtlsConfig(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
                         List<SrtpProfile> srtpProfiles, int mtu, Duration handshakeTimeout, Duration retransmitTimeout,
                         Executor handshakeExecutor,
                         Runnable wakeup) {

    /** Preference when we choose: AES-GCM first (cheaper per packet, stronger), then AES-CM 80-bit, then 32-bit. */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES = List.of(SrtpProfile.AEAD_AES_128_GCM,
            SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AES_CM_128_HMAC_SHA1_32);

    public DtlsConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint (the peer's a=fingerprint is what authenticates it)");
        if (!remoteFingerprint.isSupported()) {
            throw new IllegalArgumentException("remoteFingerprint uses hash function " + remoteFingerprint.hashFunction()
                    + ", which cannot check a certificate (supported: sha-1, sha-224, sha-256, sha-384, sha-512)");
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (mtu < 256 || mtu > 65507) {
            throw new IllegalArgumentException("mtu must be in [256, 65507]: " + mtu);
        }
        if (retransmitTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("retransmitTimeout must be at least 1 ms: " + retransmitTimeout);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
    }

    /** Defaults: every SRTP profile, MTU 1200, 30 s handshake timeout, a thread per handshake, no wakeup hook. */
    public static DtlsConfig of(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint) {
        return new DtlsConfig(role, certificate, remoteFingerprint, DEFAULT_SRTP_PROFILES, 1200, Duration.ofSeconds(30),
                Duration.ofSeconds(1), null, null);
    }

    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(role, certificate, remoteFingerprint, srtpProfiles, mtu, timeout, retransmitTimeout, handshakeExecutor, wakeup);
    }

    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(role, certificate, remoteFingerprint, profiles, mtu, handshakeTimeout, retransmitTimeout, handshakeExecutor, wakeup);
    }

    public DtlsConfig withRetransmitTimeout(Duration timeout) {
        return new DtlsConfig(role, certificate, remoteFingerprint, srtpProfiles, mtu, handshakeTimeout, timeout, handshakeExecutor, wakeup);
    }

    /** The largest datagram we send: handshake messages longer than it go out in fragments (RFC 6347 §4.2.3). */
    public DtlsConfig withMtu(int datagramLimit) {
        return new DtlsConfig(role, certificate, remoteFingerprint, srtpProfiles, datagramLimit, handshakeTimeout, retransmitTimeout, handshakeExecutor, wakeup);
    }

    public DtlsConfig withWakeup(Runnable hook) {
        return new DtlsConfig(role, certificate, remoteFingerprint, srtpProfiles, mtu, handshakeTimeout, retransmitTimeout, handshakeExecutor, hook);
    }

    public DtlsConfig withHandshakeExecutor(Executor executor) {
        return new DtlsConfig(role, certificate, remoteFingerprint, srtpProfiles, mtu, handshakeTimeout, retransmitTimeout, executor, wakeup);
    }
}
