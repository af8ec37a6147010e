package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.sdp.Direction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICE restart of a WHIP session by PATCH (RFC 9725 §4.3.2) with a jrtc publisher: the client's sdpfrag with new
 * ice-ufrag/ice-pwd and its candidates (If-Match: *) gets 200 with an sdpfrag carrying the endpoint's new credentials
 * and candidates and a new ETag; the publisher applies them, both ICE sessions restart, media keeps arriving, and the
 * old ETag no longer matches.
 */
class WhipIceRestartTest {
    private static final String SDPFRAG = "application/trickle-ice-sdpfrag";
    private PeerConnectionFactory factory;
    private WhipEndpoint whip;
    private SignalingServer server;
    private HttpClient http;
    private String base;
    private final AtomicReference<WhipSession> session = new AtomicReference<>();
    private final AtomicInteger rtp = new AtomicInteger();

    @BeforeEach
    void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
        whip = new WhipEndpoint(factory, RtcConfiguration.defaults(), WhipSettings.defaults(), new WhipHandler() {
            @Override
            public void sessionStarted(WhipSession s) {
                session.set(s);
                s.peerConnection().onTrack(e -> e.track().onRtp(p -> rtp.incrementAndGet()));
            }

            @Override
            public void sessionEnded(WhipSession s, String reason) {
            }
        });
        server = new SignalingServer(SignalingSettings.defaults(), null, whip, null);
        base = "http://127.0.0.1:" + server.start().getPort();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
        whip.close();
        factory.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> patch(String location, String ifMatch, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + location)).header("Content-Type", SDPFRAG).header("If-Match", ifMatch)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String line(String sdp, String prefix) {
        for (String l : sdp.split("\r?\n")) if (l.startsWith(prefix)) return l.substring(prefix.length());
        throw new AssertionError("no " + prefix + " in " + sdp);
    }

    /** The client's restart sdpfrag: its new credentials and candidates, from its restart offer. */
    private static String sdpfragOf(String offer) {
        StringBuilder frag = new StringBuilder("a=ice-ufrag:" + line(offer, "a=ice-ufrag:") + "\r\na=ice-pwd:"
                + line(offer, "a=ice-pwd:") + "\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n");
        for (String l : offer.split("\r\n")) if (l.startsWith("a=candidate:") || l.equals("a=end-of-candidates")) frag.append(l).append("\r\n");
        return frag.toString();
    }

    /** The previous answer with the endpoint's new credentials and candidates from its sdpfrag. */
    private static String answerAfterRestart(String answer, TrickleIceSdpFragment frag) {
        StringBuilder out = new StringBuilder();
        boolean candidatesAdded = false;
        for (String l : answer.split("\r\n")) {
            if (l.startsWith("a=candidate:") || l.equals("a=end-of-candidates")) continue;
            if (l.startsWith("a=ice-ufrag:")) l = "a=ice-ufrag:" + frag.iceUfrag();
            if (l.startsWith("a=ice-pwd:")) l = "a=ice-pwd:" + frag.icePwd();
            out.append(l).append("\r\n");
            if (l.startsWith("a=mid:") && !candidatesAdded) {
                for (TrickleIceSdpFragment.Candidate c : frag.candidates()) out.append("a=").append(c.candidate()).append("\r\n");
                if (frag.endOfCandidates()) out.append("a=end-of-candidates\r\n");
                candidatesAdded = true;
            }
        }
        return out.toString();
    }

    private static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static String ufragInUse(PeerConnection pc) {
        return (String) pc.getStats().join().get("T01").get("iceLocalUsernameFragment");
    }

    /** {@code packets} RTP packets with sequence numbers from {@code firstSeq} (SRTP drops repeated ones as replays). */
    private static void sendAudio(MediaStreamTrack audio, int firstSeq, int packets) throws InterruptedException {
        byte[] p = new byte[12 + 3];
        p[0] = (byte) 0x80;
        p[1] = 111;
        for (int i = firstSeq; i < firstSeq + packets; i++) {
            p[2] = (byte) (i >> 8);
            p[3] = (byte) i;
            audio.writeRtp(p.clone(), 0, p.length);
            Thread.sleep(5);
        }
    }

    @Test
    void aPatchWithNewCredentialsRestartsIceAndMediaKeepsFlowing() throws Exception {
        MediaStreamTrack audio = MediaStreamTrack.audio("mic");
        try (PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults())) {
            pc.addTransceiver(audio, Direction.SENDONLY, "stream");
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceCandidate(c -> {
                if (c == null) gathered.complete(null);
            });
            pc.setLocalDescription().get(5, TimeUnit.SECONDS);
            gathered.get(5, TimeUnit.SECONDS);
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(pc.localDescription().sdp())));
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("location").orElseThrow();
            String etag = created.headers().firstValue("etag").orElseThrow();
            pc.setRemoteDescription(RtcSessionDescription.answer(created.body())).get(5, TimeUnit.SECONDS);
            assertTrue(waitFor(() -> pc.connectionState() == RtcPeerConnectionState.CONNECTED), "publisher connected");
            sendAudio(audio, 0, 20);
            assertTrue(waitFor(() -> rtp.get() >= 10), "RTP before the restart: " + rtp.get());
            PeerConnection endpointSide = session.get().peerConnection();
            String serverUfrag = ufragInUse(endpointSide);

            // The client restarts: new credentials in a restart offer, sent as an sdpfrag.
            RtcSessionDescription restartOffer = pc.createOffer(true).get(5, TimeUnit.SECONDS);
            pc.setLocalDescription(restartOffer).get(5, TimeUnit.SECONDS);
            String frag = sdpfragOf(pc.localDescription().sdp());
            HttpResponse<String> half = patch(location, "*", "a=ice-ufrag:" + line(frag, "a=ice-ufrag:") + "\r\n");
            assertEquals(400, half.statusCode(), "a restart needs ufrag and pwd: " + half.body());

            HttpResponse<String> restarted = patch(location, "*", frag);
            assertEquals(200, restarted.statusCode(), restarted.body());
            assertEquals(SDPFRAG, restarted.headers().firstValue("content-type").orElse(""));
            String newEtag = restarted.headers().firstValue("etag").orElseThrow();
            assertNotEquals(etag, newEtag, "a new ICE session, a new entity-tag");
            TrickleIceSdpFragment answerFrag = TrickleIceSdpFragment.parse(restarted.body());
            assertNotEquals(serverUfrag, answerFrag.iceUfrag(), "the endpoint's ICE restarted with new credentials");
            assertNotEquals(line(created.body(), "a=ice-pwd:"), answerFrag.icePwd());
            assertFalse(answerFrag.candidates().isEmpty(), "and its candidates: " + restarted.body());
            assertTrue(answerFrag.endOfCandidates());
            assertEquals(answerFrag.iceUfrag(), ufragInUse(endpointSide));
            assertEquals(1, server.stats().whipIceRestarts());

            pc.setRemoteDescription(RtcSessionDescription.answer(answerAfterRestart(created.body(), answerFrag))).get(5, TimeUnit.SECONDS);
            assertTrue(waitFor(() -> pc.getStats().join().ofType("candidate-pair").stream()
                    .anyMatch(p -> Boolean.TRUE.equals(p.get("nominated")))), "the publisher nominated a pair of the new session");
            assertTrue(waitFor(() -> endpointSide.getStats().join().ofType("candidate-pair").stream()
                    .anyMatch(p -> Boolean.TRUE.equals(p.get("nominated")))), "and so did the endpoint");
            int before = rtp.get();
            sendAudio(audio, 20, 20);
            assertTrue(waitFor(() -> rtp.get() >= before + 10), "RTP after the restart: " + (rtp.get() - before));
            assertEquals(RtcPeerConnectionState.CONNECTED, pc.connectionState());

            String trickle = "a=ice-ufrag:" + line(frag, "a=ice-ufrag:") + "\r\na=ice-pwd:" + line(frag, "a=ice-pwd:") + "\r\n";
            assertEquals(412, patch(location, etag, trickle).statusCode(), "the old ICE session's ETag no longer matches");
            assertEquals(204, patch(location, newEtag, trickle).statusCode(), "the new one does");
        }
    }
}
