package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The receiving half of an association (RFC 9260 §6.2, §6.5, §6.9): which TSNs arrived (for SACKs), reassembly of
 * fragments into messages, in-order delivery per stream, FORWARD TSN (RFC 3758 §3.6) and resets of incoming streams
 * (RFC 6525 §5.2.2), all within the memory budget of {@link SctpConfig#maxReassemblyBytes()}.
 *
 * <p>TSNs are extended to 64 bits next to the cumulative TSN, so serial-number arithmetic (RFC 1982) is only needed
 * on the way in. Complete messages go to the queue given at construction.
 */
final class ReassemblyQueue {
    /** What became of one DATA chunk. */
    enum Outcome { ACCEPTED, DUPLICATE, DROPPED, WINDOW_FULL, INVALID_STREAM, MESSAGE_TOO_BIG }

    /** Gap blocks carry 16-bit offsets (RFC 9260 §3.3.4): a TSN further ahead of the cumulative TSN cannot be acknowledged. */
    static final long MAX_TSN_AHEAD = 65535;
    /** What the budget charges per held chunk or message on top of its payload: the objects that hold it. */
    static final int CHUNK_COST = 96;

    private final SctpConfig config;
    private final Queue<SctpEvent> deliveries;
    private long cumulativeTsn;
    /** Received chunks not yet part of a delivered message, by extended TSN (some may be at or below the cumulative TSN). */
    private final TreeMap<Long, DataChunk> received = new TreeMap<>();
    /** Every TSN received above the cumulative TSN, delivered or not: the SACK gap blocks. */
    private final TreeSet<Long> receivedAbove = new TreeSet<>();
    private final Map<Integer, Integer> expectedSsn = new HashMap<>();
    private final Map<Integer, TreeMap<Integer, SctpEvent.Message>> orderedReady = new HashMap<>();
    /** Payload bytes held (reassembly plus ordered messages waiting): what a_rwnd subtracts. */
    private long heldBytes;
    /** Bytes charged against the budget: payload plus {@link #CHUNK_COST} per piece held. */
    private long heldCost;
    /** Bytes of delivered messages the layer above still holds: charged to the window and the budget alike. */
    private long backlog;
    private boolean gapSeen;
    private long oversize;

    ReassemblyQueue(SctpConfig config, Queue<SctpEvent> deliveries) {
        this.config = config;
        this.deliveries = deliveries;
    }

    /** Starts from the peer's initial TSN (RFC 9260 §5.1): the cumulative TSN is the one before it. */
    void start(long initialTsn) {
        cumulativeTsn = (initialTsn - 1) & 0xFFFFFFFFL;
    }

    /** The cumulative TSN, as it goes into SACK and SHUTDOWN. */
    long cumulativeTsn() {
        return cumulativeTsn & 0xFFFFFFFFL;
    }

    long heldBytes() {
        return heldBytes;
    }

    /** a_rwnd to advertise: the smaller of what the window and the budget have left. */
    long window() {
        return Math.max(0, Math.min(config.receiveWindow() - heldBytes - backlog, config.maxReassemblyBytes() - heldCost - backlog));
    }

    void setBacklog(long bytes) {
        backlog = bytes;
    }

    /** True once if a chunk arrived out of order since the last call: the SACK should go at once (RFC 9260 §6.7). */
    boolean takeGapSeen() {
        boolean g = gapSeen;
        gapSeen = false;
        return g;
    }

    /** The size of the message that made {@link #add} answer {@link Outcome#MESSAGE_TOO_BIG}. */
    long oversize() {
        return oversize;
    }

    /** Extends a 32-bit TSN to 64 bits next to the cumulative TSN. */
    private long extend(long tsn) {
        long diff = (int) (tsn - (cumulativeTsn & 0xFFFFFFFFL));
        return cumulativeTsn + diff;
    }

    /** True when every TSN up to {@code tsn} arrived or was forwarded past. */
    boolean hasReceivedThrough(long tsn) {
        return extend(tsn) <= cumulativeTsn;
    }

    Outcome add(DataChunk d) {
        long tsn = extend(d.tsn());
        if (tsn <= cumulativeTsn || receivedAbove.contains(tsn)) return Outcome.DUPLICATE;
        if (tsn > cumulativeTsn + MAX_TSN_AHEAD) return Outcome.DROPPED; // no sender within our window does this
        if (d.streamId() >= config.maxInboundStreams()) {
            // RFC 9260 §6.5: acknowledged all the same (the caller reports it), the data discarded.
            markReceived(tsn);
            return Outcome.INVALID_STREAM;
        }
        int length = d.payload().length;
        long highest = receivedAbove.isEmpty() ? cumulativeTsn : receivedAbove.last();
        // A full window still takes chunks that fill holes (RFC 9260 §6.2), or a lost chunk could never get in;
        // the hard budget takes nothing beyond it.
        if (tsn > highest && heldBytes + backlog + length > config.receiveWindow()) {
            return Outcome.WINDOW_FULL; // not acknowledged: a sender that respects our window sends it again later
        }
        if (heldCost + backlog + length + CHUNK_COST > config.maxReassemblyBytes()) {
            return Outcome.DROPPED; // over the hard budget: whatever the peer does, memory stays bounded
        }
        markReceived(tsn);
        if (d.beginning() && d.ending()) return deliver(d, d.payload(), length); // unfragmented: nothing to gather
        received.put(tsn, d);
        hold(length);
        return assemble(tsn, d);
    }

    private void hold(long bytes) {
        heldBytes += bytes;
        heldCost += bytes + CHUNK_COST;
    }

    private void release(long bytes) {
        heldBytes -= bytes;
        heldCost -= bytes + CHUNK_COST;
    }

    private void markReceived(long tsn) {
        if (tsn == cumulativeTsn + 1 && receivedAbove.isEmpty()) {
            cumulativeTsn++; // the common case, in order with nothing above: no set to keep
            return;
        }
        if (tsn != cumulativeTsn + 1) gapSeen = true;
        receivedAbove.add(tsn);
        advanceCumulativeTsn();
    }

    private void advanceCumulativeTsn() {
        while (!receivedAbove.isEmpty() && receivedAbove.first() == cumulativeTsn + 1) {
            receivedAbove.pollFirst();
            cumulativeTsn++;
        }
    }

    /** Finds the message {@code d} belongs to among the undelivered chunks; delivers it when every fragment is in. */
    private Outcome assemble(long tsn, DataChunk d) {
        // Forward first: fragments mostly arrive in order, and then the one after this has not arrived yet, so a
        // message is looked at once, when its last fragment comes, rather than walked back on every fragment.
        long last = tsn;
        DataChunk at = d;
        while (!at.ending()) {
            DataChunk next = received.get(last + 1);
            if (next == null || !sameMessage(next, d) || next.beginning()) return Outcome.ACCEPTED;
            last++;
            at = next;
        }
        long first = tsn;
        at = d;
        while (!at.beginning()) {
            DataChunk prev = received.get(first - 1);
            if (prev == null || !sameMessage(prev, d) || prev.ending()) return Outcome.ACCEPTED;
            first--;
            at = prev;
        }
        long size = 0;
        for (long t = first; t <= last; t++) size += received.get(t).payload().length;
        if (size > config.maxMessageSize()) {
            oversize = size;
            return Outcome.MESSAGE_TOO_BIG;
        }
        byte[] message = new byte[(int) size];
        int pos = 0;
        for (long t = first; t <= last; t++) {
            DataChunk part = received.remove(t);
            System.arraycopy(part.payload(), 0, message, pos, part.payload().length);
            pos += part.payload().length;
            release(part.payload().length);
        }
        return deliver(d, message, size);
    }

    /** Delivers a complete message, or holds it behind an earlier one of its stream. */
    private Outcome deliver(DataChunk d, byte[] message, long size) {
        if (size > config.maxMessageSize()) {
            oversize = size;
            return Outcome.MESSAGE_TOO_BIG;
        }
        // The chunk's payload array is handed out as the message: chunks are parsed into fresh arrays (ChunkIn),
        // so nothing else holds it.
        SctpEvent.Message m = new SctpEvent.Message(d.streamId(), d.ppid(), d.unordered(), message);
        if (d.unordered()) {
            deliveries.add(m);
            return Outcome.ACCEPTED;
        }
        int expected = expectedSsn.getOrDefault(d.streamId(), 0);
        if (d.streamSequence() == expected) {
            deliveries.add(m);
            expectedSsn.put(d.streamId(), (expected + 1) & 0xFFFF);
            deliverOrdered(d.streamId());
            return Outcome.ACCEPTED;
        }
        TreeMap<Integer, SctpEvent.Message> ready = orderedReady.computeIfAbsent(d.streamId(), s -> new TreeMap<>());
        if ((short) (d.streamSequence() - expected) < 0 || ready.containsKey(d.streamSequence())) {
            if (ready.isEmpty()) orderedReady.remove(d.streamId());
            return Outcome.DROPPED; // a sequence number already delivered or already waiting: a broken or hostile sender
        }
        // Held until the earlier messages arrive; still charged so a peer that skips one SSN cannot grow this forever.
        ready.put(d.streamSequence(), m);
        hold(size);
        return Outcome.ACCEPTED;
    }

    private static boolean sameMessage(DataChunk a, DataChunk b) {
        return a.streamId() == b.streamId() && a.unordered() == b.unordered() && (a.unordered() || a.streamSequence() == b.streamSequence());
    }

    /** Delivers the waiting ordered messages of {@code stream} that are next in sequence. */
    private void deliverOrdered(int stream) {
        TreeMap<Integer, SctpEvent.Message> ready = orderedReady.get(stream);
        if (ready == null) return;
        int expected = expectedSsn.getOrDefault(stream, 0);
        SctpEvent.Message m;
        while ((m = ready.remove(expected)) != null) {
            release(m.data().length);
            deliveries.add(m);
            expected = (expected + 1) & 0xFFFF;
        }
        expectedSsn.put(stream, expected);
        if (ready.isEmpty()) orderedReady.remove(stream);
    }

    /**
     * FORWARD TSN (RFC 3758 §3.6): the sender gave up on everything up to the new cumulative TSN.
     *
     * @return false when it is malformed (too far ahead) and was ignored
     */
    boolean forwardTsn(ForwardTsnChunk fwd) {
        long newCum = extend(fwd.newCumulativeTsn());
        // Strictly behind us is old news (the SACK we send says so). Equal is not: when every fragment sent of an
        // abandoned message arrived, its FORWARD TSN names our cumulative TSN and the fragments must still go.
        if (newCum < cumulativeTsn) return true;
        if (newCum > cumulativeTsn + MAX_TSN_AHEAD) return false;
        // Fragments up to the new cumulative TSN belong to abandoned messages and can never complete.
        for (Iterator<DataChunk> it = received.headMap(newCum, true).values().iterator(); it.hasNext(); ) {
            release(it.next().payload().length);
            it.remove();
        }
        // So do the continuation fragments just after it (their first fragments were abandoned).
        for (long t = newCum + 1; received.containsKey(t) && !received.get(t).beginning(); t++) {
            release(received.remove(t).payload().length);
        }
        receivedAbove.headSet(newCum, true).clear();
        cumulativeTsn = Math.max(cumulativeTsn, newCum);
        advanceCumulativeTsn();
        for (ForwardTsnChunk.StreamSkip skip : fwd.skips()) {
            int stream = skip.streamId();
            if (stream >= config.maxInboundStreams()) continue;
            int expected = expectedSsn.getOrDefault(stream, 0);
            if ((short) (skip.streamSequence() - expected) < 0) continue; // already past it
            // Complete messages up to the skipped one are delivered in order; the gaps are what was abandoned.
            int last = skip.streamSequence();
            TreeMap<Integer, SctpEvent.Message> ready = orderedReady.get(stream);
            if (ready != null) {
                List<Integer> due = new ArrayList<>();
                for (int ssn : ready.keySet()) {
                    if (((ssn - expected) & 0xFFFF) <= ((last - expected) & 0xFFFF)) due.add(ssn);
                }
                due.sort((x, y) -> Integer.compare((x - expected) & 0xFFFF, (y - expected) & 0xFFFF));
                for (int ssn : due) {
                    SctpEvent.Message m = ready.remove(ssn);
                    release(m.data().length);
                    deliveries.add(m);
                }
            }
            expectedSsn.put(stream, (last + 1) & 0xFFFF);
            deliverOrdered(stream);
        }
        return true;
    }

    /**
     * Resets incoming streams (RFC 6525 §5.2.2): their sequence numbers start again at 0. An empty list means every
     * stream seen so far.
     *
     * @return the streams reset
     */
    int[] resetStreams(List<Integer> streams) {
        if (streams.isEmpty()) {
            TreeSet<Integer> all = new TreeSet<>(expectedSsn.keySet());
            all.addAll(orderedReady.keySet());
            streams = new ArrayList<>(all);
        }
        int[] ids = new int[streams.size()];
        int n = 0;
        for (int s : streams) {
            expectedSsn.remove(s);
            TreeMap<Integer, SctpEvent.Message> stranded = orderedReady.remove(s);
            // Cannot hold anything when the caller checked hasReceivedThrough: released all the same.
            if (stranded != null) stranded.values().forEach(m -> release(m.data().length));
            ids[n++] = s;
        }
        return ids;
    }

    /** Up to {@code max} gap blocks of what arrived above the cumulative TSN (RFC 9260 §3.3.4). */
    List<SackChunk.GapBlock> gapBlocks(int max) {
        if (receivedAbove.isEmpty()) return List.of(); // in order: the SACK of almost every packet
        List<SackChunk.GapBlock> gaps = new ArrayList<>();
        long start = -1;
        long prev = -1;
        for (long tsn : receivedAbove) {
            if (start < 0) {
                start = tsn;
            } else if (tsn != prev + 1) {
                gaps.add(new SackChunk.GapBlock((int) (start - cumulativeTsn), (int) (prev - cumulativeTsn)));
                if (gaps.size() == max) return gaps;
                start = tsn;
            }
            prev = tsn;
        }
        if (start >= 0) gaps.add(new SackChunk.GapBlock((int) (start - cumulativeTsn), (int) (prev - cumulativeTsn)));
        return gaps;
    }

    /** Lets go of everything: the association ended. */
    void clear() {
        received.clear();
        receivedAbove.clear();
        orderedReady.clear();
        expectedSsn.clear();
        heldBytes = heldCost = 0;
    }
}
