package dev.jrtc.sctp;

/** What an {@link SctpAssociation} reports (RFC 9260 §10.2 notifications, RFC 6525 §6.1 stream reset events). */
public sealed interface SctpEvent {
    /** The association is up (COMMUNICATION UP). */
    record Established() implements SctpEvent {}

    /** A complete user message; the receiver owns {@code data}. */
    record Message(int streamId, long ppid, boolean unordered, byte[] data) implements SctpEvent {}

    /**
     * The peer reset these streams of its outgoing direction (RFC 6525 §5.2.2): our incoming stream sequence numbers
     * for them start again at 0. The receiver owns the array.
     */
    record StreamsReset(int[] streamIds) implements SctpEvent {}

    /** Our own outgoing reset request for these streams was performed by the peer (RFC 6525 §5.2.7). */
    record OutgoingStreamsReset(int[] streamIds) implements SctpEvent {}

    /** The peer refused our outgoing reset request (RFC 6525 §4.4 result Denied or an Error); the streams stay as they were. */
    record StreamResetFailed(int[] streamIds, long result) implements SctpEvent {}

    /**
     * The bytes buffered on a stream fell from above its low threshold to at most it
     * ({@link SctpAssociation#setBufferedAmountLowThreshold}).
     */
    record BufferedAmountLow(int streamId) implements SctpEvent {}

    /** The association ended gracefully (SHUTDOWN COMPLETE). */
    record Closed() implements SctpEvent {}

    /** The association was aborted, by the peer or because it failed. */
    record Aborted(String reason) implements SctpEvent {}
}
