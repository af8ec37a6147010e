package dev.jrtc.benchmarks;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsEvent;
import dev.jrtc.dtls.DtlsRole;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Data-channel throughput over the real stack: 128 MiB from one {@code SctpAssociation} to another, one reliable
 * ordered stream, each association over its own {@link BcDtlsTransport} over its own UDP socket on 127.0.0.1
 * (Netty, one event loop per side; see {@link DataChannelLoopback}), with the sender's bufferedAmount kept
 * between 512 KiB and 1 MiB. Every operation is bounded by 60 s (it throws past that).
 *
 * <p>Baselines in the same run: {@link #dtlsSealOpenBaseline} seals and opens the same 128 MiB with the same two
 * transports' code in memory, in records of the SCTP packet size (1163 bytes, one per 1200-byte datagram, as the
 * real path sends them), on one thread, with no SCTP and no UDP: the DTLS record cost alone.
 * {@link #udpBlastBaseline} sends the same bytes as 1200-byte datagrams over the same loopback sockets and event
 * loops with the same batching and 1 MiB in flight, with no SCTP and no DTLS: the I/O floor
 * ({@link UdpLoopbackBlast}).
 *
 * <p>MB/s (10^6 bytes/s) = 134.2 / (seconds per operation). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar DataChannelThroughputBenchmark}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class DataChannelThroughputBenchmark {
    static final long TOTAL = 128L << 20;
    static final long HIGH_WATER = 1 << 20;
    static final long LOW_WATER = 512 << 10;
    /** The largest SCTP packet {@code SctpConfig.defaults} sends: what one DTLS record carries on the real path. */
    static final int SCTP_PACKET = 1163;

    /** The two stacks over loopback UDP, connected once per trial. */
    @State(Scope.Benchmark)
    public static class Link {
        @Param({"16384", "1024"})
        public int messageSize;
        DataChannelLoopback link;

        @Setup(Level.Trial)
        public void connect() throws Exception {
            link = new DataChannelLoopback(Duration.ofSeconds(20));
        }

        @TearDown(Level.Trial)
        public void close() {
            link.close();
        }
    }

    /** Two transports wired in memory, connected once per trial. */
    @State(Scope.Benchmark)
    public static class Records {
        BcDtlsTransport client;
        BcDtlsTransport server;
        final byte[] packet = new byte[SCTP_PACKET];

        @Setup(Level.Trial)
        public void connect() {
            new Random(1).nextBytes(packet);
            DtlsCertificate a = DtlsCertificate.generateEcdsaP256();
            DtlsCertificate b = DtlsCertificate.generateEcdsaP256();
            client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, a, b.fingerprint()).withSrtpProfiles(List.of()));
            server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, b, a.fingerprint()).withSrtpProfiles(List.of()));
            DtlsHandshakes.connect(client, server, 10_000);
        }

        @TearDown(Level.Trial)
        public void close() {
            client.close();
            server.close();
        }
    }

    /** Two loopback sockets on their own event loops, bound once per trial. */
    @State(Scope.Benchmark)
    public static class Blast {
        UdpLoopbackBlast blast;

        @Setup(Level.Trial)
        public void bind() throws Exception {
            blast = new UdpLoopbackBlast();
        }

        @TearDown(Level.Trial)
        public void close() {
            blast.close();
        }
    }

    /** The I/O baseline: the same bytes as 1200-byte datagrams over loopback UDP, no SCTP, no DTLS. */
    @Benchmark
    public long udpBlastBaseline(Blast b) throws Exception {
        b.blast.blast(TOTAL, HIGH_WATER, Duration.ofSeconds(60));
        long got = b.blast.receivedBytes();
        if (got < TOTAL * 99 / 100) {
            throw new IllegalStateException("the kernel dropped more than 1% of the blast: " + got + " of " + TOTAL);
        }
        return got;
    }

    /** 128 MiB of messages of {@code messageSize} through SCTP, DTLS and loopback UDP; returns nanoseconds. */
    @Benchmark
    public long sctpDtlsUdp128MiB(Link l) throws Exception {
        return l.link.transfer(TOTAL, l.messageSize, HIGH_WATER, LOW_WATER, Duration.ofSeconds(60));
    }

    /** The baseline: the same bytes sealed by one transport and opened by the other, in memory, one thread. */
    @Benchmark
    public long dtlsSealOpenBaseline(Records r) {
        long received = 0;
        for (long sent = 0; sent < TOTAL; sent += SCTP_PACKET) {
            r.client.send(r.packet, 0, SCTP_PACKET);
            byte[] d = r.client.pollTransmit();
            r.server.handleDatagram(0, d, 0, d.length);
            DtlsEvent e = r.server.pollEvent();
            received += ((DtlsEvent.ApplicationData) e).data().length;
        }
        return received;
    }
}
