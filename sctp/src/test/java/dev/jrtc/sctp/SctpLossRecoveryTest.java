package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loss recovery of a bulk transfer over a long path (RFC 9260 §7.2.4), in virtual time: what is lost is sent again
 * about once, not over and over, whether the loss is random or a bottleneck's queue overflowing.
 */
class SctpLossRecoveryTest {
    private static final long MS = LossyPath.MS;
    private static final long SECOND = LossyPath.SECOND;

    @Test
    void randomLossIsRepairedWithAboutOneRetransmissionPerLostPacketAndNoTimeouts() {
        LossyPath p = new LossyPath(SctpConfig.defaults(new Random(1)), SctpConfig.defaults(new Random(2)), 25 * MS, 0.01, 1, 0, 0);
        assertTrue(p.connect());
        long bytes = p.transfer(40 * SECOND);
        assertTrue(bytes > 4_000_000, "delivered " + bytes);
        assertTrue(p.lostData > 50, "lost " + p.lostData);
        // Each lost DATA packet (one chunk: 16 KiB messages fill packets) costs one retransmission, a lost
        // retransmission another, and a tail loss probe after a lost SACK resends a chunk that had arrived.
        assertTrue(p.a.retransmittedChunks() <= p.lostData * 5 / 4 + 2,
                p.a.retransmittedChunks() + " retransmissions for " + p.lostData + " lost DATA packets");
        assertEquals(0, p.a.lossRecoveries()[0], "no T3 expiry: fast retransmit and the probe repair everything");
    }

    @Test
    void aFullBottleneckQueueCostsAboutOneRetransmissionPerDropNotAStorm() {
        // 1 MB/s with 60 KB of buffer, no random loss: slow start overshoots, the queue overflows now and then.
        LossyPath p = new LossyPath(SctpConfig.defaults(new Random(3)), SctpConfig.defaults(new Random(4)), 25 * MS, 0, 1,
                1_000_000, 60_000);
        assertTrue(p.connect());
        long bytes = p.transfer(40 * SECOND);
        long packets = bytes / 1100;
        assertTrue(bytes > 0.9 * 40 * 1_000_000, "a bottleneck of 1 MB/s mostly used: " + bytes);
        assertTrue(p.queueDrops < packets / 100, p.queueDrops + " dropped at the queue for " + packets + " delivered");
        assertTrue(p.a.retransmittedChunks() <= 2 * p.queueDrops + 10,
                p.a.retransmittedChunks() + " retransmissions for " + p.queueDrops + " drops");
    }
}
