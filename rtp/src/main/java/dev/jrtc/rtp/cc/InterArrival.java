package dev.jrtc.rtp.cc;

/**
 * Pre-filtering of draft-ietf-rmcat-gcc-02 §5.2: packets sent within a 5 ms burst form one group (a video frame
 * leaving the pacer), and packets that arrive in a burst with negative delay variation join the group before them
 * (they were queued behind it); what the delay-based estimator sees is the difference between consecutive groups'
 * send and arrival times.
 */
final class InterArrival {
    static final long BURST_NANOS = 5_000_000L;
    private static final long MAX_BURST_SPAN_NANOS = 100_000_000L;
    private static final long NONE = Long.MIN_VALUE;

    private long groupFirstSend = NONE;
    private long groupLastSend;
    private long groupFirstArrival;
    private long groupLastArrival;
    private long previousLastSend = NONE;
    private long previousLastArrival;

    /** Valid after {@link #add} returned true: the last two complete groups' send and arrival differences. */
    long sendDelta;
    long arrivalDelta;

    /** A received packet, in send order; true when a group completed and the deltas are set. */
    boolean add(long sendNanos, long arrivalNanos) {
        if (groupFirstSend == NONE) {
            start(sendNanos, arrivalNanos);
            return false;
        }
        if (sendNanos < groupFirstSend) return false; // sent before the group: out of order, ignored
        if (sendNanos - groupFirstSend <= BURST_NANOS || belongsToBurst(sendNanos, arrivalNanos)) {
            groupLastSend = Math.max(groupLastSend, sendNanos);
            groupLastArrival = Math.max(groupLastArrival, arrivalNanos);
            return false;
        }
        boolean ready = false;
        if (previousLastSend != NONE) {
            sendDelta = groupLastSend - previousLastSend;
            arrivalDelta = groupLastArrival - previousLastArrival;
            ready = arrivalDelta >= 0; // a group arriving before the one sent earlier says nothing about queues
        }
        previousLastSend = groupLastSend;
        previousLastArrival = groupLastArrival;
        start(sendNanos, arrivalNanos);
        return ready;
    }

    private boolean belongsToBurst(long sendNanos, long arrivalNanos) {
        long arrival = arrivalNanos - groupLastArrival;
        long send = sendNanos - groupLastSend;
        return arrival - send < 0 && arrival <= BURST_NANOS && arrivalNanos - groupFirstArrival < MAX_BURST_SPAN_NANOS;
    }

    private void start(long sendNanos, long arrivalNanos) {
        groupFirstSend = sendNanos;
        groupLastSend = sendNanos;
        groupFirstArrival = arrivalNanos;
        groupLastArrival = arrivalNanos;
    }
}
