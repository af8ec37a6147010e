package dev.jrtc.rtp.stream;

import dev.jrtc.rtp.SequenceNumberUnwrapper;
import dev.jrtc.rtp.rtcp.GenericNack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The receive side of generic NACK (RFC 4585 §6.2.1) for one RTP stream: it notices gaps in the sequence numbers,
 * asks for each missing packet again one round-trip time apart up to a retry limit, and forgets packets that are
 * too old or too far behind to be worth asking for. Sans-IO: {@link #handlePacket} per received packet,
 * {@link #handleTimeout} when {@link #pollTimeout} is due, then {@link #pollNack} until null.
 *
 * <p>State is a ring of {@link NackSettings#capacity()} slots indexed by extended sequence number, allocated once;
 * a packet that arrives in order costs no allocation.
 */
public final class NackGenerator {
    private static final long NONE = -1;

    private final NackSettings settings;
    private final long senderSsrc;
    private final long mediaSsrc;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private final int mask;
    /** The extended sequence number a slot tracks as missing, or {@link #NONE}. */
    private final long[] missing;
    private final long[] missedAt;
    private final long[] lastNackAt;
    private final int[] retries;
    private final int[] due;
    private int dueCount;
    private long highest = NONE;
    /**
     * The missing packets' extended sequence numbers in increasing order (a circular list; entries no longer missing
     * are dropped at the next {@link #handleTimeout}), so a timeout looks at missing packets only.
     */
    private final long[] order;
    private int orderHead;
    private int orderSize;
    private int missingCount;
    private long rttNanos;
    private long nextTimeout = Long.MAX_VALUE;

    private long packetsNacked;
    private long nacksSent;
    private long recovered;
    private long recoveredAfterNack;
    private long givenUp;

    public NackGenerator(long senderSsrc, long mediaSsrc, NackSettings settings) {
        this.settings = settings;
        this.senderSsrc = senderSsrc & 0xFFFFFFFFL;
        this.mediaSsrc = mediaSsrc & 0xFFFFFFFFL;
        int n = settings.capacity();
        this.mask = n - 1;
        this.missing = new long[n];
        Arrays.fill(missing, NONE);
        this.missedAt = new long[n];
        this.lastNackAt = new long[n];
        this.retries = new int[n];
        this.order = new long[n];
        this.due = new int[settings.maxPerNack()];
        this.rttNanos = settings.initialRttNanos();
    }

    /** The newest round-trip time estimate (from RTCP reports, RFC 3550 §6.4.1), which spaces repeated NACKs. */
    public void handleRoundTripTime(long nanos) {
        if (nanos > 0) rttNanos = nanos;
    }

    /** What a received packet was to the stream. */
    public enum Arrival {
        /** Newer than any before it. */
        NEW,
        /** One that was missing and is still asked for. */
        RECOVERED,
        /** A duplicate, or older than what is tracked or given up. */
        OLD
    }

    /** A received packet of the stream (original or repaired from RTX) with its 16-bit sequence number. */
    public Arrival handlePacket(long nowNanos, int sequenceNumber) {
        long s = unwrapper.unwrap(sequenceNumber);
        if (highest == NONE) {
            highest = s;
            return Arrival.NEW;
        }
        if (s > highest) {
            advanceTo(nowNanos, s);
            return Arrival.NEW;
        }
        int i = (int) (s & mask);
        if (s < highest && missing[i] == s) {
            clear(i);
            recovered++;
            if (retries[i] > 0) recoveredAfterNack++;
            return Arrival.RECOVERED;
        }
        return Arrival.OLD;
    }

    private void advanceTo(long nowNanos, long s) {
        long capacity = mask + 1L;
        long firstNew = highest + 1;
        if (s - firstNew >= capacity) {
            // More than the ring can hold went missing: everything tracked and the oldest of the gap are given up.
            givenUp += missingCount + (s - capacity - firstNew + 1);
            for (int i = 0; i <= mask; i++) missing[i] = NONE;
            missingCount = 0;
            orderSize = 0;
            firstNew = s - capacity + 1;
        }
        for (long x = firstNew; x <= s; x++) {
            int i = (int) (x & mask);
            if (missing[i] != NONE) {
                // The slot still tracks a packet one ring behind: it is too far back to ask for.
                clear(i);
                givenUp++;
            }
            if (x < s) {
                missing[i] = x;
                missedAt[i] = nowNanos;
                lastNackAt[i] = 0;
                retries[i] = 0;
                missingCount++;
                if (orderSize == order.length) {
                    // The oldest entry is a full ring behind x, so its slot was just taken over: drop it.
                    orderHead = (orderHead + 1) & mask;
                    orderSize--;
                }
                order[(orderHead + orderSize++) & mask] = x;
            }
        }
        if (missingCount > 0) nextTimeout = Math.min(nextTimeout, nowNanos + settings.reorderDelayNanos());
        highest = s;
    }

    private void clear(int i) {
        missing[i] = NONE;
        missingCount--;
    }

    /** When {@link #handleTimeout} next has work, or {@link Long#MAX_VALUE}. */
    public long pollTimeout() {
        return missingCount == 0 && dueCount == 0 ? Long.MAX_VALUE : nextTimeout;
    }

    /**
     * Gives up on packets missing too long or asked for too often and collects the ones due for a NACK, at most
     * {@link NackSettings#maxPerNack()} at once; {@link #pollNack} then hands them out.
     */
    public void handleTimeout(long nowNanos) {
        if (nowNanos < nextTimeout || missingCount == 0) return; // nothing due: the per-packet call stays O(1)
        long retryInterval = Math.max(settings.minRetryIntervalNanos(), rttNanos);
        long next = Long.MAX_VALUE;
        int kept = 0;
        for (int k = 0; k < orderSize; k++) {
            long x = order[(orderHead + k) & mask];
            int i = (int) (x & mask);
            if (missing[i] != x) continue; // arrived or given up since
            if (dueCount == due.length) {
                next = nowNanos; // the NACK is full: the rest waits for the next call
            } else if (nowNanos - missedAt[i] > settings.maxAgeNanos()
                    || (retries[i] >= settings.maxRetries() && nowNanos - lastNackAt[i] >= retryInterval)) {
                clear(i);
                givenUp++;
                continue;
            } else {
                long dueAt = retries[i] == 0 ? missedAt[i] + settings.reorderDelayNanos() : lastNackAt[i] + retryInterval;
                if (dueAt <= nowNanos && retries[i] < settings.maxRetries()) {
                    due[dueCount++] = (int) (x & 0xFFFF);
                    retries[i]++;
                    lastNackAt[i] = nowNanos;
                    dueAt = nowNanos + retryInterval;
                }
                next = Math.min(next, Math.min(dueAt, missedAt[i] + settings.maxAgeNanos() + 1));
            }
            order[(orderHead + kept++) & mask] = x;
        }
        orderSize = kept;
        nextTimeout = next;
    }

    /** A NACK for the packets {@link #handleTimeout} found due, or null when none are. */
    public GenericNack pollNack() {
        if (dueCount == 0) return null;
        List<Integer> lost = new ArrayList<>(dueCount);
        for (int i = 0; i < dueCount; i++) lost.add(due[i]);
        take();
        return new GenericNack(senderSsrc, mediaSsrc, lost);
    }

    /**
     * The same as {@link #pollNack} without building the RTCP value: copies the due sequence numbers into
     * {@code out} (at least {@link NackSettings#maxPerNack()} long) and returns how many, 0 when none are due.
     */
    public int pollLostSequenceNumbers(int[] out) {
        int n = dueCount;
        System.arraycopy(due, 0, out, 0, n);
        if (n > 0) take();
        return n;
    }

    private void take() {
        packetsNacked += dueCount;
        nacksSent++;
        dueCount = 0;
    }

    /** Packets missing right now and still asked for. */
    public int missingCount() {
        return missingCount;
    }

    /** Sequence numbers put in NACKs so far (a packet asked for three times counts three times). */
    public long packetsNacked() {
        return packetsNacked;
    }

    /** NACK packets produced. */
    public long nacksSent() {
        return nacksSent;
    }

    /** Missing packets that arrived later (reordered or retransmitted). */
    public long recovered() {
        return recovered;
    }

    /** Missing packets that arrived after at least one NACK for them. */
    public long recoveredAfterNack() {
        return recoveredAfterNack;
    }

    /** Missing packets given up: too old, asked for too often, or too far behind. */
    public long givenUp() {
        return givenUp;
    }
}
