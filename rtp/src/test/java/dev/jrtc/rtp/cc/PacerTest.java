package dev.jrtc.rtp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pacer spreads a burst at its rate, drains within its queue-time limit, and refuses past its capacity. */
class PacerTest {
    private static final long MS = 1_000_000L;

    @Test
    void aFrameBurstLeavesAtThePacingRate() {
        Pacer p = new Pacer(64, 1_000_000, 10_000 * MS); // 1000-byte packets: one per 8 ms
        byte[][] frame = new byte[5][1000];
        for (byte[] b : frame) assertTrue(p.enqueue(0, b, 1000));
        long[] sentAt = new long[5];
        long now = 0;
        for (int i = 0; i < 5; i++) {
            now = Math.max(now, p.pollTimeout());
            byte[] b = p.pollPacket(now);
            assertSame(frame[i], b, "in order, the caller's own arrays");
            assertEquals(1000, p.lastLength());
            sentAt[i] = now;
            assertNull(p.pollPacket(now));
        }
        // The first goes at once, the next ones 8 ms apart, less the 5 ms catch-up an idle pacer (as at the start) allows.
        assertEquals(0, sentAt[0]);
        assertEquals(3 * MS, sentAt[1]);
        assertEquals(11 * MS, sentAt[2]);
        assertEquals(19 * MS, sentAt[4] - 8 * MS);
        assertEquals(Long.MAX_VALUE, p.pollTimeout());
    }

    @Test
    void aSourceFasterThanTheRateIsDrainedWithinTheQueueLimit() {
        Pacer p = new Pacer(10_000, 100_000, 200 * MS);
        long now = 0;
        long maxWait = 0;
        // 1 Mbit/s offered to a 100 kbit/s pacer for two seconds.
        for (int tick = 0; tick < 2000; tick++, now += MS) {
            p.enqueue(now, new byte[125], 125);
            maxWait = Math.max(maxWait, p.oldestWaitNanos(now));
            while (p.pollTimeout() <= now) p.pollPacket(now);
        }
        assertTrue(maxWait <= 210 * MS, "waited " + maxWait / MS + " ms");
        assertEquals(0, p.refused());
    }

    @Test
    void aFullQueueRefuses() {
        Pacer p = new Pacer(2, 100_000, 100 * MS);
        assertTrue(p.enqueue(0, new byte[10], 10));
        assertTrue(p.enqueue(0, new byte[10], 10));
        assertFalse(p.enqueue(0, new byte[10], 10));
        assertEquals(1, p.refused());
        assertEquals(20, p.queuedBytes());
    }
}
