package dev.jrtc.peerconnection;

/** RTCIceGatheringState (W3C webrtc §4.3.2). */
public enum RtcIceGatheringState { NEW, GATHERING, COMPLETE }
