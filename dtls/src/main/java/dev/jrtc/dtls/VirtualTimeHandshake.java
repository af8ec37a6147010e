package dev.jrtc.dtls;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Runs Bouncy Castle's blocking DTLS 1.2 handshake (RFC 6347 §4.2.4 timers) in lock step with a virtual clock, so a
 * connection driven in virtual time behaves the same on every run.
 *
 * <p>The event loop hands the handshake thread a record, a start or a timeout and then waits until that thread is
 * idle again: blocked for the next record, or done. While it waits for a record, the thread announces a virtual
 * deadline (when BC would retransmit: the time since its last flight plus the wait BC asked for, on the virtual
 * clock) that the event loop reports as {@link #deadline()}. When the loop's clock reaches it, the thread waits out
 * the rest of BC's real-time timer, so BC sees it expire and retransmits, while the loop still waits: virtual time
 * never moves on during it. Retransmissions therefore cost real time (the configured timeout) but happen at the
 * same virtual instants in every run.
 *
 * <p>Threads: {@link #started}, {@link #offered}, {@link #timeout}, {@link #deadline} and {@link #awaitIdle} on
 * the event loop; {@link #waitForRecord}, {@link #sent} and {@link #finished} on the handshake thread.
 */
final class VirtualTimeHandshake {
    /** BC's timers are whole milliseconds read from the real clock; rounding to this keeps the virtual ones exact. */
    private static final long GRANULARITY_NANOS = 100_000_000L;
    /** Waited beyond BC's real deadline, so its millisecond clock surely sees the timer expired. */
    private static final long REAL_SLACK_NANOS = 2_000_000L;
    /** A handshake thread that neither waits nor ends within this long is a bug; the loop stops waiting for it. */
    private static final long IDLE_TIMEOUT_NANOS = 60_000_000_000L;

    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean running;
    private boolean idle = true;
    private boolean expired;
    private boolean closed;
    private long deadline = Long.MAX_VALUE;
    /** When the real-time wait BC asked for last runs out (handshake thread only). */
    private long realWaitEnd;
    private long lastSendRealNanos = -1;
    private long lastSendVirtualNanos;

    VirtualTimeHandshake(LongSupplier clock) {
        this.clock = clock;
    }

    /** Loop: the handshake thread is about to start. */
    void started() {
        lock.lock();
        try {
            running = true;
            idle = false;
        } finally {
            lock.unlock();
        }
    }

    /** Loop: a record was queued for the handshake thread. */
    void offered() {
        lock.lock();
        try {
            if (running) {
                idle = false;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Loop: the transport is closed; a waiting handshake thread gives up. */
    void closed() {
        lock.lock();
        try {
            closed = true;
            if (running) idle = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Loop: when the waiting handshake thread's timer runs out, or {@link Long#MAX_VALUE}. */
    long deadline() {
        lock.lock();
        try {
            return running && idle ? deadline : Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
    }

    /** Loop: fires the waiting thread's timer if it is due at {@code nowNanos}; true when it did. */
    boolean timeout(long nowNanos) {
        lock.lock();
        try {
            if (!running || !idle || deadline > nowNanos) return false;
            expired = true;
            idle = false;
            deadline = Long.MAX_VALUE;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Loop: waits until the handshake thread waits for a record again or has ended. */
    void awaitIdle() {
        lock.lock();
        try {
            long left = IDLE_TIMEOUT_NANOS;
            while (!idle) {
                if (left <= 0) {
                    throw new IllegalStateException("DTLS handshake thread neither waits nor ends");
                }
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handshake thread, with nothing queued: waits for a record or for the loop to fire the timer. Returns the
     * record, or null when the wait BC asked for is over (in real time too) or the transport closed.
     */
    byte[] waitForRecord(BlockingQueue<byte[]> inbound, int waitMillis) throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                byte[] d = inbound.poll();
                if (d != null || closed) return d;
                if (expired) {
                    if (System.nanoTime() < realWaitEnd) break;
                    // BC's timer ran out and it waits anew without having sent (nothing to resend): a new wait.
                    expired = false;
                }
                idle = true;
                deadline = virtualDeadline(waitMillis);
                realWaitEnd = System.nanoTime() + waitMillis * 1_000_000L + REAL_SLACK_NANOS;
                changed.signalAll();
                changed.await();
            }
        } finally {
            lock.unlock();
        }
        // The virtual timer ran out: let BC's real one run out too. Nothing arrives meanwhile (the loop waits).
        return inbound.poll(Math.max(0, realWaitEnd - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private long virtualDeadline(int waitMillis) {
        long now = clock.getAsLong();
        if (lastSendRealNanos < 0) return now + round(waitMillis * 1_000_000L);
        long sinceSend = System.nanoTime() - lastSendRealNanos;
        return lastSendVirtualNanos + round(sinceSend + waitMillis * 1_000_000L);
    }

    private static long round(long nanos) {
        return Math.max(GRANULARITY_NANOS, (nanos + GRANULARITY_NANOS / 2) / GRANULARITY_NANOS * GRANULARITY_NANOS);
    }

    /** Handshake thread: BC sent a record (a flight or its retransmission): its timer starts now. */
    void sent() {
        lock.lock();
        try {
            expired = false;
            lastSendRealNanos = System.nanoTime();
            lastSendVirtualNanos = clock.getAsLong();
        } finally {
            lock.unlock();
        }
    }

    /** Handshake thread: BC returned or failed. */
    void finished() {
        lock.lock();
        try {
            running = false;
            idle = true;
            deadline = Long.MAX_VALUE;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
