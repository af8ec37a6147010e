package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.rtcp.GenericNack;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpParseResult;
import dev.jrtc.testkit.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generic NACK generation (RFC 4585 §6.2.1) in virtual time: gaps, retries one RTT apart, limits, wrap-around. */
class NackGeneratorTest {
    private static final long MS = 1_000_000L;
    private final VirtualClock clock = new VirtualClock(1_000 * MS);

    private static List<Integer> poll(NackGenerator g, long now) {
        g.handleTimeout(now);
        GenericNack n = g.pollNack();
        return n == null ? List.of() : n.lostSequenceNumbers();
    }

    @Test
    void aGapIsNackedAtOnceWithBothSsrcs() {
        NackGenerator g = new NackGenerator(0x1111, 0x2222, NackSettings.defaults());
        g.handlePacket(clock.nowNanos(), 100);
        g.handlePacket(clock.nowNanos(), 101);
        assertEquals(Long.MAX_VALUE, g.pollTimeout(), "nothing missing, nothing to do");
        g.handlePacket(clock.nowNanos(), 105);
        assertEquals(3, g.missingCount());
        assertEquals(clock.nowNanos(), g.pollTimeout());
        g.handleTimeout(clock.nowNanos());
        GenericNack nack = g.pollNack();
        assertNotNull(nack);
        assertEquals(0x1111, nack.senderSsrc());
        assertEquals(0x2222, nack.mediaSsrc());
        assertEquals(List.of(102, 103, 104), nack.lostSequenceNumbers());
        assertNull(g.pollNack(), "one NACK per due batch");
        // On the wire it is one FCI entry: PID 102 with BLP bits for 103 and 104 (RFC 4585 §6.2.1).
        byte[] wire = RtcpCompound.serialize(List.of(nack));
        assertEquals(16, wire.length);
        assertEquals(0x81, wire[0] & 0xFF);
        assertEquals(205, wire[1] & 0xFF);
        assertEquals(102, ((wire[12] & 0xFF) << 8) | (wire[13] & 0xFF));
        assertEquals(0b11, ((wire[14] & 0xFF) << 8) | (wire[15] & 0xFF));
        RtcpParseResult back = RtcpCompound.parse(wire, 0, wire.length);
        assertEquals(List.of(nack), back.packets());
    }

