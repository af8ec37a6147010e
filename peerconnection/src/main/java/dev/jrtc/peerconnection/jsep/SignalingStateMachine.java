package dev.jrtc.peerconnection.jsep;

/**
 * JSEP's signaling state machine (RFC 8829 §3.2, §4.1.8; W3C webrtc-pc §4.4.1.5) as a pure function: given the
 * current state, whether the description is ours or the peer's, and its type, where the connection goes.
 */
public final class SignalingStateMachine {
    private SignalingStateMachine() {}

    /** Where {@code setLocalDescription} ({@code local}) or {@code setRemoteDescription} of {@code type} leads. */
    public static SignalingTransition next(SignalingState state, boolean local, SdpType type) {
        String call = (local ? "setLocalDescription" : "setRemoteDescription") + "(" + type.name().toLowerCase() + ")";
        if (state == SignalingState.CLOSED) {
            return SignalingTransition.rejected(call + " on a closed connection");
        }
        SignalingState ownOffer = local ? SignalingState.HAVE_LOCAL_OFFER : SignalingState.HAVE_REMOTE_OFFER;
        SignalingState theirOffer = local ? SignalingState.HAVE_REMOTE_OFFER : SignalingState.HAVE_LOCAL_OFFER;
        SignalingState ownPranswer = local ? SignalingState.HAVE_LOCAL_PRANSWER : SignalingState.HAVE_REMOTE_PRANSWER;
        switch (type) {
            case OFFER:
                if (state == SignalingState.STABLE || state == ownOffer) {
                    return SignalingTransition.to(ownOffer);
                }
                if (!local && state == SignalingState.HAVE_LOCAL_OFFER) {
                    // W3C: a remote offer during our own offer rolls ours back first (glare, perfect negotiation).
                    return new SignalingTransition(SignalingState.HAVE_REMOTE_OFFER, true, null, null);
                }
                return SignalingTransition.rejected(call + " in state " + state.w3cName());
            case PRANSWER:
                if (state == theirOffer || state == ownPranswer) {
                    return SignalingTransition.to(ownPranswer);
                }
                return SignalingTransition.rejected(call + " needs the other side's offer first, state is " + state.w3cName());
            case ANSWER:
                if (state == theirOffer || state == ownPranswer) {
                    return SignalingTransition.to(SignalingState.STABLE);
                }
                return SignalingTransition.rejected(call + " needs the other side's offer first, state is " + state.w3cName());
            case ROLLBACK:
                if (state == ownOffer) {
                    return SignalingTransition.to(SignalingState.STABLE);
                }
                return SignalingTransition.rejected(call + " only undoes " + (local ? "our" : "their")
                        + " pending offer, state is " + state.w3cName());
            default:
                throw new IllegalStateException("every SdpType is handled above: " + type);
        }
    }
}
