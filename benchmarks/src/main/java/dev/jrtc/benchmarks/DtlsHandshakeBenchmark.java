package dev.jrtc.benchmarks;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsRole;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A full DTLS 1.2 handshake with use_srtp between two in-memory transports in one JVM (ECDSA P-256 certificates
 * made once, as a PeerConnection reuses its certificate): the CPU cost of connecting, no network delay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DtlsHandshakeBenchmark {
    private DtlsCertificate a;
    private DtlsCertificate b;

    @Setup
    public void certificates() {
        a = DtlsCertificate.generateEcdsaP256();
        b = DtlsCertificate.generateEcdsaP256();
    }

    @Benchmark
    public void handshake() {
        BcDtlsTransport client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, a, b.fingerprint()));
        BcDtlsTransport server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, b, a.fingerprint()));
        DtlsHandshakes.connect(client, server, 10_000);
        client.close();
        server.close();
    }
}
