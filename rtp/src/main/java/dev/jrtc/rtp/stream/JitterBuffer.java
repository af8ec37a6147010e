package dev.jrtc.rtp.stream;

import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import dev.jrtc.rtp.SequenceNumberUnwrapper;
import dev.jrtc.rtp.TimestampUnwrapper;
import java.util.Arrays;

/**
 * Puts one RTP stream's packets back in order and hands out whole frames (RFC 3550 §5.1: the packets of a frame
 * share the timestamp; the marker bit ends a video frame, RFC 7741 §4.1). A frame waits for missing packets (which
 * NACK may bring back) at most {@code maxLatencyNanos} after its first packet arrived; then it is dropped as
 * incomplete, and since the frames after it cannot be decoded without it, a key frame is asked for
 * ({@link #pollKeyFrameRequest}, to be sent as RTCP PLI, RFC 4585 §6.3.1).
 *
 * <p>Where a frame starts is known from the packet before it (a marker, or another timestamp) or, when that one is
 * missing, from the payload format through a {@link FrameStart}. Packets are copied into a ring of slots allocated
 * on first use; a frame handed out is a view over the ring, valid until the next {@link #handlePacket}. Sans-IO.
 */
public final class JitterBuffer {
    private static final long NONE = -1;

    private final int mask;
    private final int maxPacketSize;
    private final long maxLatencyNanos;
    private final long keyFrameIntervalNanos;
    private final FrameStart frameStart;
    private final byte[][] slots;
    private final int[] lengths;
    private final int[] payloadOffsets;
    private final int[] payloadLengths;
    private final long[] sequences;
    private final long[] timestamps;
    private final long[] arrivals;
    private final boolean[] markers;
    private final SequenceNumberUnwrapper sequenceUnwrapper = new SequenceNumberUnwrapper();
    private final TimestampUnwrapper timestampUnwrapper = new TimestampUnwrapper();
    private final RtpPacket view = new RtpPacket();
    private final Frame frame = new Frame();

    /** The extended sequence number of the next packet to hand out, or NONE before the first packet. */
    private long next = NONE;
    private long highest = NONE;
    /** Whether {@link #next} is known to begin a frame. */
    private boolean nextStartsFrame;
    /** Whether a frame was handed out or dropped yet; before that a packet may still come before {@link #next}. */
    private boolean started;
    private long timeout = Long.MAX_VALUE;
    private boolean keyFrameNeeded;
    /**
     * After a frame was dropped up to the newest packet: its timestamp, and the sequence number right after its last
     * packet (NONE when that packet was missing), which begins a frame if its timestamp differs.
     */
    private long skippedTimestamp = NONE;
    private long afterSkipped = NONE;
    private long lastKeyFrameRequest = Long.MIN_VALUE;

    private long packetsReceived;
    private long framesDelivered;
    private long framesDropped;
    private long packetsLate;
    private long packetsDuplicate;
    private long packetsMalformed;
    private long keyFrameRequests;

    /**
     * @param capacity              packets held, a power of two up to 32768
     * @param maxPacketSize         the largest packet taken (larger ones count as malformed)
     * @param maxLatencyNanos       how long a frame may wait for its missing packets
     * @param keyFrameIntervalNanos the least time between two key frame requests
     * @param frameStart            the payload format's frame-start test, or {@link FrameStart#UNKNOWN}
     */
    public JitterBuffer(int capacity, int maxPacketSize, long maxLatencyNanos, long keyFrameIntervalNanos,
                        FrameStart frameStart) {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        if (maxPacketSize < 12) throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        if (maxLatencyNanos <= 0) throw new IllegalArgumentException("maxLatencyNanos must be > 0: " + maxLatencyNanos);
        if (keyFrameIntervalNanos < 0) {
            throw new IllegalArgumentException("keyFrameIntervalNanos must be >= 0: " + keyFrameIntervalNanos);
        }
        this.mask = capacity - 1;
        this.maxPacketSize = maxPacketSize;
        this.maxLatencyNanos = maxLatencyNanos;
        this.keyFrameIntervalNanos = keyFrameIntervalNanos;
        this.frameStart = frameStart == null ? FrameStart.UNKNOWN : frameStart;
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
        this.payloadOffsets = new int[capacity];
        this.payloadLengths = new int[capacity];
        this.sequences = new long[capacity];
        Arrays.fill(sequences, NONE);
        this.timestamps = new long[capacity];
        this.arrivals = new long[capacity];
        this.markers = new boolean[capacity];
    }

