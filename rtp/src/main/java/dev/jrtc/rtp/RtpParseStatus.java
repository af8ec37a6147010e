package dev.jrtc.rtp;

/** Why bytes are not a valid RTP packet (RFC 3550 §5.1, RFC 8285 §4), or {@link #OK}. */
public enum RtpParseStatus {
    OK,
    /** Shorter than the 12-byte fixed header. */
    TOO_SHORT,
    /** The version field is not 2. */
    BAD_VERSION,
    /** The CSRC list runs past the end. */
    CSRC_OVERRUN,
    /** The header extension's length runs past the end. */
    EXTENSION_OVERRUN,
    /** A one- or two-byte header extension element runs past its block (RFC 8285 §4.2, §4.3). */
    BAD_EXTENSION,
    /** The padding count is zero or longer than the payload. */
    BAD_PADDING
}
