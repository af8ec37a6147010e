package dev.jrtc.peerconnection.jsep;

/**
 * The outcome of setting a description: the next state, or the W3C error to reject with.
 *
 * @param next             the state after the call, or null when rejected
 * @param implicitRollback true when a remote offer in have-local-offer first rolled back our own offer (W3C
 *                         setRemoteDescription step "implicit rollback", what perfect negotiation relies on)
 * @param errorName        the DOMException name when rejected ({@code InvalidStateError}), else null
 * @param message          why it was rejected, else null
 */
public record SignalingTransition(SignalingState next, boolean implicitRollback, String errorName, String message) {
    public boolean isAllowed() {
        return next != null;
    }

    static SignalingTransition to(SignalingState s) {
        return new SignalingTransition(s, false, null, null);
    }

    static SignalingTransition rejected(String message) {
        return new SignalingTransition(null, false, "InvalidStateError", message);
    }
}