    /** Stores a copy of a received packet (the caller keeps {@code b}); malformed, late and duplicate ones are counted. */
    public void handlePacket(long nowNanos, byte[] b, int off, int len) {
        if (len > maxPacketSize || view.wrap(b, off, len) != RtpParseStatus.OK) {
            packetsMalformed++;
            return;
        }
        packetsReceived++;
        long s = sequenceUnwrapper.unwrap(view.sequenceNumber());
        long ts = timestampUnwrapper.unwrap(view.timestamp());
        boolean start = frameStart.isFrameStart(b, view.payloadOffset(), view.payloadLength());
        if (next == NONE) {
            next = s;
            // The first packet is taken as a frame start unless the payload format can tell and says otherwise.
            nextStartsFrame = frameStart == FrameStart.UNKNOWN || start;
        }
        if (s < next && !started && highest - s <= mask) {
            // Reordered at the very start of the stream: the buffer begins earlier.
            next = s;
            nextStartsFrame = frameStart == FrameStart.UNKNOWN || start;
        }
        if (s < next) {
            packetsLate++;
            return;
        }
        if (s > next + mask) {
            // The ring cannot hold what is missing in between: drop all of it and start over at this packet.
            for (long x = next; x <= highest; x++) sequences[slot(x)] = NONE;
            framesDropped++;
            keyFrameNeeded = true;
            next = s;
            nextStartsFrame = start;
        }
        int i = slot(s);
        if (sequences[i] == s) {
            packetsDuplicate++;
            return;
        }
        byte[] slot = slots[i];
        if (slot == null) {
            slot = new byte[maxPacketSize];
            slots[i] = slot;
        }
        System.arraycopy(b, off, slot, 0, len);
        lengths[i] = len;
        payloadOffsets[i] = view.payloadOffset() - off;
        payloadLengths[i] = view.payloadLength();
        sequences[i] = s;
        timestamps[i] = ts;
        arrivals[i] = nowNanos;
        markers[i] = view.marker();
        if (s > highest) highest = s;
        if (s == next && !nextStartsFrame && (start || (s == afterSkipped && ts != skippedTimestamp))) nextStartsFrame = true;
    }

    private int slot(long s) {
        return (int) (s & mask);
    }

    private boolean present(long s) {
        return sequences[slot(s)] == s;
    }

    /** Whether the payload format says packet {@code s} (present) starts a frame. */
    private boolean startsByPayload(long s) {
        int i = slot(s);
        return frameStart.isFrameStart(slots[i], payloadOffsets[i], payloadLengths[i]);
    }

    /**
     * The next whole frame, or null when the head of the stream is still waiting (see {@link #pollTimeout}). Frames
     * whose wait ran out are dropped on the way. The frame is a view valid until the next {@link #handlePacket}.
     */
    public Frame pollFrame(long nowNanos) {
        timeout = Long.MAX_VALUE;
        while (next != NONE && next <= highest) {
            int i = slot(next);
            if (!present(next)) {
                long q = next + 1;
                while (q <= highest && !present(q)) q++;
                long deadline = arrivals[slot(q)] + maxLatencyNanos;
                if (deadline > nowNanos) {
                    timeout = deadline;
                    return null;
                }
                // The head packets did not come in time: move on to the first one that did.
                next = q;
                nextStartsFrame = startsByPayload(q);
                if (nextStartsFrame) dropped();
                continue;
            }
            if (!nextStartsFrame) {
                if (!started && arrivals[i] + maxLatencyNanos > nowNanos) {
                    // At the start of the stream an earlier packet may still come, reordered.
                    timeout = arrivals[i] + maxLatencyNanos;
                    return null;
                }
                // The frame's first packets are gone for good: skip what is left of it.
                skipFrame(timestamps[i]);
                continue;
            }
            long ts = timestamps[i];
            long end = next;
            boolean complete = false;
            while (true) {
                int e = slot(end);
                if (markers[e]) {
                    complete = true;
                    break;
                }
                if (end + 1 > highest || !present(end + 1)) break;
                if (timestamps[slot(end + 1)] != ts) {
                    complete = true; // a frame without a marker (e.g. audio) ends where the timestamp changes
                    break;
                }
                end++;
            }
            if (complete) {
                frame.set(next, (int) (end - next + 1), ts);
                for (long x = next; x <= end; x++) sequences[slot(x)] = NONE;
                next = end + 1;
                nextStartsFrame = true;
                started = true;
                framesDelivered++;
                return frame;
            }
            long deadline = arrivals[i] + maxLatencyNanos;
            if (deadline > nowNanos) {
                timeout = deadline;
                return null;
            }
            skipFrame(ts);
        }
        return null;
    }

