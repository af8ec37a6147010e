package dev.jrtc.ice.stun;

/** The outcome of a {@link StunClient} transaction (RFC 8489 §6.3.3, §6.2.1). */
public sealed interface StunClientEvent {

    /** The transaction that ended. */
    StunClientTransaction transaction();

    /** A success or error response arrived. */
    record Response(StunClientTransaction transaction, StunMessage response) implements StunClientEvent {}

    /** No response came within the retransmission schedule. */
    record Timeout(StunClientTransaction transaction) implements StunClientEvent {}
}
