package dev.jrtc.benchmarks;

import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunIntegrityKey;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import java.util.Random;
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
 * Cost of receiving an ICE connectivity check: decode a Chrome-layout Binding request (USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT), then verify FINGERPRINT and MESSAGE-INTEGRITY.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StunParseBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StunParseBenchmark {
    private byte[] request;
    private byte[] key;
    private StunIntegrityKey preparedKey;
    private StunMessage decoded;

    @Setup
    public void setUp() {
        key = StunCredentials.shortTermKey("9uB6ZJQpwZ3nVfL5k2cRsA7T");
        request = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(new Random(1)))
                .username("Hx9q:w3Zf").attribute(0xC057, new byte[] {0, 1, 0, 10}).iceControlling(0x1f2e3d4c5b6a7988L)
                .useCandidate().priority(0x6e7f1effL).messageIntegrity(key).fingerprint().build().encode();
        preparedKey = new StunIntegrityKey(key);
        decoded = StunMessage.decode(request, 0, request.length).message();
    }

    /** Decode only. */
    @Benchmark
    public StunMessage decode() {
        return StunMessage.decode(request, 0, request.length).message();
    }

    /** FINGERPRINT check on a decoded message. */
    @Benchmark
    public StunCheck fingerprint() {
        return decoded.checkFingerprint();
    }

    /** MESSAGE-INTEGRITY (HMAC-SHA1) check on a decoded message. */
    @Benchmark
    public StunCheck integrity() {
        return decoded.checkMessageIntegrity(key);
    }

    /** MESSAGE-INTEGRITY check with a prepared key (no allocation). */
    @Benchmark
    public StunCheck integrityPreparedKey() {
        return decoded.checkMessageIntegrity(preparedKey);
    }

    /** The whole receive path of a check: decode, FINGERPRINT, MESSAGE-INTEGRITY. */
    @Benchmark
    public boolean decodeAndVerify() {
        StunMessage m = StunMessage.decode(request, 0, request.length).message();
        return m.checkFingerprint() == StunCheck.VALID && m.checkMessageIntegrity(preparedKey) == StunCheck.VALID;
    }
}
