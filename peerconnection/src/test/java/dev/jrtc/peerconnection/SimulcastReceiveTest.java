package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.ExtMap;
import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.RtpHeaderWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Simulcast receive between two PeerConnections: the offer is made simulcast the way Chromium writes it (rids q and h
 * sent, {@code a=simulcast:send q;h}, no {@code a=ssrc}); the answerer accepts both layers, learns the SSRC of a
 * layer from the RtpStreamId header extension of its first packets (RFC 8852 §3.1) and keeps routing it by SSRC once
 * the extension stops, reports it in getStats with its rid, and asks that layer alone for a key frame.
 */
class SimulcastReceiveTest {
    @Test
    void aLayerIsLearnedFromItsRidAndRoutedBySsrc() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withEventLoopThreads(1));
             PeerPair pair = new PeerPair(f, RtcConfiguration.defaults())) {
            MediaStreamTrack camera = MediaStreamTrack.video("cam");
            RtpTransceiver sending = pair.a.addTransceiver(camera, Direction.SENDONLY, "s");
            BlockingQueue<RtcTrackEvent> tracks = new LinkedBlockingQueue<>();
            pair.b.onTrack(tracks::add);

            RtcSessionDescription offer = pair.a.setLocalDescription().get(5, TimeUnit.SECONDS);
            pair.b.setRemoteDescription(RtcSessionDescription.offer(simulcast(offer.sdp()))).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = pair.b.setLocalDescription().get(5, TimeUnit.SECONDS);
            assertTrue(answer.sdp().contains("a=rid:q recv\r\na=rid:h recv\r\na=simulcast:recv q;h\r\n"), answer.sdp());
            pair.a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
            assertTrue(pair.awaitConnected(15));
            RtcTrackEvent event = tracks.poll(10, TimeUnit.SECONDS);
            assertNotNull(event);
            RtpReceiver receiver = event.receiver();
            assertEquals(List.of("q", "h"), receiver.rids());

            BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
            event.track().onRtp(received::add);
            CountDownLatch keyFrameAsked = new CountDownLatch(1);
            sending.sender().onKeyFrameRequest(keyFrameAsked::countDown);

            int ridId = extensionId(offer.sdp(), ExtMap.SDES_RID);
            byte[] rtp = new byte[200];
            // Packets without a rid and without an SSRC in the offer cannot be placed in a simulcast transceiver.
            RtpHeaderWriter plain = new RtpHeaderWriter().payloadType(96);
            for (int seq = 0; seq < 5; seq++) {
                plain.sequenceNumber(seq).timestamp(seq * 3000L).marker(true).write(rtp, 0);
                camera.writeRtp(rtp, 0, rtp.length);
            }
            assertTrue(waitFor(() -> transport(pair.b, "jrtcRtpUnroutable") >= 5), "unroutable: " + transport(pair.b, "jrtcRtpUnroutable"));
            // Then the layer q: the rid in the first 10 packets only, as browsers stop sending it once reported on.
            RtpHeaderWriter withRid = new RtpHeaderWriter().payloadType(96).extension(ridId, "q".getBytes(StandardCharsets.US_ASCII));
            for (int seq = 5; seq < 55; seq++) {
                RtpHeaderWriter h = seq < 15 ? withRid : plain;
                int n = h.sequenceNumber(seq).timestamp(seq * 3000L).marker(true).write(rtp, 0);
                camera.writeRtp(rtp, 0, n + 100);
                Thread.sleep(2);
            }
            AtomicInteger count = new AtomicInteger();
            long ssrc = -1;
            for (int i = 0; i < 50; i++) {
                byte[] p = received.poll(10, TimeUnit.SECONDS);
                assertNotNull(p, "packet " + i + " of layer q");
                ssrc = RtpHeader.ssrc(p, 0);
                assertEquals("q", receiver.rid(ssrc));
                count.incrementAndGet();
            }
            assertEquals(sending.sender().ssrc(), ssrc);

            RtcStats inbound = pair.b.getStats().get(5, TimeUnit.SECONDS).ofType("inbound-rtp").get(0);
            assertEquals("q", inbound.get("rid"));
            assertEquals(50L, inbound.get("packetsReceived"));

            receiver.requestKeyFrame("q");
            assertTrue(keyFrameAsked.await(10, TimeUnit.SECONDS), "a PLI for the SSRC of layer q reaches the sender");
            assertThrows(IllegalArgumentException.class, () -> receiver.requestKeyFrame("x"));
        }
    }

    /** The offer's video section made simulcast as Chromium writes it: rids q and h, no a=ssrc lines. */
    private static String simulcast(String sdp) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=ssrc")) continue;
            out.append(line).append("\r\n");
            if (line.startsWith("a=msid:")) out.append("a=rid:q send\r\na=rid:h send\r\na=simulcast:send q;h\r\n");
        }
        return out.toString();
    }

    private static int extensionId(String sdp, String uri) {
        Matcher m = Pattern.compile("a=extmap:(\\d+) " + Pattern.quote(uri)).matcher(sdp);
        assertTrue(m.find(), "the offer has " + uri);
        return Integer.parseInt(m.group(1));
    }

    private static long transport(PeerConnection pc, String member) {
        Object v = pc.getStats().join().get("T01").get(member);
        return v instanceof Number n ? n.longValue() : -1;
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
