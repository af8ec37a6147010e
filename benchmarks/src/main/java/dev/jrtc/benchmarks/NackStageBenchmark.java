package dev.jrtc.benchmarks;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.rtcp.GenericNack;
import dev.jrtc.rtp.stream.NackGenerator;
import dev.jrtc.rtp.stream.NackSettings;
import dev.jrtc.rtp.stream.Retransmitter;
import dev.jrtc.rtp.stream.RtxUnwrapper;
import dev.jrtc.rtp.stream.SendHistory;
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
 * Per-packet cost of the NACK stages (RFC 4585 §6.2.1, RFC 4588) on 1200-byte video packets, next to the baselines
 * every packet pays anyway: parsing its RTP header (receive side) and copying it (send side). The per-packet paths
 * should allocate nothing: run with {@code -prof gc} and read {@code gc.alloc.rate.norm}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar NackStageBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NackStageBenchmark {
    private static final long PACKET_NANOS = 1_000_000L;

    private final RtpPacket view = new RtpPacket();
    private final byte[] packet = new byte[1200];
    private final byte[] rtx = new byte[1202];
    private final byte[] work = new byte[1202];
    private final byte[] out = new byte[1600];
    private int rtxLength;
    private NackGenerator inOrder;
    private NackGenerator lossy;
    private NackGenerator lossyRtcp;
    private final int[] lost = new int[NackSettings.defaults().maxPerNack()];
    private SendHistory history;
    private Retransmitter retransmitter;
    private RtxUnwrapper unwrapper;
    private int seq;
    private long now;

    @Setup
    public void setUp() {
        new RtpHeaderWriter().payloadType(96).ssrc(0x1234).write(packet, 0);
        inOrder = new NackGenerator(1, 0x1234, NackSettings.defaults());
        lossy = new NackGenerator(1, 0x1234, NackSettings.defaults());
        lossyRtcp = new NackGenerator(1, 0x1234, NackSettings.defaults());
        history = SendHistory.defaults();
        retransmitter = new Retransmitter(history, 0x5678, 0, 1_000_000_000_000L);
        retransmitter.mapPayloadType(96, 97);
        for (int s = 0; s < 1024; s++) {
            setSequence(packet, s);
            history.handleSent(0, packet, 0, packet.length);
        }
        retransmitter.handleNack(0, 7);
        rtxLength = retransmitter.pollRetransmission(0, rtx, 0);
        unwrapper = new RtxUnwrapper();
        unwrapper.addStream(0x5678, 0x1234);
        unwrapper.addPayloadType(97, 96);
    }

    private static void setSequence(byte[] p, int s) {
        p[2] = (byte) (s >>> 8);
        p[3] = (byte) s;
    }

    /** Baseline, receive side: parse the RTP header and read the sequence number. */
    @Benchmark
    public int baselineParse() {
        setSequence(packet, ++seq);
        view.wrap(packet, 0, packet.length);
        return view.sequenceNumber();
    }

    /** Parse, then the NACK generator sees an in-order packet. */
    @Benchmark
    public NackGenerator.Arrival receiveInOrder() {
        setSequence(packet, ++seq);
        view.wrap(packet, 0, packet.length);
        now += PACKET_NANOS;
        return inOrder.handlePacket(now, view.sequenceNumber());
    }

    /**
     * Parse, then one packet in 20 is missing (5% loss, never repaired): the generator notes each gap, its timer
     * runs every packet and asks again one (default) RTT later, and the due sequence numbers come out as ints.
     */
    @Benchmark
    public int receiveWithFivePercentLoss() {
        seq += seq % 20 == 0 ? 2 : 1;
        setSequence(packet, seq);
        view.wrap(packet, 0, packet.length);
        now += PACKET_NANOS;
        lossy.handlePacket(now, view.sequenceNumber());
        lossy.handleTimeout(now);
        return lossy.pollLostSequenceNumbers(lost);
    }

    /** The same, with each NACK built as the RTCP value ({@link GenericNack}, a list of boxed numbers): it allocates. */
    @Benchmark
    public GenericNack receiveWithFivePercentLossAsRtcp() {
        seq += seq % 20 == 0 ? 2 : 1;
        setSequence(packet, seq);
        view.wrap(packet, 0, packet.length);
        now += PACKET_NANOS;
        lossyRtcp.handlePacket(now, view.sequenceNumber());
        lossyRtcp.handleTimeout(now);
        return lossyRtcp.pollNack();
    }

    /** Baseline, send side: copy the packet, as the send path does into its SRTP buffer. */
    @Benchmark
    public byte[] baselineCopy() {
        System.arraycopy(packet, 0, work, 0, packet.length);
        return work;
    }

    /** Copy, then keep a copy in the send history. */
    @Benchmark
    public byte[] sendWithHistory() {
        setSequence(packet, ++seq);
        System.arraycopy(packet, 0, work, 0, packet.length);
        now += PACKET_NANOS;
        history.handleSent(now, work, 0, packet.length);
        return work;
    }

    /** One NACKed packet out of the history as RTX into a preallocated buffer. */
    @Benchmark
    public int retransmitAsRtx() {
        now += 200_000_000L; // past the once-per-RTT guard, within the history's second
        int s = ++seq & 1023;
        setSequence(packet, s);
        history.handleSent(now, packet, 0, packet.length);
        retransmitter.handleNack(now, s);
        return retransmitter.pollRetransmission(now, out, 0);
    }

    /** Copy an RTX packet, then unwrap it into the original in place. */
    @Benchmark
    public int receiveRtx() {
        System.arraycopy(rtx, 0, work, 0, rtxLength);
        return unwrapper.unwrap(work, 0, rtxLength);
    }
}
