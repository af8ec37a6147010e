package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RTCP between two connections over loopback (RFC 3550 §6.4, RFC 4585 §6.3.1): the receiver's reports reach the
 * sender as remote-inbound-rtp with loss and a round-trip time, and a key-frame request from the receiver fires the
 * sender's listener.
 */
class RtcpFeedbackTest {

    @Test
    void reportsGiveLossAndRoundTripAndPliReachesTheSender() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256()));
            MediaStreamTrack camera = MediaStreamTrack.video("cam");
            RtpSender sender = pair.a.addTrack(camera, "s");
            CompletableFuture<Void> keyFrame = new CompletableFuture<>();
            sender.onKeyFrameRequest(() -> keyFrame.complete(null));
            BlockingQueue<RtcTrackEvent> tracks = new LinkedBlockingQueue<>();
            pair.b.onTrack(tracks::add);
            PeerPair.negotiate(pair.a, pair.b);
            assertTrue(pair.awaitConnected(15));
            RtcTrackEvent track = tracks.poll(10, TimeUnit.SECONDS);
            assertNotNull(track);

            byte[] rtp = new byte[112];
            RtpHeaderWriter header = new RtpHeaderWriter().payloadType(96);
            long end = System.nanoTime() + 2_500_000_000L;
            int seq = 0;
            while (System.nanoTime() < end) {
                header.sequenceNumber(seq).timestamp(seq * 3000L).write(rtp, 0);
                camera.writeRtp(rtp, 0, rtp.length);
                seq++;
                Thread.sleep(20);
            }
            List<RtcStats> remote = pair.a.getStats().get(5, TimeUnit.SECONDS).ofType("remote-inbound-rtp");
            assertEquals(1, remote.size(), "B's receiver reports about A's stream reached A");
            RtcStats r = remote.get(0);
            assertEquals(sender.ssrc(), r.get("ssrc"));
            assertEquals(0L, r.get("packetsLost"), "nothing is lost on loopback");
            Object rtt = r.get("roundTripTime");
            assertNotNull(rtt, "B echoed A's SR (LSR/DLSR), so A knows the round trip");
            assertTrue((Double) rtt >= 0 && (Double) rtt < 0.5, "rtt " + rtt);

            track.receiver().requestKeyFrame();
            keyFrame.get(5, TimeUnit.SECONDS);
            assertEquals(1L, pair.a.getStats().get(5, TimeUnit.SECONDS).ofType("outbound-rtp").get(0).get("pliCount"));
            pair.close();
        }
    }
}
