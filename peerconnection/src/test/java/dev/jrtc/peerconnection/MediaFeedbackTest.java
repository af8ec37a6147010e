package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * NACK, RTX and transport-wide congestion control between two PeerConnections over loopback, with the network's
 * misbehaviour made in user space ({@link RtpImpairment}): losses on the sender's way out are repaired, and a rate
 * limit on the receiver's way in pulls the sender's estimate down.
 */
class MediaFeedbackTest {
    /** Drops packets with probability {@code rate} (seeded) while {@code on}. */
    static final class RandomLoss implements RtpImpairment {
        private final Random random;
        private final double rate;
        volatile boolean on = true;

        RandomLoss(long seed, double rate) {
            this.random = new Random(seed);
            this.rate = rate;
        }

        @Override
        public long delayNanos(long nowNanos, byte[] packet, int length) {
            return on && random.nextDouble() < rate ? -1 : 0;
        }
    }

    /** A link of {@code bitsPerSecond} with a drop-tail queue: packets wait their turn, and overflow is dropped. */
    static final class RateLimit implements RtpImpairment {
        private final long bitsPerSecond;
        private final long queueBytes;
        private long busyUntil = Long.MIN_VALUE;

        RateLimit(long bitsPerSecond, long queueBytes) {
            this.bitsPerSecond = bitsPerSecond;
            this.queueBytes = queueBytes;
        }

        @Override
        public long delayNanos(long nowNanos, byte[] packet, int length) {
            long start = Math.max(nowNanos, busyUntil);
            if ((start - nowNanos) * bitsPerSecond / 8_000_000_000L + length > queueBytes) return -1;
            busyUntil = start + length * 8L * 1_000_000_000L / bitsPerSecond;
            return busyUntil - nowNanos;
        }
    }

    private static RtcStats one(PeerConnection pc, String type) throws Exception {
        List<RtcStats> s = pc.getStats().get(5, TimeUnit.SECONDS).ofType(type);
        assertEquals(1, s.size(), type);
        return s.get(0);
    }

