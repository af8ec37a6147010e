package dev.jrtc.ice.stun;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Retransmission schedule, response matching and timeout of STUN client transactions, with explicit nanos. */
class StunClientTransactionTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("198.51.100.7", 3478);
    private static final long T0 = 1_000_000_000L;

    private final StunClient client = new StunClient(new Random(7), StunRetransmission.DEFAULT);

    private StunMessage request() {
        return StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, client.newTransactionId()).fingerprint()
                .build();
    }

    /** Runs the client until idle or {@code until}, returning the send times relative to T0 in ms. */
    private List<Long> run(long until) {
        List<Long> sends = new ArrayList<>();
        long now = T0;
        for (Transmit t = client.pollTransmit(); t != null; t = client.pollTransmit()) {
            sends.add((now - T0) / MS);
        }
        for (int i = 0; i < 100 && client.pollTimeout() <= until; i++) {
            now = client.pollTimeout();
            client.handleTimeout(now);
            for (Transmit t = client.pollTransmit(); t != null; t = client.pollTransmit()) {
                sends.add((now - T0) / MS);
                assertEquals(SERVER, t.destination());
                assertEquals(LOCAL, t.source());
            }
        }
        return sends;
    }

    @Test
    void retransmitsWithDoublingRtoThenTimesOutAfterRmTimesRto() {
        StunClientTransaction t = client.start(T0, request(), LOCAL, SERVER);
        assertEquals(List.of(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L), run(Long.MAX_VALUE - 1));
        StunClientEvent e = client.pollEvent();
        assertInstanceOf(StunClientEvent.Timeout.class, e);
        assertSame(t, e.transaction());
        assertEquals(StunClientTransaction.State.TIMED_OUT, t.state());
        assertEquals(7, t.requestsSent());
        assertEquals(Long.MAX_VALUE, client.pollTimeout());
        assertNull(client.pollEvent());
    }

    @Test
    void timesOutExactlyAt39500Ms() {
        StunClientTransaction t = new StunClientTransaction(request(), LOCAL, SERVER, StunRetransmission.DEFAULT, T0);
        long now = T0;
        while (t.pollTimeout() != Long.MAX_VALUE) {
            now = t.pollTimeout();
            t.handleTimeout(now - 1); // one nanosecond early does nothing
            assertEquals(StunClientTransaction.State.IN_PROGRESS, t.state());
            t.handleTimeout(now);
        }
        assertEquals(39_500 * MS, now - T0);
        assertEquals(StunClientTransaction.State.TIMED_OUT, t.state());
    }

    @Test
    void configurableRtoAndCounts() {
        client.start(T0, request(), LOCAL, SERVER);
        StunClient fast = new StunClient(new Random(1), new StunRetransmission(100 * MS, 3, 4));
        StunClientTransaction t = fast.start(T0, StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING,
                fast.newTransactionId()).build(), LOCAL, SERVER);
        assertEquals(T0 + 100 * MS, fast.pollTimeout());
        fast.handleTimeout(T0 + 100 * MS);
        assertEquals(T0 + 300 * MS, fast.pollTimeout());
        fast.handleTimeout(T0 + 300 * MS);
        assertEquals(T0 + 700 * MS, fast.pollTimeout()); // last request + Rm * RTO = 300 + 4 * 100
        fast.handleTimeout(T0 + 700 * MS);
        assertEquals(StunClientTransaction.State.TIMED_OUT, t.state());
    }

    @Test
    void matchingResponseEndsTheTransactionAndStopsRetransmissions() {
        StunMessage req = request();
        StunClientTransaction t = client.start(T0, req, LOCAL, SERVER);
        assertNotNull(client.pollTransmit());
        StunMessage response = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING,
                req.transactionId()).xorMappedAddress(new InetSocketAddress("203.0.113.5", 40000)).build();
        assertTrue(client.handleResponse(T0 + 20 * MS, response));
        StunClientEvent.Response e = assertInstanceOf(StunClientEvent.Response.class, client.pollEvent());
        assertEquals(response, e.response());
        assertEquals(20 * MS, t.rttNanos());
        assertEquals(Long.MAX_VALUE, client.pollTimeout());
        assertFalse(client.handleResponse(T0 + 30 * MS, response), "a duplicate response is not matched again");
        assertNull(client.pollTransmit());
    }

    @Test
    void responsesOfOtherIdsMethodsOrClassesAreNotMatched() {
        StunMessage req = request();
        StunClientTransaction t = client.start(T0, req, LOCAL, SERVER);
        assertFalse(client.handleResponse(T0, StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING,
                StunTransactionId.random(new Random(99))).build()));
        assertFalse(t.handleResponse(T0, StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE,
                req.transactionId()).build()));
        assertFalse(t.handleResponse(T0, StunMessage.builder(StunClass.INDICATION, StunMethod.BINDING,
                req.transactionId()).build()));
        assertFalse(t.handleResponse(T0, req));
        assertTrue(t.handleResponse(T0 + 1, StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.BINDING,
                req.transactionId()).errorCode(400, "Bad Request").build()));
        assertEquals(StunClientTransaction.State.RESPONDED, t.state());
    }

    @Test
    void retransmittedRequestHasNoRttAndIdsAreRandomAndDistinct() {
        StunMessage req = request();
        StunClientTransaction t = client.start(T0, req, LOCAL, SERVER);
        client.handleTimeout(T0 + 500 * MS);
        assertTrue(client.handleResponse(T0 + 600 * MS,
                StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, req.transactionId()).build()));
        assertEquals(-1, t.rttNanos());
        assertNotEquals(client.newTransactionId(), client.newTransactionId());
        assertEquals(new StunClient(new Random(3), StunRetransmission.DEFAULT).newTransactionId(),
                new StunClient(new Random(3), StunRetransmission.DEFAULT).newTransactionId());
    }

    @Test
    void cancelStopsEverything() {
        StunMessage req = request();
        client.start(T0, req, LOCAL, SERVER);
        assertTrue(client.cancel(req.transactionId()));
        assertEquals(Long.MAX_VALUE, client.pollTimeout());
        assertThrows(IllegalArgumentException.class, () -> new StunClientTransaction(
                StunMessage.builder(StunClass.INDICATION, StunMethod.BINDING, client.newTransactionId()).build(),
                LOCAL, SERVER, StunRetransmission.DEFAULT, T0));
    }
}
