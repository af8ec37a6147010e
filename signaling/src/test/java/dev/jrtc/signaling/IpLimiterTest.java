package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-IP table on a virtual clock: token buckets refill exactly, and the table never outgrows its bound. */
class IpLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static InetAddress ip(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}); // no lookup, no packet
    }

    @Test
    void theRequestBucketGivesItsBurstThenItsRate() throws Exception {
        SignalingStats stats = new SignalingStats();
        IpLimiter limiter = new IpLimiter(SignalingSettings.defaults().withHttpRequestRate(new RateLimit(4, 10)), stats, now::get);
        InetAddress a = ip(1);
        assertTrue(limiter.tryOpen(a));
        for (int i = 0; i < 10; i++) assertTrue(limiter.tryRequest(a), "burst " + i);
        assertFalse(limiter.tryRequest(a));
        now.addAndGet(250_000_000L); // a quarter second at 4/s: exactly one token
        assertTrue(limiter.tryRequest(a));
        assertFalse(limiter.tryRequest(a));
        now.addAndGet(3_600_000_000_000L); // an hour: the bucket is full again, never more than its burst
        for (int i = 0; i < 10; i++) assertTrue(limiter.tryRequest(a));
        assertFalse(limiter.tryRequest(a));
        assertFalse(limiter.tryRequest(ip(2)), "an address without a counted connection gets nothing");
    }

    @Test
    void theTableStaysWithinItsBoundUnderManyAddresses() throws Exception {
        SignalingStats stats = new SignalingStats();
        SignalingSettings settings = SignalingSettings.defaults().withMaxTrackedIps(100).withMaxConnectionsPerIp(2);
        IpLimiter limiter = new IpLimiter(settings, stats, now::get);
        InetAddress holder = ip(0);
        assertTrue(limiter.tryOpen(holder)); // keeps a connection open throughout: must never be forgotten
        for (int i = 1; i <= 100_000; i++) {
            InetAddress a = ip(i);
            assertTrue(limiter.tryOpen(a));
            limiter.closed(a);
            if (limiter.trackedIps() > 100) throw new AssertionError("table grew to " + limiter.trackedIps());
        }
        assertEquals(100, limiter.trackedIps());
        assertEquals(100_000 - 99, stats.trackedIpsForgotten());
        assertTrue(limiter.tryOpen(holder), "the address with an open connection kept its count");
        assertFalse(limiter.tryOpen(holder), "and its limit of 2");
        assertEquals(1, stats.perIpConnectionsRejected());
    }

    @Test
    void whenEveryTrackedAddressHoldsAConnectionNewOnesAreRefused() throws Exception {
        SignalingStats stats = new SignalingStats();
        IpLimiter limiter = new IpLimiter(SignalingSettings.defaults().withMaxTrackedIps(3), stats, now::get);
        for (int i = 0; i < 3; i++) assertTrue(limiter.tryOpen(ip(i)));
        assertFalse(limiter.tryOpen(ip(3)));
        assertEquals(3, limiter.trackedIps());
        limiter.closed(ip(1));
        assertTrue(limiter.tryOpen(ip(3)), "an idle address makes room");
    }
}
