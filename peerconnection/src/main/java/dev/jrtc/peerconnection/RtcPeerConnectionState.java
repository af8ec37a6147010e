package dev.jrtc.peerconnection;

/** RTCPeerConnectionState (W3C webrtc §4.3.3): ICE and DTLS taken together. */
public enum RtcPeerConnectionState { NEW, CONNECTING, CONNECTED, DISCONNECTED, FAILED, CLOSED }
