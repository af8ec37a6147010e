package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.ice.IceTransportPolicy;
import dev.jrtc.testkit.Coturn;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code iceServers} with a turn: URL and {@code iceTransportPolicy: "relay"} (W3C webrtc §4.2.4, RFC 8656) against
 * a real coturn on loopback: the relay-only side signals and uses only its relayed candidate, and the data channel
 * works through the relay.
 */
class PeerConnectionTurnTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();

    @Test
    void relayOnlyConnectionTalksThroughCoturn() throws Exception {
        try (Coturn coturn = Coturn.start();
             PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            String url = "turn:127.0.0.1:" + coturn.address().getPort() + "?transport=udp";
            RtcConfiguration relayOnly = RtcConfiguration.defaults().withCertificate(CERT)
                    .withIceServers(List.of(IceServer.turn(url, Coturn.USER, Coturn.PASSWORD)))
                    .withIceTransportPolicy(IceTransportPolicy.RELAY);
            PeerConnection a = f.createPeerConnection(relayOnly);
            PeerConnection b = f.createPeerConnection(RtcConfiguration.defaults().withCertificate(CERT));
            BlockingQueue<String> candidates = new LinkedBlockingQueue<>();
            PeerPair pair = new PeerPair(a, b);
            a.onIceCandidate(c -> {
                if (c != null) candidates.add(c.candidate());
            });
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            b.onDataChannel(ch -> ch.onMessage(m -> atB.add(m.text())));
            RtcDataChannel ch = a.createDataChannel("relayed");
            CompletableFuture<Void> open = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(null));

            // The relayed candidate arrives by trickle (the allocation takes a round trip): signal it.
            RtcSessionDescription offer = a.setLocalDescription().get(5, TimeUnit.SECONDS);
            b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            String relayed = candidates.poll(10, TimeUnit.SECONDS);
            assertTrue(relayed != null && relayed.contains("typ relay"), "relay-only gathers a relay candidate: " + relayed);
            b.addIceCandidate(new RtcIceCandidate(relayed, "0", 0, null)).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = b.setLocalDescription().get(5, TimeUnit.SECONDS);
            a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);

            open.get(20, TimeUnit.SECONDS);
            ch.send("through the relay");
            assertEquals("through the relay", atB.poll(10, TimeUnit.SECONDS));
            RtcStatsReport stats = a.getStats().get(5, TimeUnit.SECONDS);
            String pairId = (String) stats.get("T01").get("selectedCandidatePairId");
            RtcStats local = stats.get((String) stats.get(pairId).get("localCandidateId"));
            assertEquals("relay", local.get("candidateType"));
            assertTrue(stats.ofType("local-candidate").stream().allMatch(c -> "relay".equals(c.get("candidateType"))),
                    "relay policy pairs nothing else");
            pair.close();
            assertTrue(coturn.isAlive());
        }
    }

    @Test
    void relayPolicyWithoutTurnServerIsRejected() {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            RtcConfiguration config = RtcConfiguration.defaults().withIceTransportPolicy(IceTransportPolicy.RELAY);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.createPeerConnection(config));
            assertTrue(e.getMessage().contains("RELAY"), e.getMessage());
        }
    }
}
