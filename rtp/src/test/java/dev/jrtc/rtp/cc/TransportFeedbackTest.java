package dev.jrtc.rtp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpParseResult;
import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receive-side feedback generation and send-side matching (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 * what arrived and when comes back to the sender, through the wire format, to the 250 µs tick.
 */
class TransportFeedbackTest {
    private static final long MS = 1_000_000L;

    private static TransportWideFeedback wire(TransportWideFeedback f) {
        byte[] b = RtcpCompound.serialize(List.of(f));
        RtcpParseResult r = RtcpCompound.parse(b, 0, b.length);
        assertTrue(r.isOk(), r.error());
        return (TransportWideFeedback) r.packets().get(0);
    }

    @Test
    void arrivalsAndLossesReachTheSenderWithQuarterMillisecondPrecision() {
        long t0 = 10_000 * MS + 123_456; // not on a tick
        TransportFeedbackGenerator g = new TransportFeedbackGenerator(0xAAAA, 50 * MS, 1024);
        g.setMediaSsrc(0xBBBB);
        TransportFeedbackMatcher m = new TransportFeedbackMatcher(1024);
        long[] arrivals = {0, 1_100_000, 2_000_000, -1, 70_000_000, 69_000_000, -1, 72_000_000};
        for (int i = 0; i < arrivals.length; i++) m.handleSent(t0 - 30 * MS + i * MS, 65533 + i, 1000 + i);
        // Packet 5 arrives before 4 (reordered); 3 and 6 never arrive.
        for (int i : new int[] {0, 1, 2, 5, 4, 7}) g.handlePacket(t0 + arrivals[i], (65533 + i) & 0xFFFF);
        assertEquals(t0 + 50 * MS, g.pollTimeout(), "first report one interval after the first packet");
        g.handleTimeout(t0 + 49 * MS);
        assertNull(g.pollFeedback());
        g.handleTimeout(t0 + 80 * MS);
        TransportWideFeedback f = wire(g.pollFeedback());
        assertNull(g.pollFeedback());
        assertEquals(0xAAAA, f.senderSsrc());
        assertEquals(0xBBBB, f.mediaSsrc());
        assertEquals(65533, f.baseSequence());
        assertEquals(8, f.statuses().size());
        assertEquals(TransportWideFeedback.NOT_RECEIVED, (int) f.statuses().get(3));
        assertEquals(TransportWideFeedback.NOT_RECEIVED, (int) f.statuses().get(6));
        assertEquals(0, f.feedbackPacketCount());

        PacketResults r = new PacketResults();
        m.handleFeedback(t0 + 100 * MS, f, r);
        assertEquals(8, r.count());
        assertEquals(2, r.lostCount());
        for (int i = 0; i < 8; i++) {
            assertEquals(1000 + i, r.size(i));
            assertEquals(t0 - 30 * MS + i * MS, r.sendNanos(i));
            if (arrivals[i] < 0) {
                assertEquals(PacketResults.LOST, r.arrivalNanos(i));
                continue;
            }
            // Arrival times come back relative to each other, each within one 250 µs tick.
            long expected = arrivals[i] - arrivals[0];
            long got = r.arrivalNanos(i) - r.arrivalNanos(0);
            assertTrue(Math.abs(got - expected) < 250_000, "packet " + i + ": " + got + " vs " + expected);
        }
        // A second report of the same packets adds nothing.
        m.handleFeedback(t0 + 110 * MS, f, r);
        assertEquals(2, r.count(), "only the lost ones could still change");
    }

    @Test
    void aLongGapSplitsReportsAndLatePacketsAreCounted() {
        TransportFeedbackGenerator g = new TransportFeedbackGenerator(1, 50 * MS, 1024);
        g.handlePacket(0, 100);
        g.handlePacket(10 * MS, 101);
        g.handlePacket(10_000 * MS, 102); // 10 s later: more than a 16-bit delta of 250 µs ticks (8.19 s)
        g.handleTimeout(10_000 * MS);
        TransportWideFeedback a = wire(g.pollFeedback());
        TransportWideFeedback b = wire(g.pollFeedback());
        assertEquals(100, a.baseSequence());
        assertEquals(2, a.statuses().size());
        assertEquals(102, b.baseSequence());
        assertEquals(1, b.feedbackPacketCount());
        g.handlePacket(10_001 * MS, 101);
        assertEquals(1, g.packetsLate());
    }

    @Test
    void trailingLossesWaitForTheNextReport() {
        TransportFeedbackGenerator g = new TransportFeedbackGenerator(1, 50 * MS, 1024);
        g.handlePacket(0, 1);
        g.handlePacket(MS, 2);
        g.handleTimeout(50 * MS);
        assertEquals(2, g.pollFeedback().statuses().size());
        g.handlePacket(60 * MS, 5);
        g.handlePacket(61 * MS, 4);
        g.handleTimeout(100 * MS);
        TransportWideFeedback f = wire(g.pollFeedback());
        assertEquals(3, f.baseSequence());
        // 5 arrived 1 ms before 4: its delta from 4 is negative, which only the 16-bit form holds.
        assertEquals(List.of(0, 1, 2), f.statuses());
        assertEquals(List.of(244, -4), f.deltas());
    }
}
