package dev.jrtc.peerconnection;

import java.util.Map;

/**
 * One RTCStats dictionary (W3C webrtc-stats §3): its id, type (candidate-pair, transport, inbound-rtp, ...),
 * timestamp in microseconds since the epoch, and its members by their W3C names.
 */
public record RtcStats(String id, String type, long timestampMicros, Map<String, Object> members) {
    public RtcStats {
        members = Map.copyOf(members);
    }

    /** A member, or null. */
    public Object get(String name) {
        return members.get(name);
    }
}
