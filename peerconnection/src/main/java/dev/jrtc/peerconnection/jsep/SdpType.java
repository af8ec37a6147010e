package dev.jrtc.peerconnection.jsep;

/** RTCSdpType (W3C webrtc §4.8.1, RFC 8829 §4.1.8). */
public enum SdpType {
    OFFER, PRANSWER, ANSWER, ROLLBACK;

    public String w3cName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
