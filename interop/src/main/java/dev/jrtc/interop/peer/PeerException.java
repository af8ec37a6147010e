package dev.jrtc.interop.peer;

/** A peer program reported an error, broke the protocol, timed out or exited; the message says which. */
public final class PeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PeerException(String message) {
        super(message);
    }

    PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