    @Test
    void lossOnTheWayOutIsRepairedWithNackAndRtx() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withEventLoopThreads(1))) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256()));
            MediaStreamTrack camera = MediaStreamTrack.video("cam");
            pair.a.addTrack(camera, "s");
            BlockingQueue<RtcTrackEvent> tracks = new LinkedBlockingQueue<>();
            pair.b.onTrack(tracks::add);
            PeerPair.negotiate(pair.a, pair.b);
            assertTrue(pair.awaitConnected(15));
            RtcTrackEvent track = tracks.poll(10, TimeUnit.SECONDS);
            assertNotNull(track);
            BitSet received = new BitSet();
            List<Integer> duplicates = new CopyOnWriteArrayList<>();
            track.track().onRtp(p -> {
                int seq = RtpHeader.sequenceNumber(p, 0);
                synchronized (received) {
                    if (received.get(seq)) duplicates.add(seq);
                    received.set(seq);
                }
            });
            RandomLoss loss = new RandomLoss(5, 0.05);
            pair.a.setRtpImpairments(loss, null);

            byte[] rtp = new byte[1000];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(96);
            int packets = 400;
            for (int seq = 0; seq < packets + 20; seq++) {
                if (seq == packets) loss.on = false; // the last packets arrive, so every loss before them shows
                header.sequenceNumber(seq).timestamp(seq / 4 * 3000L).marker(seq % 4 == 3).write(rtp, 0);
                camera.writeRtp(rtp, 0, rtp.length);
                Thread.sleep(2);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline) {
                synchronized (received) {
                    if (received.cardinality() == packets + 20) break;
                }
                Thread.sleep(20);
            }
            synchronized (received) {
                assertEquals(packets + 20, received.cardinality(), "missing: " + missing(received, packets + 20));
            }
            assertEquals(List.of(), duplicates, "each packet is delivered once");
            RtcStats inbound = one(pair.b, "inbound-rtp");
            RtcStats outbound = one(pair.a, "outbound-rtp");
            RtcStats transport = one(pair.a, "transport");
            long dropped = (Long) transport.get("jrtcRtpImpairedOutgoing");
            assertTrue(dropped >= 5, "the impairment dropped packets: " + dropped);
            assertTrue((Long) inbound.get("nackCount") > 0, "B sent NACKs");
            assertTrue((Long) outbound.get("nackCount") > 0, "A got NACKs");
            assertTrue((Long) outbound.get("retransmittedPacketsSent") >= dropped - 2, "A resent them as RTX");
            assertTrue((Long) inbound.get("retransmittedPacketsReceived") > 0, "B unwrapped RTX into the stream");
            assertEquals((long) packets + 20, inbound.get("packetsReceived"), "RTX repairs count as packets of the stream");
            pair.close();
        }
    }

    @Test
    void aPacketThatNackCannotBringBackCostsAKeyFrameRequest() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withEventLoopThreads(1))) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256()));
            MediaStreamTrack camera = MediaStreamTrack.video("cam");
            RtpSender sender = pair.a.addTrack(camera, "s");
            java.util.concurrent.CompletableFuture<Void> keyFrame = new java.util.concurrent.CompletableFuture<>();
            sender.onKeyFrameRequest(() -> keyFrame.complete(null));
            PeerPair.negotiate(pair.a, pair.b);
            assertTrue(pair.awaitConnected(15));
            // Packet 10 and every retransmission (RTX has another SSRC) are lost on A's way out.
            pair.a.setRtpImpairments((now, p, len) -> RtpHeader.sequenceNumber(p, 0) == 10
                    || ((p[8] & 0xFFL) << 24 | (p[9] & 0xFF) << 16 | (p[10] & 0xFF) << 8 | (p[11] & 0xFF)) != sender.ssrc()
                    ? -1 : 0, null);
            byte[] rtp = new byte[200];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(96);
            for (int seq = 0; seq < 100; seq++) {
                header.sequenceNumber(seq).timestamp(seq * 3000L).marker(true).write(rtp, 0);
                camera.writeRtp(rtp, 0, rtp.length);
                Thread.sleep(20);
                if (keyFrame.isDone()) break;
            }
            keyFrame.get(10, TimeUnit.SECONDS);
            RtcStats inbound = one(pair.b, "inbound-rtp");
            assertTrue((Long) inbound.get("nackCount") >= 2, "B asked again before giving up: " + inbound.members());
            assertTrue((Long) inbound.get("pliCount") >= 1, "then asked for a key frame: " + inbound.members());
            pair.close();
        }
    }

    private static String missing(BitSet received, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = received.nextClearBit(0); i < n; i = received.nextClearBit(i + 1)) b.append(i).append(' ');
        return b.toString();
    }

    @Test
    void theEstimateFollowsARateLimitOnTheReceiversSide() throws Exception {
        // In virtual time (VirtualPeers): 15 s of media take a moment and every run is the same.
        try (VirtualPeers pair = new VirtualPeers(3, dev.jrtc.testkit.LinkConditions.delayMillis(5))) {
            MediaStreamTrack camera = MediaStreamTrack.video("cam");
            pair.a.addTrack(camera, "s");
            List<Long> targets = new CopyOnWriteArrayList<>();
            pair.a.onTargetBitrate(targets::add);
            pair.negotiate(pair.a, pair.b);
            pair.awaitConnected(15 * VirtualPeers.SECOND);
            // B's side of the path carries 250 kbit/s with a 25 kB queue (0.8 s at that rate).
            pair.b.setRtpImpairments(null, new RateLimit(250_000, 25_000));

            // A sends what the estimate allows, as an encoder following onTargetBitrate would: a frame every 100 ms.
            byte[] rtp = new byte[1000];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(96);
            int seq = 0;
            for (int frame = 0; frame < 150; frame++) {
                long target = targets.isEmpty() ? 300_000 : targets.get(targets.size() - 1);
                int n = (int) Math.max(1, target / 8 / 10 / 1000);
                for (int i = 0; i < n; i++, seq++) {
                    header.sequenceNumber(seq).timestamp(frame * 9000L).marker(i == n - 1).write(rtp, 0);
                    camera.writeRtp(rtp, 0, rtp.length);
                }
                pair.world.runFor(100_000_000L);
            }
            RtcStats pairStats = null;
            for (RtcStats s : pair.world.await(pair.a.getStats()).ofType("candidate-pair")) {
                if (s.get("availableOutgoingBitrate") != null) pairStats = s;
            }
            assertNotNull(pairStats, "the selected pair reports availableOutgoingBitrate");
            double available = (Double) pairStats.get("availableOutgoingBitrate");
            assertTrue(available < 400_000, "estimate " + available + " with a 250 kbit/s limit; targets " + targets);
            assertTrue(available >= 100_000, "estimate " + available + "; targets " + targets);
            assertTrue(!targets.isEmpty(), "onTargetBitrate fired");
            assertTrue(targets.get(targets.size() - 1) < 400_000, "last target " + targets);
        }
    }
}
