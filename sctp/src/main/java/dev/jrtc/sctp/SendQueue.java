package dev.jrtc.sctp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * Messages accepted for sending whose fragments have no TSN yet (RFC 9260 §6.9 fragmentation), and what each
 * outgoing stream holds: sequence numbers, buffered bytes (RTCDataChannel.bufferedAmount, with its low-water event)
 * and whether it is being reset (RFC 6525).
 */
final class SendQueue {
    static final int COMMON_HEADER = 12;
    static final int DATA_HEADER = 16;
    /** Below this a packet's leftover room is not worth a fragment of its own (see {@link #firstFragmentSize}). */
    private static final int MIN_BUNDLED_FRAGMENT = 128;

    /** A piece of a message waiting for its TSN; its DATA chunk is made once, when it is first sent. */
    record Fragment(OutgoingMessage message, byte[] payload, boolean beginning, boolean ending) {}

    /** What the sender keeps per outgoing stream. */
    static final class OutgoingStream {
        int nextSsn;
        long buffered;
        long lowThreshold;
        int pendingFragments;
        boolean resetting;
    }

    private final int maxPacketSize;
    private final Queue<SctpEvent> events;
    private final ArrayDeque<Fragment> pending = new ArrayDeque<>();
    private final Map<Integer, OutgoingStream> streams = new HashMap<>();
    private long bufferedAmount;

    /** {@code events} receives {@link SctpEvent.BufferedAmountLow}. */
    SendQueue(int maxPacketSize, Queue<SctpEvent> events) {
        this.maxPacketSize = maxPacketSize;
        this.events = events;
    }

    /**
     * Cuts {@code data} into fragments that fit a packet and queues them; with {@code counted} its bytes are added
     * to the buffered amounts. The data is copied.
     */
    OutgoingMessage add(int streamId, boolean unordered, long ppid, int maxRetransmissions, long expiresAt, byte[] data,
                        boolean counted) {
        OutgoingStream stream = stream(streamId);
        // A multiple of 4, so the padded DATA chunk still fits maxPacketSize (a 1135-byte fragment padded to 1136
        // made 1164-byte packets, one byte over, and 1201-byte datagrams behind DTLS).
        int fragment = (maxPacketSize - COMMON_HEADER - DATA_HEADER) & ~3;
        int first = data.length > fragment ? firstFragmentSize(fragment) : fragment;
        int fragments = data.length <= first ? 1 : 1 + (data.length - first + fragment - 1) / fragment;
        OutgoingMessage message = new OutgoingMessage(streamId, unordered, ppid, maxRetransmissions, expiresAt,
                counted ? data.length : 0, fragments);
        for (int off = 0; off < data.length; ) {
            int n = Math.min(off == 0 ? first : fragment, data.length - off);
            pending.add(new Fragment(message, Arrays.copyOfRange(data, off, off + n), off == 0, off + n == data.length));
            stream.pendingFragments++;
            message.unsentFragments++;
            off += n;
        }
        if (counted) {
            bufferedAmount += data.length;
            stream.buffered += data.length;
        }
        return message;
    }

    /**
     * How much of a message that needs several fragments goes into its first one. Full fragments fill a packet each,
     * so a message's short last fragment starts a packet that it leaves partly empty. When such an end is the last
     * thing queued, it is what flush packs right before this message, and the first fragment is cut to fill the rest
     * of that packet (DATA chunks of several messages bundled, RFC 9260 §6.10) rather than be a full one: a 16 KiB
     * message then costs 14.5 packets on average instead of 15. Anything else queued last, or too little room, and
     * the first fragment is a full one as usual.
     */
    private int firstFragmentSize(int fragment) {
        Fragment last = pending.peekLast();
        if (last == null || last.beginning() || !last.ending()) return fragment;
        int room = maxPacketSize - COMMON_HEADER - (DATA_HEADER + ((last.payload().length + 3) & ~3)) - DATA_HEADER;
        int n = room & ~3;
        return n >= MIN_BUNDLED_FRAGMENT ? n : fragment;
    }

    /** The next fragment to get a TSN, or null. */
    Fragment peek() {
        return pending.peek();
    }

    /** Takes the next fragment off the queue, and off its stream's count. */
    Fragment poll() {
        Fragment f = pending.poll();
        if (f != null) streams.get(f.message().streamId).pendingFragments--;
        return f;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    /** The stream's state, made on first use. */
    OutgoingStream stream(int streamId) {
        return streams.computeIfAbsent(streamId, s -> new OutgoingStream());
    }

    /** Bytes accepted and not yet acknowledged or abandoned, over all streams. */
    long bufferedAmount() {
        return bufferedAmount;
    }

    long bufferedAmount(int streamId) {
        OutgoingStream s = streams.get(streamId);
        return s == null ? 0 : s.buffered;
    }

    /** {@code bytes} of {@code streamId} are acknowledged or abandoned: off the buffered amounts, the low event due. */
    void unbuffer(int streamId, long bytes) {
        if (bytes == 0) return;
        bufferedAmount -= bytes;
        OutgoingStream s = streams.get(streamId);
        long before = s.buffered;
        s.buffered -= bytes;
        if (before > s.lowThreshold && s.buffered <= s.lowThreshold) events.add(new SctpEvent.BufferedAmountLow(streamId));
    }

    /** Drops every queued fragment (the association ended). */
    void clear() {
        pending.clear();
    }
}
