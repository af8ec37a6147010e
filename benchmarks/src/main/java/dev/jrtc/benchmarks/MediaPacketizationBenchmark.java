package dev.jrtc.benchmarks;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.media.DepacketizeResult;
import dev.jrtc.rtp.media.Depacketizer;
import dev.jrtc.rtp.media.H264Depacketizer;
import dev.jrtc.rtp.media.H264Packetizer;
import dev.jrtc.rtp.media.Packetizer;
import dev.jrtc.rtp.media.RtpPacketizer;
import dev.jrtc.rtp.media.Vp8Depacketizer;
import dev.jrtc.rtp.media.Vp8Packetizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost per frame of packetizing (frame to RTP packets with headers, 1188-byte payloads) and depacketizing (RTP
 * payloads back to the frame) VP8 (RFC 7741) and H.264 (RFC 6184 packetization-mode 1: STAP-A for SPS+PPS, FU-A),
 * for a 30 kB key frame and a 3 kB delta frame of random codec bytes. The baseline copies the same bytes in the same
 * payload-sized chunks into one packet buffer: what any packetizer has to do at least.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MediaPacketizationBenchmark -prof gc}; gc.alloc.rate.norm
 * is bytes allocated per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MediaPacketizationBenchmark {
    private static final int MAX_PAYLOAD = 1188;

    @Param({"key30k", "delta3k"})
    public String frame;

    private byte[] vp8Frame;
    private byte[] h264Frame;
    private byte[] packet;
    private RtpPacketizer vp8Rtp;
    private RtpPacketizer h264Rtp;
    private Stream vp8Stream;
    private Stream h264Stream;
    private long timestamp;
    private RtpPacketizer.PacketSink sink;

    /** One frame's RTP payloads, replayed with advancing sequence numbers and timestamps. */
    static final class Stream {
        final Depacketizer depacketizer;
        final List<byte[]> payloads = new ArrayList<>();
        final List<Boolean> markers = new ArrayList<>();
        int sequence;

        Stream(Packetizer packetizer, Depacketizer depacketizer, byte[] frame) {
            this.depacketizer = depacketizer;
            byte[] buf = new byte[packetizer.maxPayloadSize()];
            packetizer.beginFrame(frame, 0, frame.length);
            while (packetizer.hasNextPayload()) {
                int n = packetizer.nextPayload(buf, 0);
                payloads.add(Arrays.copyOf(buf, n));
                markers.add(packetizer.marker());
            }
        }

        /** Hands the depacketizer a key frame first, in sequence with the replays that follow. */
        void prime(Packetizer packetizer, byte[] keyFrame, long timestamp) {
            byte[] buf = new byte[packetizer.maxPayloadSize()];
            packetizer.beginFrame(keyFrame, 0, keyFrame.length);
            DepacketizeResult r = null;
            while (packetizer.hasNextPayload()) {
                int n = packetizer.nextPayload(buf, 0);
                r = depacketizer.handlePayload(sequence++, timestamp, packetizer.marker(), buf, 0, n);
            }
            if (r != DepacketizeResult.FRAME_COMPLETE) throw new IllegalStateException("the key frame does not depacketize");
        }

        DepacketizeResult replay(long timestamp) {
            DepacketizeResult r = null;
            for (int i = 0; i < payloads.size(); i++) {
                byte[] p = payloads.get(i);
                r = depacketizer.handlePayload(sequence++, timestamp, markers.get(i), p, 0, p.length);
            }
            return r;
        }
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        sink = (p, n) -> bh.consume(p[n - 1]); // made once: a capturing lambda per call would be the benchmark's allocation
        boolean key = frame.startsWith("key");
        int size = key ? 30_000 : 3_000;
        Random random = new Random(42);
        vp8Frame = new byte[size];
        random.nextBytes(vp8Frame);
        vp8Frame[0] = (byte) (key ? vp8Frame[0] & ~1 : vp8Frame[0] | 1); // RFC 6386 §9.1: P bit, 0 = key frame
        h264Frame = key ? accessUnit(random, new int[] {0x67, 0x68, 0x65}, new int[] {12, 4, size - 28})
                        : accessUnit(random, new int[] {0x41}, new int[] {size - 4});
        packet = new byte[12 + MAX_PAYLOAD];
        vp8Rtp = new RtpPacketizer(new Vp8Packetizer(MAX_PAYLOAD, 1), new RtpHeaderWriter().payloadType(96).ssrc(1), 0);
        h264Rtp = new RtpPacketizer(new H264Packetizer(MAX_PAYLOAD), new RtpHeaderWriter().payloadType(102).ssrc(2), 0);
        vp8Stream = new Stream(new Vp8Packetizer(MAX_PAYLOAD, 1), new Vp8Depacketizer(), vp8Frame);
        h264Stream = new Stream(new H264Packetizer(MAX_PAYLOAD), new H264Depacketizer(), h264Frame);
        if (!key) { // the depacketizers deliver delta frames once a key frame came
            byte[] keyVp8 = vp8Frame.clone();
            keyVp8[0] &= ~1;
            vp8Stream.prime(new Vp8Packetizer(MAX_PAYLOAD, 1), keyVp8, timestamp += 3000);
            h264Stream.prime(new H264Packetizer(MAX_PAYLOAD), accessUnit(random, new int[] {0x67, 0x68, 0x65}, new int[] {12, 4, 100}), timestamp);
        }
        if (vp8Stream.replay(timestamp += 3000) != DepacketizeResult.FRAME_COMPLETE || h264Stream.replay(timestamp) != DepacketizeResult.FRAME_COMPLETE) {
            throw new IllegalStateException("the benchmark's frames do not depacketize");
        }
    }

    /** Annex B NAL units of the given headers and sizes, random bytes without zeros (so no start code emulation). */
    private static byte[] accessUnit(Random random, int[] headers, int[] sizes) {
        int total = 0;
        for (int s : sizes) total += 4 + s;
        byte[] au = new byte[total];
        int at = 0;
        for (int i = 0; i < headers.length; i++) {
            au[at + 3] = 1;
            au[at + 4] = (byte) headers[i];
            for (int k = 1; k < sizes[i]; k++) au[at + 4 + k] = (byte) (1 + random.nextInt(255));
            at += 4 + sizes[i];
        }
        return au;
    }

    /** Baseline: the frame's bytes copied payload by payload into one packet buffer. */
    @Benchmark
    public int copyBaseline() {
        int sum = 0;
        for (int off = 0; off < vp8Frame.length; off += MAX_PAYLOAD) {
            int n = Math.min(MAX_PAYLOAD, vp8Frame.length - off);
            System.arraycopy(vp8Frame, off, packet, 12, n);
            sum += packet[12 + n - 1];
        }
        return sum;
    }

    @Benchmark
    public int vp8Packetize() {
        return vp8Rtp.packetize(vp8Frame, 0, vp8Frame.length, timestamp += 3000, sink);
    }

    @Benchmark
    public int h264Packetize() {
        return h264Rtp.packetize(h264Frame, 0, h264Frame.length, timestamp += 3000, sink);
    }

    @Benchmark
    public int vp8Depacketize() {
        if (vp8Stream.replay(timestamp += 3000) != DepacketizeResult.FRAME_COMPLETE) throw new IllegalStateException("VP8 frame lost");
        return vp8Stream.depacketizer.frameLength();
    }

    @Benchmark
    public int h264Depacketize() {
        if (h264Stream.replay(timestamp += 3000) != DepacketizeResult.FRAME_COMPLETE) throw new IllegalStateException("H.264 frame lost");
        return h264Stream.depacketizer.frameLength();
    }
}
