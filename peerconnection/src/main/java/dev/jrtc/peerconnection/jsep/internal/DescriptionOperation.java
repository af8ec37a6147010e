package dev.jrtc.peerconnection.jsep.internal;

/** Which side a description is applied to: setLocalDescription or setRemoteDescription (RFC 8829 §4.1.8, §4.1.9). */
public enum DescriptionOperation {
    SET_LOCAL, SET_REMOTE
}
