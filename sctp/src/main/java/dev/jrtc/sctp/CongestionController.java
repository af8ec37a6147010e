package dev.jrtc.sctp;

/**
 * The congestion control of one association's sender (RFC 9260 §7.2): it keeps the congestion window and learns of
 * acknowledgements, losses and timeouts from the sender, which owns the TSNs, fast recovery and retransmission.
 * {@link Rfc9260CongestionControl} is the default; {@link SctpConfig#withCongestionControl} picks another. Driven
 * by one association: not thread-safe, and never reads the clock (time comes in as {@code nowNanos}).
 */
public interface CongestionController {
    /** Makes one controller per association. */
    @FunctionalInterface
    interface Factory {
        /** A controller for an association whose packets are at most {@code maxPacketSize} bytes (the MTU of §7.2). */
        CongestionController create(int maxPacketSize);
    }

    /** The congestion window, cwnd, in bytes. */
    long congestionWindow();

    /** The slow-start threshold, ssthresh, in bytes ({@link Long#MAX_VALUE} before the first loss). */
    long slowStartThreshold();

    /**
     * A SACK acknowledged new data: {@code bytes} (in the cumulative TSN ack or gap blocks, §7.2.1). RFC 9260 grows
     * cwnd only when {@code cumulativeAdvanced} and not {@code inFastRecovery} (§7.2.1, §7.2.2, §7.2.4).
     *
     * @param flightSizeBefore bytes in flight when the SACK arrived
     */
    void onAcknowledged(long nowNanos, long bytes, boolean cumulativeAdvanced, boolean inFastRecovery, long flightSizeBefore);

    /** Fast retransmit on three loss reports entered fast recovery (§7.2.4): once per window of data. */
    void onFastRetransmit(long nowNanos);

    /** T3-rtx expired (§7.2.3, §6.3.3). */
    void onRetransmissionTimeout(long nowNanos);

    /** A round-trip sample taken from a SACK (Karn's rule applied, RFC 6298 §3). */
    default void onRoundTripTime(long nowNanos, long rttNanos) {
    }

    /**
     * Whether a chunk of {@code bytes} may go with {@code flightSize} bytes in flight: within cwnd, and one chunk
     * whenever nothing is in flight, so the sender never stalls (§6.1 rule B, D; §7.2.1).
     */
    default boolean canSend(long flightSize, int bytes) {
        return flightSize == 0 || flightSize + bytes <= congestionWindow();
    }
}
