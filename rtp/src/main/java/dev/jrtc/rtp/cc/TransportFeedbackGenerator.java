package dev.jrtc.rtp.cc;

import dev.jrtc.rtp.SequenceNumberUnwrapper;
import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receive side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3):
 * records when each packet with a transport-wide sequence number arrived and, every interval, reports the packets
 * since the last report as received (with their arrival deltas in 250 µs ticks) or not received.
 *
 * <p>Arrival times live in a ring indexed by extended sequence number, allocated once, so recording a packet
 * allocates nothing; a report is built every interval. Sans-IO.
 */
public final class TransportFeedbackGenerator {
    private static final long TICK_NANOS = 250_000L;
    private static final long REFERENCE_NANOS = 64_000_000L;
    private static final long NOT_RECEIVED = Long.MIN_VALUE;
    /** Statuses in one report at most, so it fits an MTU with 2-byte deltas (RFC 8888 §3 limits similarly). */
    private static final int MAX_STATUSES = 500;

    private final long senderSsrc;
    private final long intervalNanos;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final int mask;
    private final long[] arrivals;
    private long mediaSsrc;
    private long nextToReport = -1;
    private long highest = -1;
    private long nextReportAt = Long.MAX_VALUE;
    private int feedbackCount;
    private final List<TransportWideFeedback> ready = new ArrayList<>();

    private long packetsRecorded;
    private long packetsLate;
    private long feedbackSent;

    /**
     * @param senderSsrc    our SSRC, the feedback's packet sender
     * @param intervalNanos time between reports (50 to 100 ms in browsers)
     * @param capacity      packets remembered, a power of two (8192 is 0.8 s at 10 000 packets per second)
     */
    public TransportFeedbackGenerator(long senderSsrc, long intervalNanos, int capacity) {
        if (intervalNanos <= 0) throw new IllegalArgumentException("intervalNanos must be > 0: " + intervalNanos);
        if (capacity < 16 || capacity > 65536 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..65536: " + capacity);
        }
        this.senderSsrc = senderSsrc & 0xFFFFFFFFL;
        this.intervalNanos = intervalNanos;
        this.mask = capacity - 1;
        this.arrivals = new long[capacity];
        Arrays.fill(arrivals, NOT_RECEIVED);
    }

    /** The media SSRC field of the reports (the draft leaves it unused; browsers put one of the peer's streams). */
    public void setMediaSsrc(long ssrc) {
        mediaSsrc = ssrc & 0xFFFFFFFFL;
    }

    /** A packet carrying transport-wide sequence number {@code sequence} arrived at {@code nowNanos}. */
    public void handlePacket(long nowNanos, int sequence) {
        long s = unwrapper.unwrap(sequence);
        if (nextToReport < 0) {
            nextToReport = s;
            highest = s - 1;
            nextReportAt = nowNanos + intervalNanos;
        }
        if (s < nextToReport) {
            packetsLate++;
            return;
        }
        if (s > highest) {
            // Slots between the old and the new highest belong to packets not (yet) received.
            for (long x = Math.max(highest + 1, s - mask); x <= s; x++) arrivals[(int) (x & mask)] = NOT_RECEIVED;
            highest = s;
            if (highest - nextToReport > mask) nextToReport = highest - mask;
        }
        arrivals[(int) (s & mask)] = nowNanos;
        packetsRecorded++;
    }

    /** When the next report is due, or {@link Long#MAX_VALUE} before any packet. */
    public long pollTimeout() {
        return nextReportAt;
    }

    /** Builds the report(s) due: everything from the last reported packet to the highest received. */
    public void handleTimeout(long nowNanos) {
        if (nowNanos < nextReportAt) return;
        nextReportAt = nowNanos + intervalNanos;
        while (nextToReport <= highest) {
            TransportWideFeedback f = build();
            if (f == null) break;
            ready.add(f);
        }
    }

    /** The next report, or null. */
    public TransportWideFeedback pollFeedback() {
        if (ready.isEmpty()) return null;
        feedbackSent++;
        return ready.remove(0);
    }

    private TransportWideFeedback build() {
        long first = nextToReport;
        while (first <= highest && arrivals[(int) (first & mask)] == NOT_RECEIVED) {
            if (highest - first >= MAX_STATUSES) {
                first++; // a long run of losses before anything arrived: report from later on
            } else {
                break;
            }
        }
        long firstArrival = NOT_RECEIVED;
        for (long x = first; x <= highest; x++) {
            long a = arrivals[(int) (x & mask)];
            if (a != NOT_RECEIVED) {
                firstArrival = a;
                break;
            }
        }
        if (firstArrival == NOT_RECEIVED) return null;
        long reference = Math.floorDiv(firstArrival, REFERENCE_NANOS);
        long previousTicks = reference * (REFERENCE_NANOS / TICK_NANOS);
        List<Integer> statuses = new ArrayList<>();
        List<Integer> deltas = new ArrayList<>();
        long x = first;
        for (; x <= highest && statuses.size() < MAX_STATUSES; x++) {
            long a = arrivals[(int) (x & mask)];
            if (a == NOT_RECEIVED) {
                statuses.add(TransportWideFeedback.NOT_RECEIVED);
                continue;
            }
            long ticks = Math.floorDiv(a, TICK_NANOS);
            long delta = ticks - previousTicks;
            if (delta >= 0 && delta <= 255) {
                statuses.add(TransportWideFeedback.SMALL_DELTA);
            } else if (delta >= Short.MIN_VALUE && delta <= Short.MAX_VALUE) {
                statuses.add(TransportWideFeedback.LARGE_DELTA);
            } else {
                break; // too far from the one before: the next report starts here
            }
            deltas.add((int) delta);
            previousTicks = ticks;
        }
        // Trailing packets not received are left for the next report: they may still come.
        int end = statuses.size();
        while (end > 0 && statuses.get(end - 1) == TransportWideFeedback.NOT_RECEIVED) end--;
        if (end == 0) return null;
        x = first + end;
        nextToReport = x;
        int ref24 = (int) ((reference << 40) >> 40);
        return new TransportWideFeedback(senderSsrc, mediaSsrc, (int) (first & 0xFFFF), ref24,
                feedbackCount++ & 0xFF, statuses.subList(0, end), deltas);
    }

    public long packetsRecorded() { return packetsRecorded; }

    /** Packets that arrived after a report already covered their sequence number. */
    public long packetsLate() { return packetsLate; }

    public long feedbackSent() { return feedbackSent; }
}
