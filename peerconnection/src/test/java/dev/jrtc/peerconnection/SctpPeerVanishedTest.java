package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.sctp.datachannel.DataChannelState;
import dev.jrtc.testkit.Impairments;
import dev.jrtc.testkit.UdpImpairmentProxy;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The peer's SCTP goes silent while ICE and DTLS stay up (a proxy drops every DTLS application-data record, so
 * consent checks still pass): heartbeats go unanswered, Association.Max.Retrans is exceeded (RFC 9260 §8.1), the
 * data channels close and connectionState becomes failed on both sides, while iceConnectionState stays connected.
 */
class SctpPeerVanishedTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();

    @Test
    void aSilentSctpPeerFailsTheConnectionWhileIceStaysUp() throws Exception {
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2)
                .withSctp(SctpSettings.defaults().withFailureDetection(3, Duration.ofSeconds(1), Duration.ofMillis(500)));
        try (PeerConnectionFactory factory = new PeerConnectionFactory(settings);
             UdpImpairmentProxy proxy = new UdpImpairmentProxy(7)) {
            UdpImpairmentProxy.Link link = proxy.link(Impairments.NONE);
            RtcConfiguration config = RtcConfiguration.defaults().withCertificate(CERT);
            PeerConnection a = factory.createPeerConnection(config);
            PeerConnection b = factory.createPeerConnection(config);
            CountDownLatch aFailed = new CountDownLatch(1);
            CountDownLatch bFailed = new CountDownLatch(1);
            a.onConnectionStateChange(s -> {
                if (s == RtcPeerConnectionState.FAILED) aFailed.countDown();
            });
            b.onConnectionStateChange(s -> {
                if (s == RtcPeerConnectionState.FAILED) bFailed.countDown();
            });
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            b.onDataChannel(ch -> ch.onMessage(m -> atB.add(m.text())));
            RtcDataChannel channel = a.createDataChannel("chat");
            CompletableFuture<Void> open = new CompletableFuture<>();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            channel.onOpen(() -> open.complete(null));
            channel.onClose(() -> closed.complete(null));
            ProxiedPeerPair.negotiate(a, b, link);
            open.get(15, TimeUnit.SECONDS);
            channel.send("through the proxy");
            assertEquals("through the proxy", atB.poll(10, TimeUnit.SECONDS));

            // DTLS application data (content type 23) carries SCTP; STUN consent checks pass untouched.
            link.setFilter(d -> (d[0] & 0xFF) == 23);
            long start = System.nanoTime();
            assertTrue(aFailed.await(30, TimeUnit.SECONDS), "a: " + a.connectionState());
            assertTrue(bFailed.await(30, TimeUnit.SECONDS), "b: " + b.connectionState());
            double seconds = (System.nanoTime() - start) / 1e9;
            // Heartbeat after 1 s + RTO, then four unanswered (the RTO backs off to its 500 ms cap): a few seconds.
            assertTrue(seconds >= 1 && seconds < 25, "failed after " + seconds + " s");
            closed.get(5, TimeUnit.SECONDS);
            assertEquals(DataChannelState.CLOSED, channel.readyState());
            RtcIceConnectionState ice = a.iceConnectionState();
            assertTrue(ice == RtcIceConnectionState.CONNECTED || ice == RtcIceConnectionState.COMPLETED,
                    "ICE consent still answered: " + ice);
            assertTrue(link.filtered() > 0, link.toString());
            a.close();
            b.close();
        }
    }
}
