package dev.jrtc.benchmarks;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsEvent;
import dev.jrtc.dtls.DtlsRole;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The DTLS record path data channels ride on: sealing one 1200-byte application record (what SCTP hands DTLS),
 * and sealing plus opening it on the peer, against the raw JCE AES-GCM work of one record in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DtlsRecordBenchmark {
    static final int RECORD = 1200;

    private BcDtlsTransport client;
    private BcDtlsTransport server;
    private final byte[] payload = new byte[RECORD];
    private Cipher gcm;
    private SecretKeySpec key;
    private final byte[] iv = new byte[12];
    private final byte[] out = new byte[RECORD + 64];
    private long counter;

    @Setup(Level.Trial)
    public void connect() throws Exception {
        new Random(1).nextBytes(payload);
        DtlsCertificate a = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate b = DtlsCertificate.generateEcdsaP256();
        client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, a, b.fingerprint()).withSrtpProfiles(java.util.List.of()));
        server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, b, a.fingerprint()).withSrtpProfiles(java.util.List.of()));
        DtlsHandshakes.connect(client, server, 10_000);
        gcm = Cipher.getInstance("AES/GCM/NoPadding");
        key = new SecretKeySpec(new byte[16], "AES");
    }

    @TearDown(Level.Trial)
    public void close() {
        client.close();
        server.close();
    }

    /** One record sealed by BC on the JDK's AES-GCM, and its datagram taken. */
    @Benchmark
    public byte[] dtlsSeal() {
        client.send(payload, 0, RECORD);
        return client.pollTransmit();
    }

    /** Sealed by one side, opened by the other, delivered as an event. */
    @Benchmark
    public DtlsEvent dtlsSealOpen() {
        client.send(payload, 0, RECORD);
        byte[] d = client.pollTransmit();
        server.handleDatagram(0, d, 0, d.length);
        return server.pollEvent();
    }

    /** The baseline: one AES-128-GCM seal of the same bytes with a 13-byte AAD, the way the JCE is normally used. */
    @Benchmark
    public int jceGcmSeal() throws Exception {
        counter++;
        iv[11] = (byte) counter;
        iv[10] = (byte) (counter >>> 8);
        iv[9] = (byte) (counter >>> 16);
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        gcm.updateAAD(payload, 0, 13);
        return gcm.doFinal(payload, 0, RECORD, out, 0);
    }
}
