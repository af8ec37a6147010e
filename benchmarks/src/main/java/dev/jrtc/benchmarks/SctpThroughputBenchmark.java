package dev.jrtc.benchmarks;

import dev.jrtc.sctp.SctpAssociation;
import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.SctpEvent;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SCTP association throughput in one JVM, packets handed straight across (no DTLS, no UDP, virtual time), so
 * this is the protocol core's CPU cost: 16 MiB per operation in messages of the given size, with the sender
 * keeping at most 1 MiB buffered, as bufferedAmountLow flow control would. MB/s = 16 / (seconds per op). The
 * baseline copies the same bytes once, message by message.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SctpThroughputBenchmark {
    static final int TOTAL = 16 << 20;
    static final int HIGH_WATER = 1 << 20;

    @Param({"16384", "1024"})
    public int messageSize;

    private SctpAssociation a;
    private SctpAssociation b;
    private byte[] message;
    private byte[] sink;
    private long now;

    @Setup(Level.Invocation)
    public void connect() {
        message = new byte[messageSize];
        new Random(1).nextBytes(message);
        sink = new byte[TOTAL];
        a = new SctpAssociation(SctpConfig.defaults(new Random(1)));
        b = new SctpAssociation(SctpConfig.defaults(new Random(2)));
        a.connect(0);
        b.connect(0);
        while (a.state() != SctpAssociation.State.ESTABLISHED || b.state() != SctpAssociation.State.ESTABLISHED) {
            pump();
        }
        while (a.pollEvent() != null || b.pollEvent() != null) {
            // discard Established events
        }
    }

    /** Moves every queued packet across; advances virtual time to the next timer when nothing moved. */
    private boolean pump() {
        boolean moved = false;
        for (byte[] p = a.pollTransmit(); p != null; p = a.pollTransmit()) {
            b.handlePacket(now, p, 0, p.length);
            moved = true;
        }
        for (byte[] p = b.pollTransmit(); p != null; p = b.pollTransmit()) {
            a.handlePacket(now, p, 0, p.length);
            moved = true;
        }
        if (!moved) {
            now = Math.max(now + 1, Math.min(a.pollTimeout(), b.pollTimeout()));
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
        return moved;
    }

    /**
     * As {@link #pump}, with what one side queued handed to the other as one receive batch
     * ({@code beginReceiveBatch}/{@code endReceiveBatch}), as an I/O layer does with one read of its socket.
     */
    private boolean pumpBatched() {
        boolean moved = false;
        for (SctpAssociation[] dir : new SctpAssociation[][] {{a, b}, {b, a}}) {
            byte[] p = dir[0].pollTransmit();
            if (p == null) continue;
            moved = true;
            dir[1].beginReceiveBatch();
            for (; p != null; p = dir[0].pollTransmit()) dir[1].handlePacket(now, p, 0, p.length);
            dir[1].endReceiveBatch(now);
        }
        if (!moved) {
            now = Math.max(now + 1, Math.min(a.pollTimeout(), b.pollTimeout()));
            a.handleTimeout(now);
            b.handleTimeout(now);
        }
        return moved;
    }

    @Benchmark
    public long transfer16MiB() {
        return transfer(false);
    }

    /** The same transfer with each side's queued packets handed over as one receive batch. */
    @Benchmark
    public long transfer16MiBBatched() {
        return transfer(true);
    }

    private long transfer(boolean batched) {
        long sent = 0;
        long received = 0;
        while (received < TOTAL) {
            while (sent < TOTAL && a.bufferedAmount() < HIGH_WATER) {
                a.send(now, 0, 53, message, false);
                sent += messageSize;
            }
            if (batched) pumpBatched(); else pump();
            for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
                if (e instanceof SctpEvent.Message m) received += m.data().length;
            }
        }
        return received;
    }

    @Benchmark
    public byte[] copyBaseline() {
        for (int off = 0; off < TOTAL; off += messageSize) {
            System.arraycopy(message, 0, sink, off, messageSize);
        }
        return sink;
    }
}
