package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * One user message on its way out (RFC 9260 §6.9), shared by its fragments: its stream, order and PPID, its
 * partial-reliability limits (RFC 3758 §4), and what of it has a TSN yet.
 */
final class OutgoingMessage {
    final int streamId;
    final boolean unordered;
    final long ppid;
    /** Most transmissions of each fragment, or -1 for no limit ("rtx" policy). */
    final int maxRetransmissions;
    /** When it is given up ("ttl" policy), or {@link Long#MAX_VALUE}. */
    final long expiresAt;
    /** Its fragments that have a TSN (sized for all of them, plus an abandoned end's placeholder). */
    final List<OutstandingChunk> sent;
    /** Its stream sequence number, taken when its first fragment goes out; -1 before. */
    int ssn = -1;
    /** Counted in the buffered amounts; {@link #unsentBytes} is what of it has no TSN yet. */
    final boolean counted;
    long unsentBytes;
    int unsentFragments;
    boolean abandoned;

    OutgoingMessage(int streamId, boolean unordered, long ppid, int maxRetransmissions, long expiresAt, long bytes, int fragments) {
        this.streamId = streamId;
        this.unordered = unordered;
        this.ppid = ppid;
        this.sent = new ArrayList<>(fragments + 1);
        this.maxRetransmissions = maxRetransmissions;
        this.expiresAt = expiresAt;
        this.unsentBytes = bytes;
        this.counted = bytes > 0;
    }
}
