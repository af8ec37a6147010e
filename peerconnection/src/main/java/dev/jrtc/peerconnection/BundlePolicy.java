package dev.jrtc.peerconnection;

/**
 * RTCBundlePolicy (W3C webrtc §4.2.5, RFC 8829 §4.1.1). jrtc always negotiates one BUNDLE transport and rtcp-mux,
 * which every current browser accepts; the policy is kept so configurations written for browsers carry over.
 */
public enum BundlePolicy {
    BALANCED, MAX_COMPAT, MAX_BUNDLE
}
