package dev.jrtc.peerconnection;

/**
 * RTCIceCandidateInit (W3C webrtc §4.8.2): a trickled candidate line and the m-section it belongs to. An empty
 * {@code candidate} signals end-of-candidates (RFC 8838 §4.4).
 *
 * @param candidate        {@code candidate:...} as in SDP without "a=", or "" for end-of-candidates
 * @param sdpMid           the mid of the m-section, or null
 * @param sdpMLineIndex    the index of the m-section, or null
 * @param usernameFragment the ufrag of the ICE generation it belongs to, or null
 */
public record RtcIceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {
    public RtcIceCandidate {
        candidate = candidate == null ? "" : candidate;
    }

    public static RtcIceCandidate endOfCandidates() {
        return new RtcIceCandidate("", null, null, null);
    }

    public boolean isEndOfCandidates() {
        return candidate.isEmpty();
    }
}
