package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Congestion control of whole associations in virtual time ({@link LossyPath}): RFC 9260 §7.2 by default, another
 * through {@link SctpConfig#withCongestionControl}; both reliable and in order over a lossy 50 ms path, both
 * backing off at a full bottleneck, and {@link WestwoodCongestionControl} well ahead under random loss.
 */
class SctpCongestionControlTest {
    private static final long MS = LossyPath.MS;
    private static final long SECOND = LossyPath.SECOND;
    private static final CongestionController.Factory RFC9260 = Rfc9260CongestionControl::new;
    private static final CongestionController.Factory WESTWOOD = WestwoodCongestionControl::new;

    private static LossyPath path(CongestionController.Factory cc, long seed, double loss, long bottleneck, long queue) {
        LossyPath p = new LossyPath(SctpConfig.defaults(new Random(seed)).withCongestionControl(cc),
                SctpConfig.defaults(new Random(seed + 100)), 25 * MS, loss, seed, bottleneck, queue);
        assertTrue(p.connect());
        return p;
    }

    /** Bytes per second over 30 s after 10 s of warm-up, the mean of three seeds; every message in order. */
    private static double rate(CongestionController.Factory cc, double loss, long bottleneck, long queue) {
        double sum = 0;
        for (long seed = 1; seed <= 3; seed++) {
            LossyPath p = path(cc, seed, loss, bottleneck, queue);
            p.transfer(10 * SECOND);
            sum += p.transfer(30 * SECOND) / 30.0;
            assertEquals(0, p.misordered, "reliable and ordered");
        }
        return sum / 3;
    }

    @Test
    void rfc9260IsTheDefault() {
        assertInstanceOf(Rfc9260CongestionControl.class, SctpConfig.defaults(new Random(1)).congestionControl().create(1163));
        assertEquals(4380, new SctpAssociation(SctpConfig.defaults(new Random(1))).congestionWindow());
    }

    @Test
    void aPluggedControllerDecidesWhatIsInFlight() {
        // A fixed window of two packets: two packets per 50 ms round trip, whatever the path could carry.
        CongestionController.Factory twoPackets = mtu -> new CongestionController() {
            @Override public long congestionWindow() {
                return 2L * mtu;
            }
            @Override public long slowStartThreshold() {
                return 2L * mtu;
            }
            @Override public void onAcknowledged(long now, long bytes, boolean cumulativeAdvanced, boolean inFastRecovery, long flight) { }
            @Override public void onFastRetransmit(long now) { }
            @Override public void onRetransmissionTimeout(long now) { }
        };
        LossyPath p = path(twoPackets, 1, 0, 0, 0);
        assertEquals(2 * 1163, p.a.congestionWindow());
        long bytes = p.transfer(10 * SECOND);
        long ceiling = 2 * 1163 * (10 * SECOND / (50 * MS));
        assertTrue(bytes <= ceiling && bytes > ceiling / 2, bytes + " bytes in 10 s, at most " + ceiling);
    }

    @Test
    void rfc9260UnderRandomLossFollowsTheMathisBound() {
        // Mathis et al. (1997): rate = MSS / RTT * sqrt(3/2) / sqrt(p), for 1 % loss of 1132-byte packets at 50 ms.
        double mathis = 1132 / 0.050 * Math.sqrt(1.5) / Math.sqrt(0.01);
        double rate = rate(RFC9260, 0.01, 0, 0);
        assertTrue(rate > 0.7 * mathis && rate < 1.3 * mathis, rate + " B/s against " + mathis);
    }

    @Test
    void westwoodKeepsMoreThanTwiceTheRateUnderRandomLoss() {
        double rfc = rate(RFC9260, 0.01, 0, 0);
        double westwood = rate(WESTWOOD, 0.01, 0, 0);
        assertTrue(westwood > 2 * rfc, "westwood " + westwood + " B/s, RFC 9260 " + rfc);
    }

    @Test
    void bothFillABottleneckWithoutOverflowingItsQueue() {
        for (CongestionController.Factory cc : new CongestionController.Factory[] {RFC9260, WESTWOOD}) {
            LossyPath p = path(cc, 1, 0, 1_000_000, 60_000);
            p.transfer(10 * SECOND);
            long drops = p.queueDrops;
            long bytes = p.transfer(30 * SECOND);
            assertTrue(bytes > 0.9 * 30 * 1_000_000, cc + ": " + bytes + " bytes through a 1 MB/s bottleneck in 30 s");
            assertTrue(p.queueDrops - drops < bytes / 1100 / 100, cc + ": " + (p.queueDrops - drops) + " dropped at the queue");
            assertEquals(0, p.misordered);
        }
    }
}
