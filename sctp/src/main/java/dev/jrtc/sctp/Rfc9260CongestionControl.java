package dev.jrtc.sctp;

/**
 * The congestion control of RFC 9260 §7.2: slow start while cwnd is at most ssthresh (§7.2.1, cwnd grows by the
 * bytes acknowledged, at most one MTU per SACK), congestion avoidance above it (§7.2.2, one MTU per cwnd of bytes
 * acknowledged), halving on fast retransmit (§7.2.4) and one MTU after a retransmission timeout (§7.2.3), with
 * ssthresh never below four MTUs. Like TCP Reno, it takes every loss for congestion.
 */
public final class Rfc9260CongestionControl implements CongestionController {
    private final int mtu;
    private long cwnd;
    private long ssthresh = Long.MAX_VALUE;
    private long partialBytesAcked;

    /** A controller for packets of at most {@code maxPacketSize} bytes, starting from the initial cwnd of §7.2.1. */
    public Rfc9260CongestionControl(int maxPacketSize) {
        this.mtu = maxPacketSize;
        this.cwnd = initialWindow(maxPacketSize);
    }

    /** RFC 9260 §7.2.1: min(4 * MTU, max(2 * MTU, 4380 bytes)). */
    static long initialWindow(int mtu) {
        return Math.min(4L * mtu, Math.max(2L * mtu, 4380));
    }

    @Override
    public long congestionWindow() {
        return cwnd;
    }

    @Override
    public long slowStartThreshold() {
        return ssthresh;
    }

    @Override
    public void onAcknowledged(long nowNanos, long bytes, boolean cumulativeAdvanced, boolean inFastRecovery, long flightSizeBefore) {
        if (!cumulativeAdvanced || inFastRecovery) return;
        if (cwnd <= ssthresh) {
            cwnd += Math.min(bytes, mtu);
        } else {
            partialBytesAcked += bytes;
            if (partialBytesAcked >= cwnd) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    @Override
    public void onFastRetransmit(long nowNanos) {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = ssthresh;
        partialBytesAcked = 0;
    }

    @Override
    public void onRetransmissionTimeout(long nowNanos) {
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
    }

    @Override
    public String toString() {
        return "Rfc9260CongestionControl{cwnd=" + cwnd + " ssthresh=" + ssthresh + "}";
    }
}
