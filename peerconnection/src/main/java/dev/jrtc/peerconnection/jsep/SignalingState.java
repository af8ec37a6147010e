package dev.jrtc.peerconnection.jsep;

/** RTCSignalingState (W3C webrtc §4.3.1, RFC 8829 §3.2 state machine). */
public enum SignalingState {
    STABLE("stable"),
    HAVE_LOCAL_OFFER("have-local-offer"),
    HAVE_REMOTE_OFFER("have-remote-offer"),
    HAVE_LOCAL_PRANSWER("have-local-pranswer"),
    HAVE_REMOTE_PRANSWER("have-remote-pranswer"),
    CLOSED("closed");

    private final String w3cName;

    SignalingState(String w3cName) { this.w3cName = w3cName; }

    /** The name the W3C API uses, e.g. {@code have-local-offer}. */
    public String w3cName() { return w3cName; }
}
