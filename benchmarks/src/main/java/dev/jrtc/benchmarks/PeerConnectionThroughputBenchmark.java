package dev.jrtc.benchmarks;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
 * Data-channel throughput through the whole public API: two {@link PeerConnection}s of one factory over loopback
 * (ICE, DTLS, SCTP, the facade's queues and callback threads), 128 MiB per operation on one reliable ordered
 * channel with bufferedAmountLow flow control, as an application would write it. Bounded: 60 s per operation.
 *
 * <p>Its baseline is the same transfer below the facade, {@code DataChannelThroughputBenchmark.sctpDtlsUdp128MiB};
 * run both in one JMH run for the ratio:
 * {@code java -jar benchmarks/target/benchmarks.jar 'PeerConnectionThroughput|DataChannelThroughputBenchmark.sctp'}.
 * MB/s = 134.2 / (seconds per operation).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class PeerConnectionThroughputBenchmark {
    static final long TOTAL = 128L << 20;
    static final long HIGH_WATER = 4L << 20;

    @State(Scope.Benchmark)
    public static class Pair {
        @Param({"16384", "1024"})
        public int messageSize;
        PeerConnectionFactory factory;
        PeerConnection a;
        PeerConnection b;
        RtcDataChannel channel;
        final AtomicLong received = new AtomicLong();
        final AtomicReference<CountDownLatch> done = new AtomicReference<>();
        final Semaphore low = new Semaphore(0);

        @Setup(Level.Trial)
        public void connect() throws Exception {
            factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2));
            RtcConfiguration config = RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256());
            a = factory.createPeerConnection(config);
            b = factory.createPeerConnection(config);
            b.onDataChannel(ch -> ch.onMessage(m -> {
                CountDownLatch l = done.get();
                if (received.addAndGet(m.data().length) >= TOTAL && l != null) l.countDown();
            }));
            channel = a.createDataChannel("bench");
            CompletableFuture<Void> open = new CompletableFuture<>();
            channel.onOpen(() -> open.complete(null));
            channel.setBufferedAmountLowThreshold(HIGH_WATER / 4);
            channel.onBufferedAmountLow(low::release);
            // Candidates travel in the descriptions: both sides gathered (loopback host candidates) when they apply.
            RtcSessionDescription offer = a.setLocalDescription().get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = b.setLocalDescription().get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            open.get(20, TimeUnit.SECONDS);
        }

        @TearDown(Level.Trial)
        public void close() {
            factory.close();
        }
    }

    @Benchmark
    public long transfer128MiB(Pair p) throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        p.received.set(0);
        p.done.set(finished);
        byte[] message = new byte[p.messageSize];
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (long sent = 0; sent < TOTAL; sent += message.length) {
            while (p.channel.bufferedAmount() > HIGH_WATER) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("transfer took over 60 s");
                p.low.tryAcquire(20, TimeUnit.MILLISECONDS);
            }
            p.channel.send(message);
        }
        if (!finished.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("received " + p.received.get() + " of " + TOTAL + " bytes in 60 s");
        }
        return p.received.get();
    }
}
