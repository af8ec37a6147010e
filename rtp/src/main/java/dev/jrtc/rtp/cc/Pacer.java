package dev.jrtc.rtp.cc;

/**
 * Spreads outgoing packets at a pacing rate instead of sending each frame as a burst (the pacer of
 * draft-ietf-rmcat-gcc-02 §4, whose bursts would otherwise look like over-use): a queue of packets and a budget
 * that lets a packet leave once the previous ones' bits have had time at the rate. So that the queue cannot grow
 * without bound when the source outruns the rate, the rate is raised as needed to drain the queue within
 * {@code maxQueueNanos}; past the queue's capacity, packets are refused.
 *
 * <p>Sans-IO and allocation-free: {@link #enqueue} keeps a reference to the caller's array until
 * {@link #pollPacket} hands it back.
 */
public final class Pacer {
    private static final long BURST_NANOS = 5_000_000L;

    private final byte[][] packets;
    private final int[] lengths;
    private final long[] enqueuedAt;
    private final long maxQueueNanos;
    private int head;
    private int size;
    private long queuedBytes;
    private long bitsPerSecond;
    private long nextSendNanos = Long.MIN_VALUE;
    private int lastLength;
    private long refused;
    private long sent;

    public Pacer(int capacity, long bitsPerSecond, long maxQueueNanos) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        if (maxQueueNanos <= 0) throw new IllegalArgumentException("maxQueueNanos must be > 0: " + maxQueueNanos);
        this.packets = new byte[capacity][];
        this.lengths = new int[capacity];
        this.enqueuedAt = new long[capacity];
        this.maxQueueNanos = maxQueueNanos;
        setRate(bitsPerSecond);
    }

    public void setRate(long bitsPerSecond) {
        if (bitsPerSecond <= 0) throw new IllegalArgumentException("bitsPerSecond must be > 0: " + bitsPerSecond);
        this.bitsPerSecond = bitsPerSecond;
    }

    public long rate() {
        return bitsPerSecond;
    }

    /** Queues a packet; false (and counted) when the queue is full. The pacer holds {@code packet} until polled. */
    public boolean enqueue(long nowNanos, byte[] packet, int length) {
        if (size == packets.length) {
            refused++;
            return false;
        }
        int i = (head + size) % packets.length;
        packets[i] = packet;
        lengths[i] = length;
        enqueuedAt[i] = nowNanos;
        size++;
        queuedBytes += length;
        return true;
    }

    /** The next packet allowed out now, or null; its length is {@link #lastLength()}. The caller owns it again. */
    public byte[] pollPacket(long nowNanos) {
        if (size == 0 || nowNanos < nextSendNanos) return null;
        byte[] p = packets[head];
        int len = lengths[head];
        packets[head] = null;
        head = (head + 1) % packets.length;
        size--;
        queuedBytes -= len;
        long rate = effectiveRate(nowNanos);
        // After idling, at most a short burst is allowed to catch up.
        long from = Math.max(nextSendNanos, nowNanos - BURST_NANOS);
        nextSendNanos = from + len * 8L * 1_000_000_000L / rate;
        lastLength = len;
        sent++;
        return p;
    }

    /** The pacing rate, raised so that what is queued leaves within the queue-time limit. */
    private long effectiveRate(long nowNanos) {
        if (size == 0) return bitsPerSecond;
        long waited = nowNanos - enqueuedAt[head];
        long left = Math.max(maxQueueNanos - waited, maxQueueNanos / 10);
        long drain = queuedBytes * 8 * 1_000_000_000L / left;
        return Math.max(bitsPerSecond, drain);
    }

    /** When {@link #pollPacket} can next return a packet, or {@link Long#MAX_VALUE} when the queue is empty. */
    public long pollTimeout() {
        return size == 0 ? Long.MAX_VALUE : nextSendNanos;
    }

    public int lastLength() {
        return lastLength;
    }

    public int queuedPackets() {
        return size;
    }

    public long queuedBytes() {
        return queuedBytes;
    }

    /** How long the oldest queued packet has waited. */
    public long oldestWaitNanos(long nowNanos) {
        return size == 0 ? 0 : nowNanos - enqueuedAt[head];
    }

    public long refused() {
        return refused;
    }

    public long sent() {
        return sent;
    }
}
