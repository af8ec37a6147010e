package dev.jrtc.peerconnection;

/**
 * A rejected PeerConnection operation, named as the W3C API names its DOMException (W3C webrtc §4.4.1.5):
 * InvalidStateError, InvalidAccessError, InvalidModificationError, OperationError, SyntaxError, TypeError.
 */
public final class RtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorName;

    public RtcException(String errorName, String message) {
        super(errorName + ": " + message);
        this.errorName = errorName;
    }

    public RtcException(String errorName, String message, Throwable cause) {
        super(errorName + ": " + message, cause);
        this.errorName = errorName;
    }

    /** The DOMException name, e.g. {@code InvalidStateError}. */
    public String errorName() {
        return errorName;
    }
}
