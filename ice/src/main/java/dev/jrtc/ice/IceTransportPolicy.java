package dev.jrtc.ice;

/**
 * Which local candidates an {@link IceAgent} uses and signals: the W3C {@code RTCIceTransportPolicy}
 * (webrtc-pc §4.2.5), which RFC 8445 §5.1.1 leaves to the application.
 */
public enum IceTransportPolicy {
    /** Every candidate: host, server-reflexive, peer-reflexive and relayed. */
    ALL,
    /**
     * Only relayed candidates (RFC 8656): checks and data go through a TURN server, so the peer never learns our
     * own addresses. Host sockets still exist, as the bases the TURN clients send from, but are neither signalled
     * nor paired, and checks arriving on them directly are dropped.
     */
    RELAY
}
