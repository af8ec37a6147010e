package dev.jrtc.sctp;

/**
 * A DATA chunk sent and not yet cumulatively acknowledged (RFC 9260 §6.3.2): whether it counts in the flight size,
 * was acknowledged in a gap block, is marked for retransmission or abandoned (RFC 3758 §3.5), and how often the
 * peer's SACKs reported it missing (§7.2.4).
 */
final class OutstandingChunk {
    final DataChunk chunk;
    final OutgoingMessage message;
    long sentAt;
    int transmissions = 1;
    boolean inFlight = true;
    boolean gapAcked;
    boolean retransmit;
    boolean abandoned;
    boolean acked;
    /** Still counted in the buffered amounts. */
    boolean buffered = true;
    int missingReports;
    /**
     * A SACK reports it missing only when it newly acknowledges a TSN above this: its own TSN, and once it is sent
     * again the highest TSN sent before that (see {@link RetransmissionQueue#handleSack}).
     */
    long reportableAbove;

    OutstandingChunk(DataChunk chunk, OutgoingMessage message, long sentAt, long extendedTsn) {
        this.chunk = chunk;
        this.message = message;
        this.sentAt = sentAt;
        this.reportableAbove = extendedTsn;
    }

    /** Payload bytes: what the flight size, the windows and the buffered amounts count. */
    int length() {
        return chunk.payload().length;
    }

    /** True when sending it again would break its message's retransmission limit (RFC 3758 §4, "rtx"). */
    boolean retransmissionsExhausted() {
        return message.maxRetransmissions >= 0 && transmissions > message.maxRetransmissions;
    }
}
