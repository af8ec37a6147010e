package dev.jrtc.peerconnection.sdp;

/** Malformed SDP (RFC 8866 §5), naming the line number and the line. */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int lineNumber;

    public SdpParseException(int lineNumber, String line, String problem) {
        super("SDP line " + lineNumber + " '" + abbreviate(line) + "': " + problem);
        this.lineNumber = lineNumber;
    }

    /** 1-based line number of the offending line. */
    public int lineNumber() {
        return lineNumber;
    }

    private static String abbreviate(String line) {
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }
}
