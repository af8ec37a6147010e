package dev.jrtc.peerconnection.sdp;

/** Malformed SDP (RFC 8866 §9 grammar): names the 1-based line number (0 when not known) and the offending line. */
public final class SdpParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int lineNumber;
    private final String line;

    public SdpParseException(int lineNumber, String line, String reason) {
        super((lineNumber > 0 ? "SDP line " + lineNumber : "SDP value") + " '" + abbreviate(line) + "': " + reason);
        this.lineNumber = lineNumber;
        this.line = line;
    }

    /** For a value parsed on its own (outside a document): no line number. */
    public SdpParseException(String value, String reason) {
        this(0, value, reason);
    }

    public int lineNumber() { return lineNumber; }

    public String line() { return line; }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
