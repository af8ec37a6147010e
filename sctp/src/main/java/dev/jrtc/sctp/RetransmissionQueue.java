package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DATA sent and not yet cumulatively acknowledged, and everything the sender learns about it: the TSNs it assigns,
 * SACKs with gap blocks (RFC 9260 §6.2.1), the flight size and the peer's window (§6.1), T3-rtx (§6.3.3), fast
 * retransmit and fast recovery (§7.2.4), and partial reliability (RFC 3758 §3.5): abandoned messages, the
 * Advanced.Peer.Ack.Point and the FORWARD TSN that moves the peer past them. The {@link CongestionController} is
 * told of acknowledgements, losses and timeouts and decides how much may be in flight.
 *
 * <p>TSNs are extended to 64 bits next to the cumulative TSN ack; {@link #outstanding} starts right after it.
 */
final class RetransmissionQueue {
    /** The most a peer may delay a SACK (RFC 9260 §6.2): what a probe after a single packet must wait for too. */
    private static final long MAX_SACK_DELAY_NANOS = 200_000_000L;
    /** The shortest probe timeout: on loopback two round trips are less than an event loop's hiccup. */
    private static final long MIN_PROBE_NANOS = 10_000_000L;

    private final SctpConfig config;
    private final SendQueue sendQueue;
    private final CongestionController cc;
    private final RetransmissionTimeout rto;
    /** Sent and not yet cumulatively acknowledged, by extended TSN; the ring starts at cumulativeAcked + 1. */
    private final TsnRing<OutstandingChunk> outstanding;
    private int nextTsn;
    private long cumulativeAcked;
    /** Advanced.Peer.Ack.Point (RFC 3758 §3.5): the cumulative TSN plus the abandoned chunks right after it. */
    private long advancedPeerAckPoint;
    private boolean forwardTsnPending;
    /** Abandoned placeholder ends (see {@link #abandon}) with a TSN, not yet in {@link #outstanding}. */
    private final List<OutstandingChunk> placeholders = new ArrayList<>();
    private long forwardTsnSentAt = Long.MIN_VALUE / 2;
    /** The highest TSN assigned when the last FORWARD TSN went out. */
    private long forwardTsnSentAfter;
    private long flightSize;
    /** Outstanding chunks marked for retransmission: flush skips its scans of outstanding when there are none. */
    private int markedForRetransmit;
    /**
     * No marked chunk has a TSN below this (while {@link #markedForRetransmit} is above 0), so the scans for them
     * start here and stop once they have seen them all, instead of walking everything outstanding on every flush.
     */
    private long lowestMarked = Long.MAX_VALUE;
    /** The peer's window less what is in flight (RFC 9260 §6.2.1). */
    private long peerReceiveWindow;
    /** a_rwnd of the peer's last SACK, before what is in flight is taken off. */
    private long peerAdvertisedWindow;
    /** A SACK arrived since the last T3 expiry: with the peer's window closed, that peer is alive (§6.1 rule A). */
    private boolean sackSinceT3;
    private boolean peerForwardTsn;
    private boolean inFastRecovery;
    private long fastRecoveryExit;
    /** A SACK marked chunks for fast retransmit: the first packet of them goes whatever cwnd says (§7.2.4 step 3). */
    private boolean fastRetransmitDue;
    /** The TSNs the SACK being handled acknowledged in gap blocks for the first time, ascending; reused. */
    private long[] newlyGapAcked = new long[64];
    private int newlyGapAckedCount;
    private long t3Deadline = Long.MAX_VALUE;
    /** When the tail loss probe goes (see {@link #handleProbeTimeout}), or MAX_VALUE. */
    private long probeDeadline = Long.MAX_VALUE;
    private long tailLossProbes;
    private long abandonedMessages;
    private long forwardTsnsSent;
    private long retransmittedChunks;
    private long t3Expiries;
    private long fastRecoveries;
    private long dropped;

    RetransmissionQueue(SctpConfig config, SendQueue sendQueue, CongestionController cc, RetransmissionTimeout rto, int initialTsn) {
        this.config = config;
        this.sendQueue = sendQueue;
        this.cc = cc;
        this.rto = rto;
        this.nextTsn = initialTsn;
        this.cumulativeAcked = (initialTsn - 1) & 0xFFFFFFFFL;
        this.outstanding = new TsnRing<>(cumulativeAcked + 1);
        this.advancedPeerAckPoint = cumulativeAcked;
    }

    /** What the handshake learnt: the peer's initial window and whether it takes FORWARD TSN. */
    void start(PeerInit peer) {
        peerReceiveWindow = peer.receiveWindow();
        peerForwardTsn = peer.forwardTsn();
    }

    CongestionController congestionController() {
        return cc;
    }

    long flightSize() {
        return flightSize;
    }

    long peerReceiveWindow() {
        return peerReceiveWindow;
    }

    int size() {
        return outstanding.size();
    }

    boolean isEmpty() {
        return outstanding.isEmpty();
    }

    long t3Deadline() {
        return t3Deadline;
    }

    long probeDeadline() {
        return probeDeadline;
    }

    /** Tail loss probes sent. */
    long tailLossProbes() {
        return tailLossProbes;
    }

    /** The TSN given to the last chunk sent (RFC 6525 §4.1 Sender's Last Assigned TSN). */
    long lastAssignedTsn() {
        return (nextTsn - 1) & 0xFFFFFFFFL;
    }

    long abandonedMessages() {
        return abandonedMessages;
    }

    long forwardTsnsSent() {
        return forwardTsnsSent;
    }

    /** T3-rtx expiries with data outstanding. */
    long t3Expiries() {
        return t3Expiries;
    }

    /** Times fast recovery was entered (RFC 9260 §7.2.4). */
    long fastRecoveries() {
        return fastRecoveries;
    }

    /** DATA chunks sent again, after fast retransmit or T3. */
    long retransmittedChunks() {
        return retransmittedChunks;
    }

    /** SACKs dropped: acknowledging data never sent. */
    long dropped() {
        return dropped;
    }

    boolean forwardTsnPending() {
        return forwardTsnPending;
    }

    // ------------------------------------------------------------------------------------------------ sending

    /** Retransmissions whose message has outlived its lifetime are abandoned rather than sent (RFC 3758 §3.5 A3). */
    void abandonExpiredRetransmissions(long nowNanos) {
        if (markedForRetransmit == 0) return;
        // Stops once every chunk still marked is behind; abandoning unmarks fragments ahead too.
        int kept = 0;
        for (long t = Math.max(lowestMarked, outstanding.base()); markedForRetransmit > kept && t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o == null || !o.retransmit) continue;
            if (nowNanos > o.message.expiresAt) abandon(o.message); else kept++;
        }
    }

    /**
     * Marked chunks into {@code packets}, lowest TSN first, as far as the congestion window allows (RFC 9260 §6.1
     * C); after fast retransmit marked some, one packet of them goes regardless of cwnd (§7.2.4 step 3).
     */
    void retransmit(long nowNanos, PacketBundler packets) {
        int bypass = fastRetransmitDue ? config.maxPacketSize() - SendQueue.COMMON_HEADER : 0;
        fastRetransmitDue = false;
        for (long t = Math.max(lowestMarked, outstanding.base()); markedForRetransmit > 0 && t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o == null || !o.retransmit) continue;
            lowestMarked = t; // everything below is unmarked now
            int size = PacketBundler.dataChunkSize(o.length());
            if (size <= bypass) {
                bypass -= size;
            } else {
                bypass = 0;
                if (!cc.canSend(flightSize, o.length())) break;
            }
            packets.add(o.chunk, size);
            unmarkRetransmit(o);
            o.reportableAbove = extendOwn((nextTsn - 1) & 0xFFFFFFFFL);
            o.missingReports = 0;
            o.inFlight = true;
            o.transmissions++;
            retransmittedChunks++;
            o.sentAt = nowNanos;
            flightSize += o.length();
        }
    }

    /** Whether a new chunk of {@code bytes} fits the congestion window and the peer's window (RFC 9260 §6.1 A, B). */
    boolean canSendNew(int bytes) {
        return cc.canSend(flightSize, bytes) && (flightSize == 0 || bytes <= peerReceiveWindow);
    }

    /** Gives {@code fragment} (its message's sequence number already taken) the next TSN and counts it in flight. */
    DataChunk send(SendQueue.Fragment fragment, long nowNanos) {
        OutgoingMessage m = fragment.message();
        int len = fragment.payload().length;
        DataChunk withTsn = new DataChunk(false, m.unordered, fragment.beginning(), fragment.ending(), nextTsn & 0xFFFFFFFFL,
                m.streamId, m.ssn, m.ppid, fragment.payload());
        nextTsn++;
        OutstandingChunk o = new OutstandingChunk(withTsn, m, nowNanos, extendOwn(withTsn.tsn()));
        o.buffered = m.counted;
        m.sent.add(o);
        m.unsentFragments--;
        if (m.counted) m.unsentBytes -= len;
        outstanding.put(extendOwn(withTsn.tsn()), o);
        flightSize += len;
        peerReceiveWindow = Math.max(0, peerReceiveWindow - len);
        return withTsn;
    }

    /**
     * After a flush: starts T3 if data is outstanding and it is not running (RFC 9260 §6.3.2 R1); when new data
     * went, the tail loss probe waits two round trips from now.
     */
    void afterFlush(long nowNanos, boolean sentNewData) {
        if (!outstanding.isEmpty() && t3Deadline == Long.MAX_VALUE) t3Deadline = nowNanos + rto.rto();
        if (sentNewData) armProbe(nowNanos);
    }

    /**
     * The tail loss probe (after RFC 8985 §7, TLP, adapted to SCTP): two smoothed round trips (at least 10 ms) after
     * the last new data or new acknowledgement, plus the longest SACK delay when only one packet is in flight, and
     * only when that comes before T3. A receiver that handles what arrives together as one batch sends one SACK for it, so when
     * the whole window left at once, one lost SACK leaves the sender with nothing to clock on: without a probe,
     * T3 (at least RTO.min) expires and cwnd falls to one MTU, every 100 round trips at 1 % loss.
     */
    private void armProbe(long nowNanos) {
        long srtt = rto.srtt();
        if (outstanding.isEmpty() || srtt < 0) {
            probeDeadline = Long.MAX_VALUE;
            return;
        }
        long pto = Math.max(2 * srtt, MIN_PROBE_NANOS) + (flightSize <= config.maxPacketSize() ? MAX_SACK_DELAY_NANOS : 0);
        long at = nowNanos + pto;
        probeDeadline = at < t3Deadline ? at : Long.MAX_VALUE;
    }

    /**
     * Nothing was acknowledged for two round trips: the chunk with the highest TSN still missing goes again, one
     * packet whatever cwnd says, without counting as a loss (RFC 8985 §7.3). Either it was lost, and is repaired,
     * or the SACKs were, and the duplicate makes the peer SACK at once (RFC 9260 §6.2); the SACK then shows any
     * other loss to fast retransmit. T3 keeps running behind it.
     */
    void handleProbeTimeout(long nowNanos) {
        probeDeadline = Long.MAX_VALUE;
        for (long t = outstanding.end() - 1; t >= outstanding.base(); t--) {
            OutstandingChunk o = outstanding.get(t);
            if (o == null || o.gapAcked || o.abandoned) continue;
            if (o.retransmissionsExhausted()) {
                abandon(o.message); // its limit allows no more sending (RFC 3758 §3.5 A3): the FORWARD TSN says so
                advanceAckPoint(nowNanos);
                return;
            }
            if (!o.retransmit) {
                markRetransmit(o);
                if (o.inFlight) {
                    o.inFlight = false;
                    flightSize -= o.length();
                }
            }
            tailLossProbes++;
            fastRetransmitDue = true; // one packet regardless of cwnd
            return;
        }
    }

    private void markRetransmit(OutstandingChunk o) {
        if (!o.retransmit) {
            markedForRetransmit++;
            lowestMarked = Math.min(lowestMarked, extendOwn(o.chunk.tsn()));
        }
        o.retransmit = true;
    }

    private void unmarkRetransmit(OutstandingChunk o) {
        if (o.retransmit && --markedForRetransmit == 0) lowestMarked = Long.MAX_VALUE;
        o.retransmit = false;
    }

    private long extendOwn(long tsn) {
        long diff = (int) (tsn - (cumulativeAcked & 0xFFFFFFFFL));
        return cumulativeAcked + diff;
    }

    // ------------------------------------------------------------------------------------------------ abandoning

    /** Gives up on a whole message: every fragment, sent or not (RFC 3758 §3.5 A3, RFC 8831 §6.6). */
    void abandon(OutgoingMessage m) {
        if (m.abandoned) return;
        m.abandoned = true;
        abandonedMessages++;
        for (OutstandingChunk o : m.sent) {
            if (o.acked) continue;
            o.abandoned = true;
            unmarkRetransmit(o);
            if (o.inFlight) {
                o.inFlight = false;
                flightSize -= o.length();
            }
            if (o.buffered) {
                o.buffered = false;
                sendQueue.unbuffer(m.streamId, o.length());
            }
        }
        sendQueue.unbuffer(m.streamId, m.unsentBytes); // its unsent fragments are dropped from the queue as flush reaches them
        m.unsentBytes = 0;
        if (m.unsentFragments > 0 && !m.sent.isEmpty()) {
            // Part of it went out, the rest never will. If what went out is all acknowledged, nothing abandoned is
            // left for the ack point to pass, and the peer would wait for the missing end forever. So the end gets
            // a TSN of its own that is abandoned from the start: the FORWARD TSN covers it and the peer moves on.
            DataChunk last = m.sent.get(m.sent.size() - 1).chunk;
            DataChunk end = new DataChunk(false, m.unordered, false, true, nextTsn & 0xFFFFFFFFL, m.streamId, m.ssn, last.ppid(), new byte[1]);
            nextTsn++;
            OutstandingChunk placeholder = new OutstandingChunk(end, m, 0, extendOwn(end.tsn()));
            placeholder.inFlight = false;
            placeholder.buffered = false;
            placeholder.abandoned = true;
            m.sent.add(placeholder);
            placeholders.add(placeholder); // callers may be iterating over outstanding: it goes in afterwards
            m.unsentFragments = 0;
        }
    }

    /** Moves the Advanced.Peer.Ack.Point over abandoned chunks (RFC 3758 §3.5 C1); a FORWARD TSN is due if it moved. */
    void advanceAckPoint(long nowNanos) {
        insertPlaceholders();
        if (!peerForwardTsn) return;
        long point = Math.max(advancedPeerAckPoint, cumulativeAcked);
        boolean more = true;
        while (more) {
            more = false;
            for (OutstandingChunk o = outstanding.get(point + 1); o != null; o = outstanding.get(point + 1)) {
                if (!o.abandoned && nowNanos > o.message.expiresAt && !o.gapAcked) abandon(o.message);
                if (!o.abandoned) break;
                point++;
            }
            if (!placeholders.isEmpty()) {
                insertPlaceholders();
                more = true; // a placeholder may continue the run of abandoned TSNs
            }
        }
        if (point > advancedPeerAckPoint) {
            advancedPeerAckPoint = point;
            forwardTsnPending = true;
        }
        if (advancedPeerAckPoint <= cumulativeAcked) forwardTsnPending = false;
    }

    private void insertPlaceholders() {
        for (OutstandingChunk o : placeholders) outstanding.put(extendOwn(o.chunk.tsn()), o);
        placeholders.clear();
    }

    /** FORWARD TSN to the ack point, naming the last abandoned sequence number of each ordered stream (RFC 3758 §3.2). */
    ForwardTsnChunk forwardTsn(long nowNanos) {
        forwardTsnPending = false;
        forwardTsnsSent++;
        forwardTsnSentAt = nowNanos;
        forwardTsnSentAfter = extendOwn((nextTsn - 1) & 0xFFFFFFFFL);
        Map<Integer, Integer> skips = new LinkedHashMap<>();
        for (long t = outstanding.base(); t <= advancedPeerAckPoint && t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o != null && o.abandoned && !o.message.unordered) skips.put(o.message.streamId, o.message.ssn);
        }
        List<ForwardTsnChunk.StreamSkip> list = new ArrayList<>(skips.size());
        for (Map.Entry<Integer, Integer> e : skips.entrySet()) list.add(new ForwardTsnChunk.StreamSkip(e.getKey(), e.getValue()));
        int maxSkips = (config.maxPacketSize() - SendQueue.COMMON_HEADER - 8) / 4;
        if (list.size() > maxSkips) list = list.subList(0, maxSkips); // cannot happen below 280 streams
        return new ForwardTsnChunk(advancedPeerAckPoint & 0xFFFFFFFFL, list);
    }

    // ------------------------------------------------------------------------------------------------ SACK

    /**
     * A SACK (RFC 9260 §6.2.1): acknowledged chunks leave, the RTT is sampled (Karn), chunks reported missing three
     * times are marked for fast retransmit (§7.2.4), and the windows are updated. True when it acknowledged new data,
     * which shows the peer is alive (§8.1, §8.2).
     */
    boolean handleSack(long nowNanos, SackChunk sack) {
        insertPlaceholders();
        long cum = extendOwn(sack.cumulativeTsnAck());
        if (cum < cumulativeAcked) return false; // an old SACK arriving late (RFC 9260 §6.2.1 D)
        if (cum >= extendOwn(nextTsn & 0xFFFFFFFFL)) {
            dropped++; // acknowledges data never sent: forged or broken
            return false;
        }
        long flightBefore = flightSize;
        newlyGapAckedCount = 0;
        long bytesAcked = 0;
        boolean rttTaken = false;
        boolean cumAdvanced = cum > cumulativeAcked;
        sackSinceT3 = true;
        peerAdvertisedWindow = sack.advertisedReceiverWindow();
        for (long t = outstanding.base(); t <= cum && t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o == null) continue;
            int len = o.length();
            if (!o.gapAcked && !o.abandoned) bytesAcked += len;
            if (o.inFlight) {
                o.inFlight = false;
                flightSize -= len;
            }
            if (o.transmissions == 1 && !rttTaken && !o.abandoned) {
                long rtt = nowNanos - o.sentAt; // Karn: only chunks sent once
                rto.measure(rtt);
                cc.onRoundTripTime(nowNanos, rtt);
                rttTaken = true;
            }
            o.acked = true;
            unmarkRetransmit(o);
            if (o.buffered) {
                o.buffered = false;
                sendQueue.unbuffer(o.message.streamId, len);
            }
        }
        outstanding.removeThrough(cum);
        cumulativeAcked = Math.max(cumulativeAcked, cum);
        long highestGapAcked = cum;
        long previousEnd = cum;
        for (SackChunk.GapBlock g : sack.gapBlocks()) {
            // Blocks come in ascending order without overlap (RFC 9260 §3.3.4); others are skipped, which keeps a
            // forged SACK from costing more than one pass over what is outstanding.
            if (cum + g.start() <= previousEnd) continue;
            previousEnd = cum + g.end();
            for (long t = cum + g.start(); t <= cum + g.end(); t++) {
                OutstandingChunk o = outstanding.get(t);
                if (o == null) break; // beyond what was sent
                if (!o.gapAcked) {
                    o.gapAcked = true;
                    if (newlyGapAckedCount == newlyGapAcked.length) newlyGapAcked = Arrays.copyOf(newlyGapAcked, 2 * newlyGapAckedCount);
                    newlyGapAcked[newlyGapAckedCount++] = t;
                    if (!o.abandoned) bytesAcked += o.length();
                    if (o.inFlight) {
                        o.inFlight = false;
                        flightSize -= o.length();
                    }
                    unmarkRetransmit(o);
                }
                highestGapAcked = Math.max(highestGapAcked, t);
            }
        }
        // Fast retransmit (RFC 9260 §7.2.4) on three miss indications, counted per chunk rather than per SACK: each
        // chunk that a SACK newly acknowledges above a missing one is one indication, as RFC 6675 §4 (IsLost) counts
        // them for TCP. A SACK that acknowledges nothing new (a window update, a duplicate) indicates nothing, the
        // HTNA rule of §7.2.4; and one SACK that acknowledges a whole receive batch (see beginReceiveBatch) counts
        // every chunk of it: counted per SACK, a batched receiver's loss is only seen after three batches, often
        // after T3 has expired, and T3 takes cwnd down to one MTU.
        //
        // A chunk sent again only counts chunks sent after it went again: SACKs for data sent before keep saying
        // it is missing until the resent chunk arrives, and counting them sent it again and again (a retransmission
        // storm that filled bottleneck queues). RFC 9260 §7.2.4 step 5 forbids a second fast retransmit outright;
        // this rule keeps one from happening spuriously, yet repairs a lost retransmission within a round trip
        // instead of waiting for T3.
        long missingBelow = newlyGapAckedCount == 0 ? Long.MIN_VALUE : newlyGapAcked[newlyGapAckedCount - 1];
        for (long t = outstanding.base(); t < missingBelow && t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o == null || o.gapAcked || o.retransmit || o.abandoned) continue;
            int indications = newlyGapAckedAbove(Math.max(t, o.reportableAbove));
            if (indications > 0 && (o.missingReports += indications) >= 3) {
                o.missingReports = 0;
                if (o.retransmissionsExhausted()) {
                    abandon(o.message);
                    continue;
                }
                fastRetransmitDue = true;
                markRetransmit(o);
                if (o.inFlight) {
                    o.inFlight = false;
                    flightSize -= o.length();
                }
                if (!inFastRecovery) {
                    fastRecoveries++;
                    inFastRecovery = true;
                    fastRecoveryExit = outstanding.end() - 1;
                    cc.onFastRetransmit(nowNanos);
                }
            }
        }
        if (inFastRecovery && cumulativeAcked >= fastRecoveryExit) inFastRecovery = false;
        boolean newData = cumAdvanced || bytesAcked > 0;
        if (newData) cc.onAcknowledged(nowNanos, bytesAcked, cumAdvanced, inFastRecovery, flightBefore);
        peerReceiveWindow = Math.max(0, sack.advertisedReceiverWindow() - flightSize);
        if (outstanding.isEmpty()) {
            t3Deadline = Long.MAX_VALUE;
        } else if (cumAdvanced) {
            t3Deadline = nowNanos + rto.rto();
        }
        if (newData || outstanding.isEmpty()) armProbe(nowNanos);
        advanceAckPoint(nowNanos);
        // RFC 3758 §3.5 C3: the peer still acknowledges below the ack point, so our FORWARD TSN may be lost; say it
        // again. At once when the peer has data sent after it (so it was lost or overtaken), otherwise at most once
        // a round trip, so that a burst of SACKs does not become a burst of FORWARD TSNs.
        if (advancedPeerAckPoint > cumulativeAcked
                && (highestGapAcked > forwardTsnSentAfter || nowNanos - forwardTsnSentAt >= Math.max(rto.srtt(), 0))) {
            forwardTsnPending = true;
        }
        return newData;
    }

    /** How many of the TSNs newly acknowledged in gap blocks by the current SACK are above {@code tsn}. */
    private int newlyGapAckedAbove(long tsn) {
        int i = Arrays.binarySearch(newlyGapAcked, 0, newlyGapAckedCount, tsn);
        int firstAbove = i >= 0 ? i + 1 : -i - 1;
        return newlyGapAckedCount - firstAbove;
    }

    /** SHUTDOWN's Cumulative TSN Ack acknowledges like a SACK without gaps that leaves the window as it is (§9.2). */
    boolean handleShutdownAck(long nowNanos, long cumulativeTsnAck) {
        return handleSack(nowNanos, new SackChunk(cumulativeTsnAck, peerReceiveWindow + flightSize, List.of(), List.of()));
    }

    // ------------------------------------------------------------------------------------------------ T3

    /**
     * Whether the T3 expiry due now only probed a closed window of a peer that keeps sending SACKs: no failure (RFC
     * 9260 §6.1 rule A; the receiver may keep its window closed as long as its application reads nothing). Starts
     * looking for the next SACK afresh.
     */
    boolean takeZeroWindowProbe() {
        boolean probe = peerAdvertisedWindow == 0 && sackSinceT3;
        sackSinceT3 = false;
        return probe;
    }

    /**
     * T3-rtx expired (RFC 9260 §6.3.3): back off the RTO, tell congestion control, mark everything outstanding for
     * retransmission (or abandon what its limits give up), and restart T3.
     */
    void handleT3Expiry(long nowNanos) {
        t3Expiries++;
        probeDeadline = Long.MAX_VALUE;
        rto.backOff();
        cc.onRetransmissionTimeout(nowNanos);
        inFastRecovery = false;
        for (long t = outstanding.base(); t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o == null || o.gapAcked || o.retransmit || o.abandoned) continue;
            if (o.retransmissionsExhausted() || nowNanos > o.message.expiresAt) {
                abandon(o.message);
                continue;
            }
            markRetransmit(o);
            if (o.inFlight) {
                o.inFlight = false;
                flightSize -= o.length();
            }
        }
        advanceAckPoint(nowNanos);
        // A FORWARD TSN may have been lost like any chunk: repeat it while the peer has not caught up (§3.5 C3).
        if (advancedPeerAckPoint > cumulativeAcked) forwardTsnPending = true;
        t3Deadline = outstanding.isEmpty() ? Long.MAX_VALUE : nowNanos + rto.rto();
    }

    // ------------------------------------------------------------------------------------------------ other

    /**
     * The peer reset {@code streams} having received everything up to the request's last TSN (RFC 6525 §5.1.4):
     * what of them still waits for a SACK is delivered and leaves the buffered amounts now.
     */
    void settleBuffered(Set<Integer> streams) {
        for (long t = outstanding.base(); t < outstanding.end(); t++) {
            OutstandingChunk o = outstanding.get(t);
            if (o != null && o.buffered && streams.contains(o.message.streamId)) {
                o.buffered = false;
                sendQueue.unbuffer(o.message.streamId, o.length());
            }
        }
    }

    /** Forgets everything outstanding (the association ended). */
    void clear() {
        t3Deadline = Long.MAX_VALUE;
        probeDeadline = Long.MAX_VALUE;
        outstanding.clear();
        markedForRetransmit = 0;
        lowestMarked = Long.MAX_VALUE;
        placeholders.clear();
    }

    /** The sender's state in a few fields, for the association's toString. */
    String describe() {
        return "flight=" + flightSize + " cwnd=" + cc.congestionWindow() + " rwnd=" + peerReceiveWindow + " outstanding=" + outstanding.size()
                + " pending=" + sendQueue.size() + " t3=" + t3Deadline + " cum=" + cumulativeAcked + " ap=" + advancedPeerAckPoint
                + " next=" + nextTsn + " fwdPending=" + forwardTsnPending + " first="
                + (outstanding.isEmpty() ? null : outstanding.get(outstanding.firstKey()).abandoned + "/" + outstanding.firstKey())
                + " retransmitted=" + retransmittedChunks + " t3Expiries=" + t3Expiries + " fastRecoveries=" + fastRecoveries
                + " probes=" + tailLossProbes
                + " cc=" + cc;
    }
}
