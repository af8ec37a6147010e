package dev.jrtc.sctp;

import java.util.PriorityQueue;
import java.util.Random;

/**
 * A bulk transfer from one association to another over a long, lossy path in virtual time: a one-way delay, seeded
 * random loss in each direction (data and SACKs alike), and optionally a bottleneck on the data direction (a rate
 * with a drop-tail queue in front of it, where congestion losses come from). The sender always has data queued, so
 * what arrives is what its congestion control lets through.
 */
final class LossyPath {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;
    private static final int MESSAGE_SIZE = 16 * 1024;

    private record InFlight(long due, long sequence, boolean toB, byte[] packet) {}

    final SctpAssociation a;
    final SctpAssociation b;
    private final long delayNanos;
    private final double loss;
    private final Random random;
    private final long bottleneckBytesPerSecond;
    private final long queueBytes;
    private final PriorityQueue<InFlight> wire = new PriorityQueue<>((x, y) -> x.due != y.due
            ? Long.compare(x.due, y.due) : Long.compare(x.sequence, y.sequence));
    private long sequence;
    private long bottleneckFreeAt;
    long now;
    long delivered;
    /** Messages carry their number in the first 8 bytes: sent and expected next. */
    private long messagesSent;
    private long nextExpected;
    /** Messages that arrived out of order or twice (none should). */
    long misordered;
    long lost;
    /** Of {@link #lost}, the packets from the sender (DATA), not its peer's SACKs. */
    long lostData;
    long queueDrops;
    /** Packets arriving at the same instant are handed in as one receive batch (one SACK for all of them). */
    boolean batches = true;
    /** The highest cwnd the sender reached. */
    long peakCwnd;

    /**
     * @param bottleneckBytesPerSecond 0 for none
     * @param queueBytes               what may wait for the bottleneck (its buffer)
     */
    LossyPath(SctpConfig sender, SctpConfig receiver, long oneWayDelayNanos, double loss, long seed,
              long bottleneckBytesPerSecond, long queueBytes) {
        this.a = new SctpAssociation(sender);
        this.b = new SctpAssociation(receiver);
        this.delayNanos = oneWayDelayNanos;
        this.loss = loss;
        this.random = new Random(seed);
        this.bottleneckBytesPerSecond = bottleneckBytesPerSecond;
        this.queueBytes = queueBytes;
    }

    /** Opens the association (without loss, so every run starts alike); false when it did not within 10 s. */
    boolean connect() {
        a.connect(now);
        b.connect(now);
        return run(10 * SECOND, true, () -> a.state() == SctpAssociation.State.ESTABLISHED
                && b.state() == SctpAssociation.State.ESTABLISHED);
    }

    /** Sends for {@code nanos} of virtual time; returns the bytes the receiver got meanwhile. */
    long transfer(long nanos) {
        long before = delivered;
        run(nanos, false, () -> false);
        return delivered - before;
    }

    private boolean run(long limit, boolean lossless, java.util.function.BooleanSupplier done) {
        long end = now + limit;
        for (long step = 0; step < 50_000_000L; step++) {
            if (a.state() == SctpAssociation.State.ESTABLISHED) {
                while (a.bufferedAmount() < 1 << 20) {
                    byte[] m = new byte[MESSAGE_SIZE];
                    java.nio.ByteBuffer.wrap(m).putLong(messagesSent++);
                    a.send(now, 0, 53, m, false);
                }
            }
            drain(a, true, lossless);
            drain(b, false, lossless);
            for (SctpEvent e = a.pollEvent(); e != null; e = a.pollEvent()) {
                if (e instanceof SctpEvent.Aborted x) throw new AssertionError("sender aborted: " + x.reason());
            }
            for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
                if (e instanceof SctpEvent.Message m) {
                    delivered += m.data().length;
                    if (java.nio.ByteBuffer.wrap(m.data()).getLong() != nextExpected++) misordered++;
                }
            }
            peakCwnd = Math.max(peakCwnd, a.congestionWindow());
            if (done.getAsBoolean()) return true;
            long next = Math.min(wire.isEmpty() ? Long.MAX_VALUE : wire.peek().due, Math.min(a.pollTimeout(), b.pollTimeout()));
            if (next > end) {
                now = end;
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            // What arrives at the same instant is one receive batch, as one read of a socket is in the I/O layer.
            boolean batchA = false;
            boolean batchB = false;
            while (!wire.isEmpty() && wire.peek().due <= now) {
                InFlight f = wire.poll();
                SctpAssociation to = f.toB ? b : a;
                if (batches && f.toB && !batchB) {
                    b.beginReceiveBatch();
                    batchB = true;
                } else if (batches && !f.toB && !batchA) {
                    a.beginReceiveBatch();
                    batchA = true;
                }
                to.handlePacket(now, f.packet, 0, f.packet.length);
            }
            if (batchA) a.endReceiveBatch(now);
            if (batchB) b.endReceiveBatch(now);
            if (a.pollTimeout() <= now) a.handleTimeout(now);
            if (b.pollTimeout() <= now) b.handleTimeout(now);
        }
        throw new IllegalStateException("no progress bound reached");
    }

    private void drain(SctpAssociation from, boolean toB, boolean lossless) {
        for (byte[] p = from.pollTransmit(); p != null; p = from.pollTransmit()) {
            if (!lossless && random.nextDouble() < loss) {
                lost++;
                if (toB) lostData++;
                continue;
            }
            long departure = now;
            if (toB && bottleneckBytesPerSecond > 0) {
                long start = Math.max(now, bottleneckFreeAt);
                if ((start - now) * bottleneckBytesPerSecond / SECOND > queueBytes) {
                    queueDrops++;
                    continue;
                }
                departure = start + p.length * SECOND / bottleneckBytesPerSecond;
                bottleneckFreeAt = departure;
            }
            wire.add(new InFlight(departure + delayNanos, sequence++, toB, p));
        }
    }
}
