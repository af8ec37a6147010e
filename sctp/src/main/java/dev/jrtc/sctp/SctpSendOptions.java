package dev.jrtc.sctp;

/**
 * How one message is sent (RFC 9260 §11.1 SEND with the PR-SCTP policies of RFC 3758 §4): unordered or not, and
 * at most one partial-reliability limit. A limit is {@code -1} when unset; with neither set the message is reliable.
 *
 * @param unordered          deliver as soon as complete, without waiting for earlier messages (U flag)
 * @param maxRetransmissions times the message may be retransmitted (0 = sent once), or -1
 * @param maxLifetimeMillis  milliseconds after {@code send} during which it may still be (re)transmitted, or -1
 */
public record SctpSendOptions(boolean unordered, int maxRetransmissions, long maxLifetimeMillis) {
    /** Ordered and reliable: the default of {@link SctpAssociation#send(long, int, long, byte[], boolean)}. */
    public static final SctpSendOptions RELIABLE_ORDERED = new SctpSendOptions(false, -1, -1);

    public SctpSendOptions {
        if (maxRetransmissions < -1) throw new IllegalArgumentException("maxRetransmissions must be >= 0 or -1 (unset): " + maxRetransmissions);
        if (maxLifetimeMillis < -1) throw new IllegalArgumentException("maxLifetimeMillis must be >= 0 or -1 (unset): " + maxLifetimeMillis);
        if (maxRetransmissions >= 0 && maxLifetimeMillis >= 0) {
            throw new IllegalArgumentException("set maxRetransmissions or maxLifetimeMillis, not both (RFC 3758 §4 has one policy per message)");
        }
    }

    public static SctpSendOptions reliable(boolean unordered) {
        return new SctpSendOptions(unordered, -1, -1);
    }

    public static SctpSendOptions maxRetransmissions(boolean unordered, int retransmissions) {
        return new SctpSendOptions(unordered, retransmissions, -1);
    }

    public static SctpSendOptions maxLifetime(boolean unordered, long millis) {
        return new SctpSendOptions(unordered, -1, millis);
    }

    /** True when a limit is set and the message may be abandoned. */
    public boolean partiallyReliable() {
        return maxRetransmissions >= 0 || maxLifetimeMillis >= 0;
    }
}
