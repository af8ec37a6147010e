package dev.jrtc.ice.turn;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunMethod;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Refreshing and deleting the allocation (RFC 8656 §8), in virtual time. */
class TurnRefreshTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void refreshesAMinuteBeforeA600SecondLifetimeEnds() {
        TurnHarness h = new TurnHarness().allocated();
        long allocatedAt = h.now;
        assertEquals(allocatedAt + 540 * SECOND, h.client.pollTimeout());
        h.advance(539);
        assertEquals(0, h.server.count(StunMethod.REFRESH));
        h.advance(1);
        assertEquals(1, h.server.count(StunMethod.REFRESH));
        assertEquals(allocatedAt + 1080 * SECOND, h.client.pollTimeout(), "the next one 540 s after the response");
        h.advance(3600);
        assertEquals(7, h.server.count(StunMethod.REFRESH));
        assertTrue(h.eventsOf(TurnClientEvent.AllocationFailed.class).isEmpty());
    }

    @Test
    void shortLifetimesRefreshHalfway() {
        TurnHarness h = new TurnHarness();
        h.server.lifetime = 30;
        h.allocated();
        assertEquals(h.now + 15 * SECOND, h.client.pollTimeout());
    }

    @Test
    void absurdLifetimesAreBoundedNotOverflowed() {
        TurnHarness h = new TurnHarness();
        h.server.lifetime = -1; // 0xFFFFFFFF seconds, unsigned
        h.allocated();
        assertEquals(h.now + TimeUnit.DAYS.toNanos(1) - 60 * SECOND, h.client.pollTimeout());
        TurnHarness zero = new TurnHarness();
        zero.server.lifetime = 0;
        zero.allocated();
        assertEquals(zero.now + SECOND / 2, zero.client.pollTimeout(), "at least 1 s, refreshed halfway");
    }

    @Test
    void requestedLifetimeIsSentInAllocateAndRefresh() {
        TurnHarness h = new TurnHarness(TurnClientConfig.of(new TurnServer(ScriptedTurnServer.ADDRESS,
                ScriptedTurnServer.USER, ScriptedTurnServer.PASSWORD), TurnHarness.LOCAL, new Random(1))
                .withRequestedLifetime(Duration.ofSeconds(300)));
        h.server.lifetime = 300;
        h.allocated();
        assertEquals(300, h.server.last(StunMethod.ALLOCATE).lifetime().orElseThrow());
        h.advance(240);
        assertEquals(300, h.server.last(StunMethod.REFRESH).lifetime().orElseThrow());
    }

    @Test
    void refreshWithStaleNonceIsRetried() {
        TurnHarness h = new TurnHarness().allocated();
        h.server.nonce = "nonce-2";
        h.advance(540);
        assertEquals(2, h.server.count(StunMethod.REFRESH));
        assertEquals("nonce-2", h.server.last(StunMethod.REFRESH).nonce().orElseThrow());
        assertEquals(1, h.client.staleNonces());
        assertEquals(TurnClient.State.ALLOCATED, h.client.state());
    }

    @Test
    void refusedRefreshFailsTheAllocation() {
        TurnHarness h = new TurnHarness().allocated();
        h.server.failMethod = StunMethod.REFRESH;
        h.server.failCode = 437;
        h.advance(540);
        TurnClientEvent.AllocationFailed failed = h.eventsOf(TurnClientEvent.AllocationFailed.class).get(0);
        assertEquals(437, failed.code());
        assertEquals(TurnClient.State.FAILED, h.client.state());
    }

    @Test
    void unansweredRefreshesLetTheAllocationExpire() {
        TurnHarness h = new TurnHarness().allocated();
        h.server.answering = false;
        h.advance(599);
        assertEquals(TurnClient.State.ALLOCATED, h.client.state(), "retrying until the lifetime ends");
        h.advance(2);
        assertEquals(TurnClient.State.FAILED, h.client.state());
        assertEquals(0, h.eventsOf(TurnClientEvent.AllocationFailed.class).get(0).code());
    }

    @Test
    void closeSendsRefreshWithLifetimeZeroThenReportsClosed() {
        TurnHarness h = new TurnHarness().allocated();
        h.client.send(h.now, TurnHarness.PEER, new byte[] {1});
        h.pump();
        h.client.close(h.now);
        assertEquals(TurnClient.State.CLOSING, h.client.state());
        h.pump();
        assertEquals(0, h.server.last(StunMethod.REFRESH).lifetime().orElseThrow());
        assertEquals(java.util.List.of(new TurnClientEvent.Closed(true)), h.eventsOf(TurnClientEvent.Closed.class));
        assertEquals(TurnClient.State.CLOSED, h.client.state());
        assertEquals(Long.MAX_VALUE, h.client.pollTimeout(), "no permission or channel refresh after close");
        h.client.send(h.now, TurnHarness.PEER, new byte[] {2});
        assertEquals(1, h.client.droppedSends(), "data after close is dropped, not thrown");
        h.client.close(h.now);
        assertEquals(1, h.eventsOf(TurnClientEvent.Closed.class).size(), "close is idempotent");
    }

    @Test
    void closeBeforeAllocationEndsAtOnce() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        h.client.close(h.now);
        h.pump();
        assertEquals(TurnClient.State.CLOSED, h.client.state());
        assertEquals(java.util.List.of(new TurnClientEvent.Closed(false)), h.eventsOf(TurnClientEvent.Closed.class));
    }

    @Test
    void closeGivesUpWhenTheServerIsSilent() {
        TurnHarness h = new TurnHarness().allocated();
        h.server.answering = false;
        h.client.close(h.now);
        h.advance(40);
        assertEquals(TurnClient.State.CLOSED, h.client.state());
        assertEquals(java.util.List.of(new TurnClientEvent.Closed(false)), h.eventsOf(TurnClientEvent.Closed.class));
    }
}
