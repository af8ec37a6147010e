package dev.jrtc.peerconnection;

/** RTCIceConnectionState (W3C webrtc §4.3.4). */
public enum RtcIceConnectionState { NEW, CHECKING, CONNECTED, COMPLETED, DISCONNECTED, FAILED, CLOSED }
