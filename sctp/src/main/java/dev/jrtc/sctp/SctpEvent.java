package dev.jrtc.sctp;

/** What an {@link SctpAssociation} reports (RFC 9260 §10.2 notifications). */
public sealed interface SctpEvent {
    /** The association is up (COMMUNICATION UP). */
    record Established() implements SctpEvent {}

    /** A complete user message; the receiver owns {@code data}. */
    record Message(int streamId, long ppid, boolean unordered, byte[] data) implements SctpEvent {}

    /** The association ended gracefully (SHUTDOWN COMPLETE). */
    record Closed() implements SctpEvent {}

    /** The association was aborted, by the peer or because it failed. */
    record Aborted(String reason) implements SctpEvent {}
}