    @Test
    void repeatsOneRoundTripApartUntilThePacketArrives() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults());
        g.handleRoundTripTime(50 * MS);
        g.handlePacket(clock.nowNanos(), 10);
        g.handlePacket(clock.nowNanos(), 12);
        assertEquals(List.of(11), poll(g, clock.nowNanos()));
        assertEquals(clock.nowNanos() + 50 * MS, g.pollTimeout());
        clock.advanceBy(49 * MS);
        assertEquals(List.of(), poll(g, clock.nowNanos()), "not before one RTT");
        clock.advanceBy(MS);
        assertEquals(List.of(11), poll(g, clock.nowNanos()));
        g.handlePacket(clock.nowNanos(), 11);
        clock.advanceBy(500 * MS);
        assertEquals(List.of(), poll(g, clock.nowNanos()));
        assertEquals(1, g.recovered());
        assertEquals(1, g.recoveredAfterNack());
        assertEquals(2, g.packetsNacked());
        assertEquals(0, g.missingCount());
    }

    @Test
    void givesUpAfterTheRetryLimit() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults().withMaxRetries(3));
        g.handleRoundTripTime(20 * MS);
        g.handlePacket(clock.nowNanos(), 1);
        g.handlePacket(clock.nowNanos(), 3);
        int nacks = 0;
        for (int i = 0; i < 100; i++) {
            long t = g.pollTimeout();
            if (t == Long.MAX_VALUE) break;
            clock.advanceTo(Math.max(t, clock.nowNanos()));
            if (!poll(g, clock.nowNanos()).isEmpty()) nacks++;
        }
        assertEquals(3, nacks);
        assertEquals(1, g.givenUp());
        assertEquals(0, g.missingCount());
        assertEquals(Long.MAX_VALUE, g.pollTimeout());
    }

    @Test
    void forgetsPacketsOlderThanTheMaximumAge() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults().withMaxAgeNanos(300 * MS));
        g.handleRoundTripTime(200 * MS);
        g.handlePacket(clock.nowNanos(), 1);
        g.handlePacket(clock.nowNanos(), 3);
        assertEquals(List.of(2), poll(g, clock.nowNanos()));
        clock.advanceBy(200 * MS);
        assertEquals(List.of(2), poll(g, clock.nowNanos()));
        clock.advanceTo(g.pollTimeout());
        assertEquals(List.of(), poll(g, clock.nowNanos()), "300 ms after it went missing it is given up");
        assertEquals(1, g.givenUp());
        g.handlePacket(clock.nowNanos(), 2);
        assertEquals(0, g.recovered(), "a packet given up is not counted as recovered");
    }

    @Test
    void gapsAcrossTheSequenceNumberWrap() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults());
        g.handlePacket(clock.nowNanos(), 65533);
        g.handlePacket(clock.nowNanos(), 65534);
        g.handlePacket(clock.nowNanos(), 2);
        assertEquals(List.of(0, 1, 65535), poll(g, clock.nowNanos()));
        g.handlePacket(clock.nowNanos(), 65535);
        g.handlePacket(clock.nowNanos(), 0);
        assertEquals(1, g.missingCount());
    }

    @Test
    void aReorderedPacketWithinTheReorderDelayIsNotNacked() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults().withReorderDelayNanos(20 * MS));
        g.handlePacket(clock.nowNanos(), 5);
        g.handlePacket(clock.nowNanos(), 7);
        assertEquals(List.of(), poll(g, clock.nowNanos()));
        clock.advanceBy(10 * MS);
        g.handlePacket(clock.nowNanos(), 6);
        clock.advanceBy(30 * MS);
        assertEquals(List.of(), poll(g, clock.nowNanos()));
        assertEquals(1, g.recovered());
        assertEquals(0, g.packetsNacked());
    }

    @Test
    void trackingIsBoundedByTheCapacity() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults().withCapacity(64));
        g.handlePacket(clock.nowNanos(), 0);
        g.handlePacket(clock.nowNanos(), 1000);
        assertEquals(63, g.missingCount(), "only the newest 63 behind the highest fit the ring");
        assertEquals(999 - 63, g.givenUp());
        List<Integer> first = poll(g, clock.nowNanos());
        assertEquals(63, first.size());
        assertEquals(937, (int) first.get(0));
        // Moving on by half a ring pushes the oldest half out.
        g.handlePacket(clock.nowNanos(), 1032);
        assertEquals(999 - 63 + 32, g.givenUp());
        assertEquals(31 + 31, g.missingCount());
    }

    @Test
    void aLargeLossIsSplitOverSeveralNacks() {
        NackSettings s = new NackSettings(1024, 10, 1_000 * MS, 0, 10 * MS, 100 * MS, 100);
        NackGenerator g = new NackGenerator(1, 2, s);
        g.handlePacket(clock.nowNanos(), 0);
        g.handlePacket(clock.nowNanos(), 251);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 5 && g.pollTimeout() <= clock.nowNanos(); i++) all.addAll(poll(g, clock.nowNanos()));
        assertEquals(250, all.size());
        assertEquals(3, g.nacksSent());
    }

    @Test
    void dueNumbersComeOutAsIntsToo() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults());
        g.handlePacket(clock.nowNanos(), 7);
        g.handlePacket(clock.nowNanos(), 10);
        g.handleTimeout(clock.nowNanos());
        int[] out = new int[256];
        assertEquals(2, g.pollLostSequenceNumbers(out));
        assertEquals(8, out[0]);
        assertEquals(9, out[1]);
        assertEquals(0, g.pollLostSequenceNumbers(out));
        assertNull(g.pollNack());
        assertEquals(1, g.nacksSent());
    }

    @Test
    void duplicatesAndOldPacketsChangeNothing() {
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults());
        g.handlePacket(clock.nowNanos(), 50);
        g.handlePacket(clock.nowNanos(), 50);
        g.handlePacket(clock.nowNanos(), 40);
        g.handlePacket(clock.nowNanos(), 51);
        assertEquals(0, g.missingCount());
        assertEquals(List.of(), poll(g, clock.nowNanos()));
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NackSettings.defaults().withCapacity(1000));
        assertTrue(e.getMessage().contains("capacity"));
        assertThrows(IllegalArgumentException.class, () -> NackSettings.defaults().withMaxRetries(0));
    }
}
