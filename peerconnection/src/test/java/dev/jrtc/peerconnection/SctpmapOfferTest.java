package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.SessionDescription;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offers in the older data-channel form ({@code DTLS/SCTP 5000} with {@code a=sctpmap}, as aiortc sends) are
 * answered in that form: setLocalDescription used to fail with "InvalidAccessError: the description has no accepted
 * m-section" because the section was rejected. Loopback only.
 */
class SctpmapOfferTest {
    private PeerConnectionFactory factory;

    @BeforeEach
    void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
    }

    @AfterEach
    void stop() {
        factory.close();
    }

    @Test
    void aRealAiortcOfferIsAnsweredInItsOwnForm() throws Exception {
        String offer = fixture("sdp/aiortc-1.4-offer.sdp");
        try (PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults())) {
            pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
            RtcSessionDescription answer = pc.setLocalDescription().get(10, TimeUnit.SECONDS);
            assertEquals(SignalingState.STABLE, pc.signalingState());
            MediaDescription m = SessionDescription.parse(answer.sdp()).media().get(0);
            assertEquals("application 9 DTLS/SCTP 5000", m.mediaLineValue());
            assertEquals("5000 webrtc-datachannel 65535", m.attributeValue("sctpmap").orElseThrow());
            assertFalse(m.hasAttribute("sctp-port"));
        }
    }

    /**
     * Two jrtc peers, the offer rewritten to the older form on its way (as if an older stack had written it): the
     * answer comes back in that form, the offerer applies it, and a channel opens and carries messages both ways,
     * one of them bigger than an SCTP packet.
     */
    @Test
    void aChannelOpensAndCarriesDataWhenTheOfferUsesSctpmap() throws Exception {
        try (PeerPair pair = new PeerPair(factory, RtcConfiguration.defaults())) {
            RtcDataChannel ch = pair.a.createDataChannel("legacy");
            CompletableFuture<Void> open = new CompletableFuture<>();
            CompletableFuture<byte[]> echoed = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(null));
            ch.onMessage(m -> echoed.complete(m.data()));
            pair.b.onDataChannel(remote -> remote.onMessage(m -> remote.send(m.data())));

            RtcSessionDescription offer = pair.a.setLocalDescription().get(10, TimeUnit.SECONDS);
            String old = offer.sdp().replace("UDP/DTLS/SCTP webrtc-datachannel", "DTLS/SCTP 5000")
                    .replace("a=sctp-port:5000\r\n", "a=sctpmap:5000 webrtc-datachannel 1024\r\n")
                    .replace("a=max-message-size:262144\r\n", "");
            assertTrue(old.contains("a=sctpmap:5000") && !old.contains("webrtc-datachannel\r\n"), old);
            pair.b.setRemoteDescription(RtcSessionDescription.offer(old)).get(10, TimeUnit.SECONDS);
            RtcSessionDescription answer = pair.b.setLocalDescription().get(10, TimeUnit.SECONDS);
            assertTrue(answer.sdp().contains("m=application 9 DTLS/SCTP 5000\r\n"), answer.sdp());
            pair.a.setRemoteDescription(answer).get(10, TimeUnit.SECONDS);

            open.get(20, TimeUnit.SECONDS);
            byte[] data = new byte[20_000];
            new Random(5).nextBytes(data);
            ch.send(data);
            assertArrayEquals(data, echoed.get(20, TimeUnit.SECONDS));
            assertTrue(pair.errors.isEmpty(), pair.errors.toString());
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = SctpmapOfferTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
