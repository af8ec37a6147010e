package dev.jrtc.peerconnection.jsep.internal;

import static dev.jrtc.peerconnection.jsep.internal.DescriptionOperation.SET_LOCAL;
import static dev.jrtc.peerconnection.jsep.internal.DescriptionOperation.SET_REMOTE;
import static dev.jrtc.peerconnection.jsep.SignalingState.CLOSED;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_OFFER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_PRANSWER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_OFFER;
import static dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_PRANSWER;
import static dev.jrtc.peerconnection.jsep.SignalingState.STABLE;

import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.SessionDescription;
import java.util.Objects;

/**
 * The JSEP signaling state machine as a pure function (RFC 8829 §3.2 figure and §4.1.8/§4.1.9, W3C webrtc §4.3.1 and
 * §4.4.1.5 "set the session description"): no fields, no side effects.
 *
 * <p>Glare (a remote offer while in have-local-offer) is rejected here; a caller doing "perfect negotiation"
 * applies an explicit rollback first, as W3C §4.4.1.5's implicit rollback does.
 */
public final class SignalingTransitions {
    private SignalingTransitions() {}

    /**
     * Returns the state after applying a description of {@code type} via {@code operation} in {@code current}.
     *
     * @throws SignalingException with {@code InvalidStateError} when the spec forbids the combination
     */
    public static SignalingState next(SignalingState current, DescriptionOperation operation, SdpType type)
            throws SignalingException {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(type, "type");
        if (current == CLOSED) {
            throw invalid(current, operation, type, "the connection is closed");
        }
        if (type == SdpType.ROLLBACK) {
            // W3C §4.4.1.5: rollback is rejected in stable, have-local-pranswer and have-remote-pranswer.
            if (current == HAVE_LOCAL_OFFER || current == HAVE_REMOTE_OFFER) return STABLE;
            throw invalid(current, operation, type, "rollback needs a pending offer (have-local-offer or have-remote-offer)");
        }
        SignalingState next = switch (current) {
            case STABLE -> type == SdpType.OFFER ? (operation == SET_LOCAL ? HAVE_LOCAL_OFFER : HAVE_REMOTE_OFFER) : null;
            case HAVE_LOCAL_OFFER -> operation == SET_LOCAL
                    ? (type == SdpType.OFFER ? HAVE_LOCAL_OFFER : null)
                    : (type == SdpType.ANSWER ? STABLE : type == SdpType.PRANSWER ? HAVE_REMOTE_PRANSWER : null);
            case HAVE_REMOTE_OFFER -> operation == SET_REMOTE
                    ? (type == SdpType.OFFER ? HAVE_REMOTE_OFFER : null)
                    : (type == SdpType.ANSWER ? STABLE : type == SdpType.PRANSWER ? HAVE_LOCAL_PRANSWER : null);
            case HAVE_LOCAL_PRANSWER -> operation == SET_LOCAL
                    ? (type == SdpType.ANSWER ? STABLE : type == SdpType.PRANSWER ? HAVE_LOCAL_PRANSWER : null)
                    : null;
            case HAVE_REMOTE_PRANSWER -> operation == SET_REMOTE
                    ? (type == SdpType.ANSWER ? STABLE : type == SdpType.PRANSWER ? HAVE_REMOTE_PRANSWER : null)
                    : null;
            case CLOSED -> null;
        };
        if (next == null) {
            throw invalid(current, operation, type, "not allowed by the JSEP state machine (RFC 8829 §3.2)");
        }
        return next;
    }

    /**
     * W3C webrtc §4.4.1.5 (setLocalDescription): an offer or answer whose SDP is neither empty (meaning "use the
     * last created one") nor exactly the last created offer/answer is rejected with InvalidModificationError.
     *
     * @param lastCreated the SDP last returned by createOffer (for an offer) or createAnswer (for an answer), or null
     */
    public static void checkLocalUnmodified(SdpType type, String sdp, String lastCreated) throws SignalingException {
        Objects.requireNonNull(type, "type");
        if (type == SdpType.ROLLBACK || sdp == null || sdp.isEmpty()) return;
        if (!sdp.equals(lastCreated)) {
            throw new SignalingException(SignalingException.ErrorName.InvalidModificationError,
                    "setLocalDescription(" + type.w3cName() + ") with SDP that differs from the last created "
                            + type.w3cName() + "; SDP munging is not allowed");
        }
    }

    /**
     * Parses a description's SDP, reporting malformed SDP as OperationError (W3C webrtc §4.4.1.5: "sdp-syntax-error")
     * with the parser's line number and reason.
     */
    public static SessionDescription parseDescription(String sdp) throws SignalingException {
        try {
            return SessionDescription.parse(Objects.requireNonNull(sdp, "sdp"));
        } catch (SdpParseException e) {
            SignalingException se = new SignalingException(SignalingException.ErrorName.OperationError,
                    "sdp-syntax-error: " + e.getMessage());
            se.initCause(e);
            throw se;
        }
    }

    private static SignalingException invalid(SignalingState s, DescriptionOperation op, SdpType t, String why) {
        String opName = op == SET_LOCAL ? "setLocalDescription" : "setRemoteDescription";
        return new SignalingException(SignalingException.ErrorName.InvalidStateError,
                opName + "(" + t.w3cName() + ") in state " + s.w3cName() + ": " + why);
    }
}
