package dev.jrtc.sctp;

/** Why an SCTP packet or chunk is malformed; caught inside the parsers and reported as a reason, never thrown out. */
final class SctpFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    SctpFormatException(String reason) {
        super(reason, null, false, false);
    }
}
