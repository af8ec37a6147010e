package dev.jrtc.ice;

/** RTCIceGatheringState of the W3C WebRTC API. */
public enum IceGatheringState {
    NEW, GATHERING, COMPLETE
}