    /** Drops the frame with timestamp {@code ts} at the head: up to the first packet held of a later frame. */
    private void skipFrame(long ts) {
        boolean previousDropped = false;
        while (next <= highest) {
            int i = slot(next);
            if (!present(next)) {
                next++;
                previousDropped = false;
                continue;
            }
            if (timestamps[i] != ts) {
                // It starts a frame if the packet before it was of the dropped frame, else if its payload says so.
                nextStartsFrame = previousDropped || startsByPayload(next);
                dropped();
                return;
            }
            boolean marker = markers[i];
            sequences[i] = NONE;
            next++;
            if (marker) {
                nextStartsFrame = true;
                dropped();
                return;
            }
            previousDropped = true;
        }
        // Nothing after the dropped frame has arrived yet: the next packet starts a frame if it has a later
        // timestamp and follows a packet of the dropped one (see handlePacket).
        nextStartsFrame = false;
        skippedTimestamp = ts;
        afterSkipped = previousDropped ? next : NONE;
        dropped();
    }

    private void dropped() {
        started = true;
        framesDropped++;
        keyFrameNeeded = true;
    }

    /** When {@link #pollFrame} or {@link #pollKeyFrameRequest} next has something to do, or {@link Long#MAX_VALUE}. */
    public long pollTimeout() {
        long t = timeout;
        if (keyFrameNeeded && lastKeyFrameRequest != Long.MIN_VALUE) {
            t = Math.min(t, lastKeyFrameRequest + keyFrameIntervalNanos);
        }
        return t;
    }

    /** True when a key frame should be asked for now: a frame was lost and none was asked for in the last interval. */
    public boolean pollKeyFrameRequest(long nowNanos) {
        if (!keyFrameNeeded) return false;
        if (lastKeyFrameRequest != Long.MIN_VALUE && nowNanos - lastKeyFrameRequest < keyFrameIntervalNanos) return false;
        keyFrameNeeded = false;
        lastKeyFrameRequest = nowNanos;
        keyFrameRequests++;
        return true;
    }

    public long packetsReceived() { return packetsReceived; }

    public long framesDelivered() { return framesDelivered; }

    /** Frames (or runs of frames whose packets were all lost) dropped as incomplete. */
    public long framesDropped() { return framesDropped; }

    /** Packets that came after their frame was handed out or dropped. */
    public long packetsLate() { return packetsLate; }

    public long packetsDuplicate() { return packetsDuplicate; }

    public long packetsMalformed() { return packetsMalformed; }

    public long keyFrameRequests() { return keyFrameRequests; }

    /** A whole frame: its packets in sequence order, as views into the buffer's ring. */
    public final class Frame {
        private long first;
        private int count;
        private long timestamp;

        private void set(long first, int count, long timestamp) {
            this.first = first;
            this.count = count;
            this.timestamp = timestamp;
        }

        /** The 32-bit RTP timestamp of the frame. */
        public long rtpTimestamp() {
            return timestamp & 0xFFFFFFFFL;
        }

        /** The 16-bit sequence number of the frame's first packet. */
        public int firstSequenceNumber() {
            return (int) (first & 0xFFFF);
        }

        public int packetCount() {
            return count;
        }

        /** The buffer holding packet {@code i}; the packet starts at index 0. */
        public byte[] packet(int i) {
            return slots[index(i)];
        }

        public int packetLength(int i) {
            return lengths[index(i)];
        }

        public int payloadOffset(int i) {
            return payloadOffsets[index(i)];
        }

        public int payloadLength(int i) {
            return payloadLengths[index(i)];
        }

        /** Payload bytes of all packets together. */
        public int payloadSize() {
            int n = 0;
            for (int i = 0; i < count; i++) n += payloadLength(i);
            return n;
        }

        private int index(int i) {
            if (i < 0 || i >= count) throw new IndexOutOfBoundsException("packet " + i + " of " + count);
            return (int) ((first + i) & mask);
        }
    }
}
