package dev.jrtc.rtp.cc;

import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import java.util.Arrays;
import java.util.List;

/**
 * The send side's memory of transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3): when each stamped packet left and how big it was, so a feedback can be turned into per-packet send and
 * arrival times for the congestion controller. A ring allocated once; recording a packet allocates nothing.
 */
final class TransportFeedbackMatcher {
    private static final long TICK_NANOS = 250_000L;
    private static final long REFERENCE_NANOS = 64_000_000L;

    private final int mask;
    private final int[] sequences;
    private final long[] sendNanos;
    private final int[] sizes;
    private final boolean[] reported;
    /** The last reference time seen, extended past the 24-bit wrap. */
    private long lastReference = Long.MIN_VALUE;
    private long unknown;

    /** @param capacity packets remembered, a power of two (enough for a few round trips at the top rate) */
    public TransportFeedbackMatcher(int capacity) {
        if (capacity < 16 || capacity > 65536 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..65536: " + capacity);
        }
        this.mask = capacity - 1;
        this.sequences = new int[capacity];
        Arrays.fill(sequences, -1);
        this.sendNanos = new long[capacity];
        this.sizes = new int[capacity];
        this.reported = new boolean[capacity];
    }

    /** A packet stamped with {@code sequence} left at {@code nowNanos} with {@code size} bytes (as on the wire). */
    public void handleSent(long nowNanos, int sequence, int size) {
        int i = sequence & mask;
        sequences[i] = sequence & 0xFFFF;
        sendNanos[i] = nowNanos;
        sizes[i] = size;
        reported[i] = false;
    }

    /**
     * Fills {@code out} with the packets {@code feedback} reports on that we remember and have not had reported
     * before, in sequence order.
     */
    public void handleFeedback(long nowNanos, TransportWideFeedback feedback, PacketResults out) {
        out.clear(nowNanos);
        long reference = feedback.referenceTime() & 0xFFFFFF;
        if (lastReference != Long.MIN_VALUE) {
            // Extend the 24-bit reference time (64 ms units, wraps every 17.9 minutes) to the value nearest the last.
            long delta = ((reference - lastReference) << 40) >> 40;
            reference = lastReference + delta;
        }
        lastReference = reference;
        long ticks = reference * (REFERENCE_NANOS / TICK_NANOS);
        List<Integer> statuses = feedback.statuses();
        List<Integer> deltas = feedback.deltas();
        int d = 0;
        for (int k = 0; k < statuses.size(); k++) {
            int status = statuses.get(k);
            long arrival = PacketResults.LOST;
            if (status != TransportWideFeedback.NOT_RECEIVED) {
                ticks += deltas.get(d++);
                arrival = ticks * TICK_NANOS;
            }
            int seq = (feedback.baseSequence() + k) & 0xFFFF;
            int i = seq & mask;
            if (sequences[i] != seq) {
                unknown++;
                continue;
            }
            if (reported[i]) continue;
            // A packet reported lost may still be reported received later (reordering): only then is it final.
            if (arrival != PacketResults.LOST) reported[i] = true;
            out.add(sendNanos[i], arrival, sizes[i]);
        }
    }

    /** Reported packets we had no record of (sent too long ago, or never). */
    public long unknown() {
        return unknown;
    }
}
