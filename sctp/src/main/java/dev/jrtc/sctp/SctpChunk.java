package dev.jrtc.sctp;

/**
 * A chunk of an SCTP packet (RFC 9260 §3.2): an immutable value that writes itself, header and padding included.
 *
 * <pre>
 * | Chunk Type (8) | Chunk Flags (8) | Chunk Length (16) | Chunk Value (padded to 4 bytes)
 * </pre>
 */
sealed interface SctpChunk permits DataChunk, InitChunk, SackChunk, HeartbeatChunk, AbortChunk, ShutdownChunk,
        SimpleChunk, ErrorChunk, CookieEchoChunk, ForwardTsnChunk, ReconfigChunk, UnknownChunk {
    int DATA = 0;
    int INIT = 1;
    int INIT_ACK = 2;
    int SACK = 3;
    int HEARTBEAT = 4;
    int HEARTBEAT_ACK = 5;
    int ABORT = 6;
    int SHUTDOWN = 7;
    int SHUTDOWN_ACK = 8;
    int ERROR = 9;
    int COOKIE_ECHO = 10;
    int COOKIE_ACK = 11;
    int SHUTDOWN_COMPLETE = 14;
    int RE_CONFIG = 130;
    int FORWARD_TSN = 192;

    int type();

    void writeTo(ChunkOut out);
}
