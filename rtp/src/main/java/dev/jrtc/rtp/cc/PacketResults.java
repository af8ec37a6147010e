package dev.jrtc.rtp.cc;

/**
 * What one transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) said about packets
 * we sent, matched to when we sent them: a reusable set of arrays, filled by {@link TransportFeedbackMatcher}.
 * Arrival times are in the receiver's clock, so only their differences mean anything.
 */
final class PacketResults {
    /** Arrival time of a packet reported lost. */
    public static final long LOST = Long.MIN_VALUE;

    long[] sendNanos = new long[256];
    long[] arrivalNanos = new long[256];
    int[] sizes = new int[256];
    int count;
    long feedbackNanos;

    void clear(long nowNanos) {
        count = 0;
        feedbackNanos = nowNanos;
    }

    void add(long sendAt, long arrivalAt, int size) {
        if (count == sendNanos.length) {
            sendNanos = java.util.Arrays.copyOf(sendNanos, count * 2);
            arrivalNanos = java.util.Arrays.copyOf(arrivalNanos, count * 2);
            sizes = java.util.Arrays.copyOf(sizes, count * 2);
        }
        sendNanos[count] = sendAt;
        arrivalNanos[count] = arrivalAt;
        sizes[count] = size;
        count++;
    }

    /** Packets in this feedback that we know we sent. */
    public int count() { return count; }

    public long sendNanos(int i) { return sendNanos[i]; }

    /** When packet {@code i} arrived in the receiver's clock, or {@link #LOST}. */
    public long arrivalNanos(int i) { return arrivalNanos[i]; }

    public boolean received(int i) { return arrivalNanos[i] != LOST; }

    /** The packet's size in bytes as it was sent. */
    public int size(int i) { return sizes[i]; }

    /** When the feedback arrived, in our clock. */
    public long feedbackNanos() { return feedbackNanos; }

    public int lostCount() {
        int n = 0;
        for (int i = 0; i < count; i++) if (arrivalNanos[i] == LOST) n++;
        return n;
    }
}
