package dev.jrtc.peerconnection.jsep.internal;

import java.util.Objects;

/** A rejected JSEP operation carrying the W3C DOMException name the API reports (W3C webrtc §4.4.1.5). */
public final class SignalingException extends Exception {
    private static final long serialVersionUID = 1L;

    /** DOMException names used by the W3C webrtc spec for description errors. */
    public enum ErrorName {
        /** Operation not allowed in the current signaling state. */
        InvalidStateError,
        /** Local description modified from what createOffer/createAnswer returned (W3C §4.4.1.5). */
        InvalidModificationError,
        /** Description could not be applied, e.g. unsupported content (W3C §4.4.1.5). */
        OperationError
    }

    private final ErrorName errorName;

    public SignalingException(ErrorName errorName, String message) {
        super(errorName + ": " + message);
        this.errorName = Objects.requireNonNull(errorName);
    }

    public ErrorName errorName() { return errorName; }
}
