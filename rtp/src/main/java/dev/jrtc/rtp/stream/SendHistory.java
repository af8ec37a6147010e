package dev.jrtc.rtp.stream;

import dev.jrtc.rtp.RtpHeader;
import java.util.Arrays;

/**
 * The last RTP packets of one stream as they were sent, kept so a NACK (RFC 4585 §6.2.1) can be answered with a
 * retransmission (RFC 4588): a ring of {@code capacity} slots indexed by sequence number, bounded by count and by
 * age. A slot's buffer is allocated the first time it is used and then reused, so in steady state storing a packet
 * is a copy and nothing else.
 */
public final class SendHistory {
    private final int mask;
    private final int maxPacketSize;
    private final long maxAgeNanos;
    private final byte[][] slots;
    private final int[] lengths;
    private final int[] sequences;
    private final long[] sentAt;
    private final long[] retransmittedAt;
    private long tooLarge;

    /**
     * @param capacity      packets kept, a power of two up to 32768
     * @param maxPacketSize the largest packet stored (larger ones are counted and not stored)
     * @param maxAgeNanos   a packet older than this is not retransmitted
     */
    public SendHistory(int capacity, int maxPacketSize, long maxAgeNanos) {
        if (capacity < 1 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 1..32768: " + capacity);
        }
        if (maxPacketSize < RtpHeader.FIXED_LENGTH) throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        if (maxAgeNanos <= 0) throw new IllegalArgumentException("maxAgeNanos must be > 0: " + maxAgeNanos);
        this.mask = capacity - 1;
        this.maxPacketSize = maxPacketSize;
        this.maxAgeNanos = maxAgeNanos;
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
        this.sequences = new int[capacity];
        Arrays.fill(sequences, -1);
        this.sentAt = new long[capacity];
        this.retransmittedAt = new long[capacity];
    }

    /** 1024 packets of up to 1500 bytes for one second, enough for a few round trips of video at a few Mbit/s. */
    public static SendHistory defaults() {
        return new SendHistory(1024, 1500, 1_000_000_000L);
    }

    /** Stores a copy of an RTP packet just sent (the caller keeps {@code packet}). */
    public void handleSent(long nowNanos, byte[] packet, int off, int len) {
        if (len < RtpHeader.FIXED_LENGTH) return;
        if (len > maxPacketSize) {
            tooLarge++;
            return;
        }
        int seq = RtpHeader.sequenceNumber(packet, off);
        int i = seq & mask;
        byte[] slot = slots[i];
        if (slot == null || slot.length < len) {
            slot = new byte[maxPacketSize];
            slots[i] = slot;
        }
        System.arraycopy(packet, off, slot, 0, len);
        lengths[i] = len;
        sequences[i] = seq;
        sentAt[i] = nowNanos;
        retransmittedAt[i] = Long.MIN_VALUE;
    }

    /** The slot holding packet {@code sequenceNumber} if it is still young enough to resend, else -1. */
    public int find(long nowNanos, int sequenceNumber) {
        int seq = sequenceNumber & 0xFFFF;
        int i = seq & mask;
        if (sequences[i] != seq || nowNanos - sentAt[i] > maxAgeNanos) return -1;
        return i;
    }

    /** The packet bytes of a slot from {@link #find}, valid from 0 to {@link #length}; the history owns them. */
    public byte[] packet(int slot) {
        return slots[slot];
    }

    public int length(int slot) {
        return lengths[slot];
    }

    /** When the slot's packet was last retransmitted, or {@link Long#MIN_VALUE}. */
    public long retransmittedAt(int slot) {
        return retransmittedAt[slot];
    }

    void markRetransmitted(int slot, long nowNanos) {
        retransmittedAt[slot] = nowNanos;
    }

    /** Packets not stored because they were larger than the slots. */
    public long tooLarge() {
        return tooLarge;
    }
}
