package dev.jrtc.peerconnection;

/** RTCIceTransportPolicy (W3C webrtc §4.2.4): which local candidates ICE may use. */
public enum IceTransportPolicy {
    /** Every candidate type. */
    ALL,
    /** Only relayed candidates (TURN). */
    RELAY
}
