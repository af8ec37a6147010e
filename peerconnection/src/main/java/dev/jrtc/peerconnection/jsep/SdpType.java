package dev.jrtc.peerconnection.jsep;

/** RTCSdpType (RFC 8829 §4.1.8): what a description set on a connection is. */
public enum SdpType {
    OFFER, PRANSWER, ANSWER, ROLLBACK
}
