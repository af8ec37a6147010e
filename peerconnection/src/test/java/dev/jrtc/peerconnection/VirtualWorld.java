package dev.jrtc.peerconnection;

import dev.jrtc.testkit.VirtualClock;
import dev.jrtc.testkit.VirtualNetwork;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One thread's world for PeerConnections in virtual time: a {@link VirtualClock}, a seeded {@link VirtualNetwork},
 * a FIFO of tasks that stands for every event loop and callback thread, and timers. {@link #runUntil} runs tasks,
 * then moves the clock to the next timer or delivery, and so on: the same seed gives the same run.
 */
final class VirtualWorld {
    final VirtualClock clock = new VirtualClock();
    final VirtualNetwork network;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>();
    private long sequence;

    VirtualWorld(long seed) {
        this.network = new VirtualNetwork(seed);
    }

    private static final class Scheduled implements Comparable<Scheduled>, RtcDriver.Timer {
        final long at;
        final long sequence;
        final Runnable task;
        boolean cancelled;

        Scheduled(long at, long sequence, Runnable task) {
            this.at = at;
            this.sequence = sequence;
            this.task = task;
        }

        @Override
        public int compareTo(Scheduled o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(sequence, o.sequence);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    long now() {
        return clock.nowNanos();
    }

    /** Queues {@code task} behind every task queued before it (the loops and callback threads of all peers). */
    void post(Runnable task) {
        tasks.add(task);
    }

    RtcDriver.Timer schedule(Runnable task, long delayNanos) {
        Scheduled s = new Scheduled(now() + Math.max(0, delayNanos), sequence++, task);
        timers.add(s);
        return s;
    }

    /**
     * Runs tasks, timers and deliveries in virtual time order until {@code done} holds.
     *
     * @throws AssertionError when {@code done} does not hold within {@code maxNanos} of virtual time
     */
    void runUntil(BooleanSupplier done, long maxNanos, String what) {
        long limit = now() + maxNanos;
        while (true) {
            runTasks();
            if (done.getAsBoolean()) return;
            if (!step(limit)) throw new AssertionError("not within " + maxNanos / 1_000_000 + " ms of virtual time: " + what);
        }
    }

    /** Runs everything due up to {@code now() + nanos}, then leaves the clock there. */
    void runFor(long nanos) {
        long limit = now() + nanos;
        do {
            runTasks();
        } while (step(limit));
        clock.advanceTo(limit);
    }

    /** Runs until {@code f} is complete and returns its value (what join() would, without blocking the world). */
    <T> T await(CompletableFuture<T> f) {
        runUntil(f::isDone, 10_000_000_000L, "future");
        return f.join();
    }

    private void runTasks() {
        for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) r.run();
    }

    /** Moves to the next timer or delivery if it is due by {@code limit} and handles it; false when none is. */
    private boolean step(long limit) {
        while (!timers.isEmpty() && timers.peek().cancelled) timers.poll();
        long timerAt = timers.isEmpty() ? Long.MAX_VALUE : timers.peek().at;
        long deliveryAt = network.nextDeliveryNanos();
        long next = Math.min(timerAt, deliveryAt);
        if (next == Long.MAX_VALUE || next > limit) return false;
        if (next > now()) clock.advanceTo(next);
        if (timerAt <= deliveryAt) {
            timers.poll().task.run();
        } else {
            network.deliverDue(next);
        }
        return true;
    }
}
