package dev.jrtc.peerconnection;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one connection's application callbacks in order, one at a time, on a shared pool: events keep the order the
 * event loop produced them in, never run on the event loop (DESIGN.md rule 2), and need no thread per connection.
 *
 * <p>The queue has no cap of its own: what feeds it is bounded where it comes from, so a listener that blocks
 * cannot make it grow without end. Data-channel messages and remote channels count against SCTP's receive window
 * until their listener returns (the peer is slowed down, nothing is lost); received RTP waits at most
 * {@link MediaRouter#MAX_PENDING_DELIVERIES} packets (newer ones are dropped and counted: late media is no use);
 * key-frame requests fold into one; the rest (state changes, candidates, negotiation) come from our own bounded
 * protocol state.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);
    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) return;
            running = true;
        }
        pool.execute(this::drain);
    }

    /** Tasks waiting (not counting one that is running). */
    int pending() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // An application callback threw: it must not stop the callbacks that follow.
                LOG.warn("application callback threw", e);
            }
        }
    }
}
