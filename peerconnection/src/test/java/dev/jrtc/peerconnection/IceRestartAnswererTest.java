package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ICE restart driven by the remote peer (RFC 8445 §9, JSEP RFC 8829 §5.3.2, RFC 8839 §4.4.1.1.1): an offer with new
 * ice-ufrag/ice-pwd gets an answer with new local credentials too, both sides' ICE sessions start over and nominate
 * a pair of the new generation, and the data channel keeps working. An offer without a restart keeps them.
 */
class IceRestartAnswererTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();

    private static String ufrag(String sdp) {
        return sdp.replaceAll("(?s).*?a=ice-ufrag:(\\S+).*", "$1");
    }

    private static String pwd(String sdp) {
        return sdp.replaceAll("(?s).*?a=ice-pwd:(\\S+).*", "$1");
    }

    private static String statsUfrag(PeerConnection pc) throws Exception {
        return (String) pc.getStats().get(5, TimeUnit.SECONDS).get("T01").get("iceLocalUsernameFragment");
    }

    private static boolean nominatedPair(PeerConnection pc) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            // The restart cleared the check list: a nominated pair in it belongs to the new generation.
            boolean nominated = pc.getStats().get(5, TimeUnit.SECONDS).ofType("candidate-pair").stream()
                    .anyMatch(p -> Boolean.TRUE.equals(p.get("nominated")));
            if (nominated) return true;
            Thread.sleep(20);
        }
        return false;
    }

    @Test
    void aRemoteRestartOfferGetsAnAnswerWithNewCredentials() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2))) {
            PeerPair pair = new PeerPair(f, RtcConfiguration.defaults().withCertificate(CERT));
            BlockingQueue<String> atA = new LinkedBlockingQueue<>();
            BlockingQueue<String> atB = new LinkedBlockingQueue<>();
            CompletableFuture<RtcDataChannel> bSide = new CompletableFuture<>();
            pair.b.onDataChannel(ch -> {
                ch.onMessage(m -> atB.add(m.text()));
                bSide.complete(ch);
            });
            RtcDataChannel ch = pair.a.createDataChannel("c");
            ch.onMessage(m -> atA.add(m.text()));
            CompletableFuture<Void> open = new CompletableFuture<>();
            ch.onOpen(() -> open.complete(null));
            PeerPair.negotiate(pair.a, pair.b);
            open.get(15, TimeUnit.SECONDS);
            String aUfrag = statsUfrag(pair.a);
            String bUfrag = statsUfrag(pair.b);
            String bPwd = pwd(pair.b.localDescription().sdp());

            // A renegotiation without restart keeps the answerer's credentials (RFC 8839 §4.4.1.1.1 only on change).
            PeerPair.negotiate(pair.a, pair.b);
            assertEquals(bUfrag, ufrag(pair.b.localDescription().sdp()), "no restart offered: same ufrag");
            assertEquals(bPwd, pwd(pair.b.localDescription().sdp()));

            // Now B is the offerer and restarts; A answers.
            RtcSessionDescription offer = pair.b.createOffer(true).get(5, TimeUnit.SECONDS);
            assertNotEquals(bUfrag, ufrag(offer.sdp()), "the restart offer carries new credentials");
            pair.b.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            pair.a.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
            RtcSessionDescription answer = pair.a.createAnswer().get(5, TimeUnit.SECONDS);
            assertNotEquals(aUfrag, ufrag(answer.sdp()), "the answer to a restart carries a new ice-ufrag");
            assertNotEquals(pwd(pair.a.remoteDescription().sdp()), pwd(answer.sdp()));
            assertTrue(answer.sdp().contains("a=candidate:"), "and the candidates, for a peer that does not trickle");
            pair.a.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
            pair.b.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);

            assertEquals(ufrag(answer.sdp()), statsUfrag(pair.a), "A's ICE agent uses the new credentials");
            assertEquals(ufrag(offer.sdp()), statsUfrag(pair.b));
            assertTrue(nominatedPair(pair.a), "A nominated a pair of the new generation");
            assertTrue(nominatedPair(pair.b), "B nominated a pair of the new generation");
            ch.send("a to b after restart");
            assertEquals("a to b after restart", atB.poll(10, TimeUnit.SECONDS));
            bSide.get(5, TimeUnit.SECONDS).send("b to a after restart");
            assertEquals("b to a after restart", atA.poll(10, TimeUnit.SECONDS));
            assertEquals(RtcPeerConnectionState.CONNECTED, pair.a.connectionState());
            assertEquals(RtcPeerConnectionState.CONNECTED, pair.b.connectionState());
            assertTrue(pair.errors.isEmpty(), pair.errors.toString());
            pair.close();
        }
    }
}
