package dev.jrtc.sctp;

import java.util.Arrays;

/**
 * Values keyed by extended (64-bit) TSNs in a window that only moves forward: a ring array whose first slot is the
 * TSN after the cumulative ack point. The sender's outstanding chunks are exactly that, TSNs handed out one after the
 * other and dropped from the front as the peer's cumulative TSN ack (RFC 9260 §6.2.1) passes them, so a lookup is an
 * index and acknowledging is clearing slots, where a sorted map paid a tree walk and an entry object per chunk.
 *
 * <p>Slots between values may be empty (an abandoned message's placeholder end gets its TSN before it is put).
 */
final class TsnRing<T> {
    private Object[] slots = new Object[64];
    /** The key of the slot at {@link #head}. */
    private long base;
    private int head;
    /** Slots from {@link #base} up to and including the highest key put. */
    private int span;
    private int count;

    TsnRing(long base) {
        this.base = base;
    }

    /** The lowest key the ring can hold: one past what was removed. */
    long base() {
        return base;
    }

    /** One past the highest key put (equal to {@link #base} when nothing is held). */
    long end() {
        return base + span;
    }

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The value at {@code key}, or null when there is none (or it lies outside the ring). */
    @SuppressWarnings("unchecked")
    T get(long key) {
        long i = key - base;
        if (i < 0 || i >= span) return null;
        return (T) slots[(head + (int) i) & (slots.length - 1)];
    }

    /** Puts {@code value} at {@code key}, which is at or above {@link #base} and less than 2^30 beyond it. */
    void put(long key, T value) {
        long i = key - base;
        if (i < 0 || i >= 1 << 30) throw new IllegalStateException("TSN " + key + " outside the ring from " + base);
        int at = (int) i;
        if (at >= slots.length) grow(at + 1);
        int slot = (head + at) & (slots.length - 1);
        if (slots[slot] == null) count++;
        slots[slot] = value;
        if (at >= span) span = at + 1;
    }

    /** The lowest key holding a value, or {@link #end} when empty. */
    long firstKey() {
        for (long k = base; k < end(); k++) {
            if (get(k) != null) return k;
        }
        return end();
    }

    /** Removes every key up to and including {@code key}; the ring then starts at {@code key + 1}. */
    void removeThrough(long key) {
        long n = key + 1 - base;
        if (n <= 0) return;
        if (n >= span) {
            Arrays.fill(slots, null);
            head = 0;
            span = 0;
            count = 0;
        } else {
            int mask = slots.length - 1;
            for (int i = 0; i < n; i++) {
                int slot = (head + i) & mask;
                if (slots[slot] != null) count--;
                slots[slot] = null;
            }
            head = (head + (int) n) & mask;
            span -= (int) n;
        }
        base = key + 1;
    }

    /** Empties the ring, keeping its base. */
    void clear() {
        Arrays.fill(slots, null);
        head = 0;
        span = 0;
        count = 0;
    }

    private void grow(int needed) {
        int capacity = slots.length;
        while (capacity < needed) capacity <<= 1;
        Object[] bigger = new Object[capacity];
        int mask = slots.length - 1;
        for (int i = 0; i < span; i++) bigger[i] = slots[(head + i) & mask];
        slots = bigger;
        head = 0;
    }
}
