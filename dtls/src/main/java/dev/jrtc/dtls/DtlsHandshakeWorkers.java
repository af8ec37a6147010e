package dev.jrtc.dtls;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs Bouncy Castle's blocking DTLS handshakes (RFC 6347 §4.2.4: a flight, then a wait for the peer's) so that a
 * peer who goes silent holds no worker. Each handshake runs on a thread of its own, but at most {@code workers} of
 * them compute at a time: a handshake gives its worker permit back whenever it waits for the peer's next record
 * ({@link QueueDatagramTransport#receive}) and takes one again when a record arrives or its retransmission timer
 * fires. Stalled peers (a ClientHello, then silence) thus cost a parked thread each until their handshake timeout,
 * never the workers honest handshakes need.
 *
 * <p>Threads are bounded too: at most {@code maxHandshakes} handshakes run at once (beyond that they wait in
 * order), and an idle thread ends after a few seconds, so an idle instance holds none. Pass an instance as
 * {@link DtlsConfig#handshakeExecutor()}; {@link BcDtlsTransport} recognises it. Thread-safe.
 */
public final class DtlsHandshakeWorkers implements Executor, AutoCloseable {
    private final Semaphore computing;
    private final int workers;
    private final ThreadPoolExecutor threads;

    /**
     * @param workers       handshakes that may compute at once (CPU bound: about two per core)
     * @param maxHandshakes handshakes that may be in progress at once, each on a thread that mostly waits for its peer
     * @param threadPrefix  prefix of the threads' names
     */
    public DtlsHandshakeWorkers(int workers, int maxHandshakes, String threadPrefix) {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1: " + workers);
        if (maxHandshakes < workers) {
            throw new IllegalArgumentException("maxHandshakes (" + maxHandshakes + ") must be at least workers (" + workers + ")");
        }
        this.workers = workers;
        this.computing = new Semaphore(workers, true);
        AtomicInteger n = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(maxHandshakes, maxHandshakes, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    /** Starts a handshake on a thread of its own (or queues it while {@code maxHandshakes} are in progress). */
    @Override
    public void execute(Runnable handshake) {
        threads.execute(handshake);
    }

    /** Takes a worker permit, waiting for one; false when interrupted (the handshake should end). */
    boolean acquire() {
        try {
            computing.acquire();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void release() {
        computing.release();
    }

    /** Handshakes that may compute at once. */
    public int workers() {
        return workers;
    }

    /** Handshake threads alive now: at most one per handshake in progress. */
    public int threadCount() {
        return threads.getPoolSize();
    }

    /** Handshakes computing now (holding a worker permit). */
    public int computingCount() {
        return workers - computing.availablePermits();
    }

    /** Interrupts every running handshake (each ends failed) and waits up to {@code timeoutMillis} for the threads. */
    public void shutdownNow(long timeoutMillis) {
        threads.shutdownNow();
        try {
            threads.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdownNow(5_000);
    }
}
