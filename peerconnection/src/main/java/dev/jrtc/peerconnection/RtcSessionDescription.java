package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.jsep.SdpType;
import java.util.Objects;

/**
 * RTCSessionDescription (W3C webrtc §4.8.1): a type and its SDP text (RFC 8829 §4.1.8). A rollback carries an empty
 * SDP; {@link PeerConnection#setLocalDescription(RtcSessionDescription)} also takes an empty SDP to mean "the one
 * just created".
 */
public record RtcSessionDescription(SdpType type, String sdp) {
    public RtcSessionDescription {
        Objects.requireNonNull(type, "type");
        sdp = sdp == null ? "" : sdp;
    }

    public static RtcSessionDescription offer(String sdp) {
        return new RtcSessionDescription(SdpType.OFFER, sdp);
    }

    public static RtcSessionDescription answer(String sdp) {
        return new RtcSessionDescription(SdpType.ANSWER, sdp);
    }

    public static RtcSessionDescription rollback() {
        return new RtcSessionDescription(SdpType.ROLLBACK, "");
    }
}
