package dev.jrtc.sctp;

/**
 * The retransmission timeout (RFC 9260 §6.3.1, computed as RFC 6298 §2 says with alpha 1/8 and beta 1/4), clamped
 * to the configured bounds. One per association: every timer that waits for the peer (T1, T2, T3, HEARTBEAT,
 * RE-CONFIG) runs for one RTO and backs it off when it expires.
 */
final class RetransmissionTimeout {
    private final long min;
    private final long max;
    private long srtt = -1;
    private long rttvar;
    private long rto;

    RetransmissionTimeout(SctpConfig config) {
        this.min = config.rtoMin().toNanos();
        this.max = config.rtoMax().toNanos();
        this.rto = config.rtoInitial().toNanos();
    }

    /** The current RTO in nanoseconds. */
    long rto() {
        return rto;
    }

    /** The smoothed round-trip time, or -1 before the first measurement. */
    long srtt() {
        return srtt;
    }

    /** A round-trip measurement (RFC 6298 §2.2, §2.3). */
    void measure(long rttNanos) {
        if (srtt < 0) {
            srtt = rttNanos;
            rttvar = rttNanos / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
            srtt = (7 * srtt + rttNanos) / 8;
        }
        rto = Math.max(min, Math.min(max, srtt + 4 * rttvar));
    }

    /** A timer expired: the RTO doubles, up to the maximum (RFC 9260 §6.3.3 E2, RFC 6298 §5.5). */
    void backOff() {
        rto = Math.min(rto * 2, max);
    }
}
