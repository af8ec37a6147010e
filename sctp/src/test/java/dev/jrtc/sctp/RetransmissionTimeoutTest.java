package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RTO per RFC 6298 §2 (alpha 1/8, beta 1/4), clamped, doubled on expiry (RFC 9260 §6.3.1, §6.3.3). */
class RetransmissionTimeoutTest {
    private static final long MS = 1_000_000L;

    private static RetransmissionTimeout rto(long minMs, long maxMs) {
        return new RetransmissionTimeout(SctpConfig.defaults(new Random(1))
                .withRto(Duration.ofSeconds(1), Duration.ofMillis(minMs), Duration.ofMillis(maxMs)));
    }

    @Test
    void startsAtTheInitialRtoWithoutASmoothedRoundTrip() {
        RetransmissionTimeout rto = rto(200, 10_000);
        assertEquals(1_000 * MS, rto.rto());
        assertEquals(-1, rto.srtt());
    }

    @Test
    void followsRfc6298() {
        RetransmissionTimeout rto = rto(1, 60_000);
        rto.measure(100 * MS); // SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR
        assertEquals(100 * MS, rto.srtt());
        assertEquals(300 * MS, rto.rto());
        rto.measure(200 * MS); // RTTVAR = 3/4 * 50 + 1/4 * |100 - 200| = 62.5; SRTT = 7/8 * 100 + 1/8 * 200 = 112.5
        assertEquals(112_500_000, rto.srtt());
        assertEquals(112_500_000 + 4 * 62_500_000, rto.rto());
    }

    @Test
    void staysWithinTheBoundsAndDoublesOnExpiry() {
        RetransmissionTimeout rto = rto(200, 1_000);
        rto.measure(10 * MS);
        assertEquals(200 * MS, rto.rto(), "RTO.min");
        rto.backOff();
        assertEquals(400 * MS, rto.rto());
        rto.backOff();
        rto.backOff();
        assertEquals(1_000 * MS, rto.rto(), "RTO.max");
        rto.measure(10 * MS);
        assertEquals(200 * MS, rto.rto(), "a new measurement ends the backoff");
    }
}
