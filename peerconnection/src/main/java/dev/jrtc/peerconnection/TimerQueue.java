package dev.jrtc.peerconnection;

import java.util.PriorityQueue;

/**
 * Sans-IO timers of a connection's media path (RTCP reports, RFC 3550 §6.2; NACK and transport-wide feedback, RFC
 * 4585; the pacer; test impairments): tasks with deadlines that the owner fires from {@link #handleTimeout} and
 * whose earliest deadline it reports by {@link #pollTimeout}. Event loop only.
 */
final class TimerQueue {
    /** A scheduled task; cancel() drops it. */
    static final class Entry implements Comparable<Entry> {
        final long at;
        private final long sequence;
        private final Runnable task;
        private boolean cancelled;

        private Entry(long at, long sequence, Runnable task) {
            this.at = at;
            this.sequence = sequence;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Entry o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(sequence, o.sequence);
        }
    }

    /** A task repeating at a fixed rate until cancelled. */
    static final class Periodic {
        private final TimerQueue queue;
        private final Runnable task;
        private final long period;
        private Entry next;
        private boolean cancelled;

        private Periodic(TimerQueue queue, long first, long period, Runnable task) {
            this.queue = queue;
            this.task = task;
            this.period = period;
            this.next = queue.schedule(first, this::run);
        }

        private void run() {
            if (cancelled) return;
            next = queue.schedule(next.at + period, this::run);
            task.run();
        }

        void cancel() {
            cancelled = true;
            next.cancel();
        }
    }

    private final PriorityQueue<Entry> entries = new PriorityQueue<>();
    private long sequence;

    /** Runs {@code task} from the first {@link #handleTimeout} at or after {@code at}. */
    Entry schedule(long at, Runnable task) {
        Entry e = new Entry(at, sequence++, task);
        entries.add(e);
        return e;
    }

    /** Runs {@code task} at {@code first}, then every {@code period} nanoseconds after it was due. */
    Periodic every(long first, long period, Runnable task) {
        return new Periodic(this, first, period, task);
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE}. */
    long pollTimeout() {
        while (!entries.isEmpty() && entries.peek().cancelled) entries.poll();
        return entries.isEmpty() ? Long.MAX_VALUE : entries.peek().at;
    }

    /** Runs every task due at {@code now}, in deadline order (also those the tasks schedule, if due). */
    void handleTimeout(long now) {
        while (pollTimeout() <= now) {
            Entry e = entries.poll();
            e.task.run();
        }
    }

    void clear() {
        entries.clear();
    }
}
