package dev.jrtc.benchmarks;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.cc.CongestionController;
import dev.jrtc.rtp.cc.Pacer;
import dev.jrtc.rtp.cc.TransportFeedbackGenerator;
import dev.jrtc.rtp.cc.TransportSequenceStamper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-packet cost of the transport-wide congestion control stages (draft-holmer-rmcat-transport-wide-cc-extensions-01,
 * draft-ietf-rmcat-gcc-02) on 1200-byte packets, next to the baseline of copying the packet, which the send path
 * does anyway. The per-packet paths should allocate nothing: run with {@code -prof gc}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TransportCcStageBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransportCcStageBenchmark {
    private static final int EXTENSION_ID = 3;
    private static final long PACKET_NANOS = 1_000_000L;

    private final byte[] plain = new byte[1200];
    private final byte[] stamped = new byte[1208];
    private final byte[] work = new byte[1208 + 16];
    private int stampedLength;
    private TransportSequenceStamper stamper;
    private CongestionController congestion;
    private TransportFeedbackGenerator feedback;
    private Pacer pacer;
    private int seq;
    private long now;

    @Setup
    public void setUp() {
        new RtpHeaderWriter().payloadType(96).ssrc(0x1234).write(plain, 0);
        System.arraycopy(plain, 0, stamped, 0, plain.length);
        stampedLength = new TransportSequenceStamper(EXTENSION_ID, 0).stamp(stamped, 0, plain.length, stamped.length);
        stamper = new TransportSequenceStamper(EXTENSION_ID, 0);
        congestion = new CongestionController(300_000, 30_000, 20_000_000);
        feedback = new TransportFeedbackGenerator(1, 50_000_000L, 8192);
        pacer = new Pacer(1024, 10_000_000_000L, 250_000_000L);
    }

    /** Baseline: copy the packet into the send buffer. */
    @Benchmark
    public byte[] baselineCopy() {
        System.arraycopy(plain, 0, work, 0, plain.length);
        return work;
    }

    /** Copy, then add the transport-wide sequence number (a new one-word extension block). */
    @Benchmark
    public int stamp() {
        System.arraycopy(plain, 0, work, 0, plain.length);
        return stamper.stamp(work, 0, plain.length, work.length);
    }

    /** Copy, stamp, and record the packet for the feedback to come. */
    @Benchmark
    public int stampAndRecordSent() {
        System.arraycopy(plain, 0, work, 0, plain.length);
        int n = stamper.stamp(work, 0, plain.length, work.length);
        now += PACKET_NANOS;
        congestion.handleSent(now, (stamper.nextSequence() - 1) & 0xFFFF, n);
        return n;
    }

    /** Copy, then through the pacer (queued and released at once: the pacing rate is far above the load). */
    @Benchmark
    public byte[] pace() {
        System.arraycopy(plain, 0, work, 0, plain.length);
        now += PACKET_NANOS;
        pacer.enqueue(now, work, plain.length);
        return pacer.pollPacket(now);
    }

    /** Receive side: read the sequence number of a stamped packet and record its arrival. */
    @Benchmark
    public int receiveAndRecordArrival() {
        int s = TransportSequenceStamper.read(stamped, 0, stampedLength, EXTENSION_ID);
        now += PACKET_NANOS;
        feedback.handlePacket(now, (s + ++seq) & 0xFFFF);
        return s;
    }
}
