package dev.jrtc.ice;

/** RTCIceConnectionState of the W3C WebRTC API (RFC 8445 §6.1.3 check list states mapped to it). */
public enum IceConnectionState {
    NEW, CHECKING, CONNECTED, COMPLETED, FAILED, DISCONNECTED, CLOSED
}
