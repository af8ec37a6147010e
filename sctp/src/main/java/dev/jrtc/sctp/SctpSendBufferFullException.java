package dev.jrtc.sctp;

/**
 * {@link SctpAssociation#send} refused a message because the bytes already queued or unacknowledged plus the new
 * ones would pass {@link SctpConfig#maxSendBufferBytes()} (RFC 9260 §10.1 SEND has no room): the caller waits for the
 * buffered amount to fall (a BufferedAmountLow event) and tries again. Nothing of the message was taken.
 */
public final class SctpSendBufferFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SctpSendBufferFullException(String message) {
        super(message);
    }
}
