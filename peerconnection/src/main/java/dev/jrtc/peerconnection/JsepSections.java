package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.jsep.internal.DescriptionOperation;
import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.internal.SignalingException;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.peerconnection.jsep.internal.SignalingTransitions;
import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.SessionDescription;

/** Reading and checking session descriptions for the JSEP engine (RFC 9429 §5): sections by mid, transitions, parsing. */
final class JsepSections {
    private JsepSections() {}

    static dev.jrtc.ice.IceCredentials iceCredentialsOf(RemoteTransportInfo info) {
        return new dev.jrtc.ice.IceCredentials(info.ice().ufrag(), info.ice().pwd());
    }

    static Direction reverse(Direction d) {
        return switch (d) {
            case SENDONLY -> Direction.RECVONLY;
            case RECVONLY -> Direction.SENDONLY;
            default -> d;
        };
    }

    static SignalingState transition(SignalingState from, DescriptionOperation op, SdpType type) {
        try {
            return SignalingTransitions.next(from, op, type);
        } catch (SignalingException e) {
            throw toRtc(e);
        }
    }

    static SessionDescription parse(String sdp) {
        try {
            return SignalingTransitions.parseDescription(sdp);
        } catch (SignalingException e) {
            throw toRtc(e);
        }
    }

    static RtcException toRtc(SignalingException e) {
        return new RtcException(e.errorName().name(), e.getMessage().substring(e.errorName().name().length() + 2), e);
    }

    static boolean hasSection(SessionDescription sd, String mid) {
        return section(sd, mid) != null;
    }

    static boolean hasAcceptedSection(SessionDescription sd, String mid) {
        MediaDescription m = section(sd, mid);
        return m != null && m.port() != 0;
    }

    static MediaDescription section(SessionDescription sd, String mid) {
        if (mid == null) return null;
        for (MediaDescription m : sd.media()) if (mid.equals(m.mid().orElse(null))) return m;
        return null;
    }
}
