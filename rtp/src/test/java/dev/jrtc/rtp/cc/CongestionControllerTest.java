package dev.jrtc.rtp.cc;

import static dev.jrtc.rtp.cc.CongestionControlSimulation.MS;
import static dev.jrtc.rtp.cc.CongestionControlSimulation.SECOND;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GCC estimate (draft-ietf-rmcat-gcc-02) against a bottleneck in virtual time: it converges near the capacity,
 * backs off when the capacity drops (queue build-up) or packets are lost, and ramps up when the capacity rises.
 */
class CongestionControllerTest {
    private static final LinkConditions PATH = new LinkConditions(25 * MS, 0, 0, 0, 0);

    private static double mean(List<Long> xs, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += xs.get(i);
        return s / (to - from);
    }

    @Test
    void convergesBacksOffAndRampsUp() {
        CongestionControlSimulation sim = new CongestionControlSimulation(1, 1_000_000, 40_000, PATH);
        sim.runUntil(40 * SECOND);
        sim.bottleneck.setRate(2_500_000);
        sim.runUntil(100 * SECOND);
        sim.bottleneck.setRate(500_000);
        sim.runUntil(130 * SECOND);
        System.out.println("target kbit/s per second: " + sim.targetPerSecond.stream().map(x -> x / 1000).toList());
        System.out.println("received kbit/s per second: " + sim.receivedBitsPerSecond.stream().map(x -> x / 1000).toList());
        System.out.println("max delay ms per second: " + sim.maxDelayPerSecond.stream().map(x -> x / MS).toList());
        double at1M = mean(sim.targetPerSecond, 25, 40);
        assertTrue(at1M > 700_000 && at1M < 1_100_000, "1 Mbit/s: " + at1M);
        double at25M = mean(sim.targetPerSecond, 85, 100);
        assertTrue(at25M > 1_800_000 && at25M < 2_750_000, "2.5 Mbit/s: " + at25M);
        double at05M = mean(sim.targetPerSecond, 110, 130);
        assertTrue(at05M > 300_000 && at05M < 550_000, "0.5 Mbit/s: " + at05M);
        // Backing off: within two seconds of the drop the target is below the new capacity and the queue drained.
        assertTrue(sim.targetPerSecond.get(101) < 500_000, "after the drop: " + sim.targetPerSecond.get(101));
        assertTrue(mean(sim.maxDelayPerSecond, 105, 130) < 100 * MS, "queueing delay after the drop");
        // While the capacity holds still, the queue stays short (25 ms path, a 40 kB queue would be 320 ms at 1 Mbit/s).
        assertTrue(mean(sim.maxDelayPerSecond, 25, 40) < 80 * MS, "queueing delay at 1 Mbit/s");
    }

    @Test
    void jitterAloneIsNotTakenForCongestion() {
        LinkConditions jittery = new LinkConditions(25 * MS, 10 * MS, 0, 0, 0);
        CongestionControlSimulation sim = new CongestionControlSimulation(2, 1_500_000, 60_000, jittery);
        sim.runUntil(45 * SECOND);
        double mean = mean(sim.targetPerSecond, 30, 45);
        assertTrue(mean > 1_000_000 && mean < 1_650_000, "1.5 Mbit/s with 10 ms jitter: " + mean);
    }

    @Test
    void randomLossAboveTenPercentCutsTheRateAndLittleLossDoesNot() {
        // No bottleneck to speak of: only loss can hold the rate down.
        CongestionControlSimulation lossy = new CongestionControlSimulation(3, 100_000_000, 1_000_000,
                new LinkConditions(25 * MS, 0, 0.2, 0, 0));
        lossy.runUntil(30 * SECOND);
        CongestionControlSimulation clean = new CongestionControlSimulation(3, 100_000_000, 1_000_000,
                new LinkConditions(25 * MS, 0, 0.01, 0, 0));
        clean.runUntil(30 * SECOND);
        assertTrue(lossy.cc.targetBitrate() < 200_000, "20% loss: " + lossy.cc.targetBitrate());
        assertTrue(lossy.cc.packetsLost() > 0);
        assertTrue(clean.cc.targetBitrate() > 2_000_000, "1% loss: " + clean.cc.targetBitrate());
    }
}
