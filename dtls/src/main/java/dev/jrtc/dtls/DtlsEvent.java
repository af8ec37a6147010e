package dev.jrtc.dtls;

/** What a {@link DtlsTransport} reports to the layer above (RFC 6347 connection life cycle). */
public sealed interface DtlsEvent {
    /**
     * The handshake finished and the peer proved it holds the certificate the remote SDP promised.
     *
     * @param srtp              the negotiated SRTP profile and keys, or null when use_srtp was not negotiated
     * @param remoteFingerprint the fingerprint of the certificate the peer presented
     * @param cipherSuite       the negotiated cipher suite's IANA name
     */
    record HandshakeComplete(SrtpKeyingMaterial srtp, DtlsFingerprint remoteFingerprint, String cipherSuite)
            implements DtlsEvent {}

    /** Decrypted application data (SCTP packets, RFC 8261); the receiver owns {@code data}. */
    record ApplicationData(byte[] data) implements DtlsEvent {}

    /** The peer closed the connection with close_notify, or we did. */
    record Closed() implements DtlsEvent {}

    /** The handshake or the connection failed for good; {@code reason} says why in words. */
    record Failed(String reason, Throwable cause) implements DtlsEvent {}
}
