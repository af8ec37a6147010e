package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.MediaStreamTrack;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcIceCandidate;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.sdp.Direction;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WHIP (RFC 9725) through the JDK HttpClient with a jrtc PeerConnection as the publishing client: every status code
 * path of POST, PATCH, DELETE, GET and OPTIONS, bearer tokens, CORS, the session limit and the reaping of sessions
 * that never connect. The Chromium publisher is in the interop module.
 */
class WhipEndpointTest {
    private static final String TOKEN = "s3cret-token";
    private static PeerConnectionFactory factory;
    private static ExecutorService executor;
    private static HttpClient http;

    private final List<WhipSession> started = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> ended = new LinkedBlockingQueue<>();
    private final AtomicInteger rtpPackets = new AtomicInteger();
    private WhipEndpoint whip;
    private SignalingServer server;
    private String base;

    @BeforeAll
    static void startAll() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
        executor = Executors.newFixedThreadPool(2);
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopAll() {
        factory.close();
        executor.shutdownNow();
    }

    private void start(WhipSettings whipSettings, SignalingSettings settings) {
        whip = new WhipEndpoint(factory, RtcConfiguration.defaults(), whipSettings, new WhipHandler() {
            @Override
            public void sessionStarted(WhipSession session) {
                started.add(session);
                session.peerConnection().onTrack(e -> e.track().onRtp(p -> rtpPackets.incrementAndGet()));
            }

            @Override
            public void sessionEnded(WhipSession session, String reason) {
                ended.add(reason);
            }
        });
        server = new SignalingServer(settings, null, whip, null);
        base = "http://127.0.0.1:" + server.start().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        if (whip != null) whip.close();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String sdp, String token) throws Exception {
        HttpRequest.Builder b = request("/whip").header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(sdp));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return send(b);
    }

    private HttpResponse<String> patch(String location, String etag, String type, String body) throws Exception {
        HttpRequest.Builder b = request(location).header("Authorization", "Bearer " + TOKEN).header("Content-Type", type)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (etag != null) b.header("If-Match", etag);
        return send(b);
    }

    /** A publishing client: one send-only audio track; the offer is taken before gathering (no candidates). */
    private static PeerConnection publisher(MediaStreamTrack audio) {
        PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults());
        pc.addTransceiver(audio, Direction.SENDONLY, "stream");
        return pc;
    }

    private static String gatheredOffer(PeerConnection pc) throws Exception {
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        pc.onIceCandidate(c -> {
            if (c == null) gathered.complete(null);
        });
        pc.setLocalDescription().get(5, TimeUnit.SECONDS);
        gathered.get(5, TimeUnit.SECONDS);
        return pc.localDescription().sdp();
    }

    @Test
    void aNonTrickleOfferIsAnsweredWithEveryCandidateAndMediaArrivesUntilDelete() throws Exception {
        start(WhipSettings.defaults().withBearerToken(TOKEN), SignalingSettings.defaults());
        MediaStreamTrack audio = MediaStreamTrack.audio("mic");
        try (PeerConnection pc = publisher(audio)) {
            String offer = gatheredOffer(pc);
            assertTrue(offer.contains("a=candidate:"), offer);
            HttpResponse<String> created = post(offer, TOKEN);
            assertEquals(201, created.statusCode(), created.body());
            assertEquals("application/sdp", created.headers().firstValue("content-type").orElse(""));
            String location = created.headers().firstValue("location").orElseThrow();
            String etag = created.headers().firstValue("etag").orElseThrow();
            assertTrue(location.matches("/whip/[0-9a-f]{32}"), location);
            assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);
            String answer = created.body();
            assertTrue(answer.contains("a=candidate:") && answer.contains("a=end-of-candidates"), answer);
            assertTrue(answer.contains("a=recvonly"), "WHIP answers are recvonly (RFC 9725 §4.2): " + answer);
            assertEquals(1, whip.sessionCount());
            assertEquals(1, server.stats().whipSessionsCreated());

            pc.setRemoteDescription(RtcSessionDescription.answer(answer)).get(5, TimeUnit.SECONDS);
            WhipSession session = started.get(0);
            awaitState(pc, RtcPeerConnectionState.CONNECTED);
            awaitState(session.peerConnection(), RtcPeerConnectionState.CONNECTED);
            byte[] rtp = new byte[12 + 3];
            rtp[0] = (byte) 0x80;
            rtp[12] = (byte) 0xF8; // an Opus TOC byte (RFC 6716 §3.1) and two bytes of a silent frame
            rtp[13] = (byte) 0xFF;
            rtp[14] = (byte) 0xFE;
            for (int i = 0; i < 200 && rtpPackets.get() < 20; i++) {
                rtp[2] = (byte) (i >> 8);
                rtp[3] = (byte) i;
                audio.writeRtp(rtp, 0, rtp.length);
                Thread.sleep(20);
            }
            assertTrue(rtpPackets.get() >= 20, "RTP packets through onTrack: " + rtpPackets.get());

            HttpResponse<String> get = send(request(location).header("Authorization", "Bearer " + TOKEN).GET());
            assertEquals(204, get.statusCode());
            HttpResponse<String> deleted = send(request(location).header("Authorization", "Bearer " + TOKEN).DELETE());
            assertEquals(200, deleted.statusCode());
            assertEquals("deleted by the client", ended.poll(5, TimeUnit.SECONDS));
            assertTrue(session.isEnded());
            assertEquals(RtcPeerConnectionState.CLOSED, session.peerConnection().connectionState());
            assertEquals(0, whip.sessionCount());
            assertEquals(404, send(request(location).header("Authorization", "Bearer " + TOKEN).DELETE()).statusCode());
            assertEquals(404, patch(location, etag, "application/trickle-ice-sdpfrag", "a=end-of-candidates\r\n").statusCode());
            assertEquals(404, send(request(location).header("Authorization", "Bearer " + TOKEN).GET()).statusCode());
        }
    }

    @Test
    void trickledCandidatesArriveByPatchAndEveryPatchErrorHasItsStatus() throws Exception {
        start(WhipSettings.defaults().withBearerToken(TOKEN), SignalingSettings.defaults());
        try (PeerConnection pc = publisher(MediaStreamTrack.audio("mic"))) {
            LinkedBlockingQueue<RtcIceCandidate> candidates = new LinkedBlockingQueue<>();
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceCandidate(c -> {
                if (c == null) gathered.complete(null); else candidates.add(c);
            });
            RtcSessionDescription offer = pc.createOffer().get(5, TimeUnit.SECONDS);
            assertFalse(offer.sdp().contains("a=candidate:"), "created before gathering: " + offer.sdp());
            HttpResponse<String> created = post(offer.sdp(), TOKEN);
            assertEquals(201, created.statusCode(), created.body());
            String location = created.headers().firstValue("location").orElseThrow();
            String etag = created.headers().firstValue("etag").orElseThrow();
            pc.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
            pc.setRemoteDescription(RtcSessionDescription.answer(created.body())).get(5, TimeUnit.SECONDS);
            gathered.get(5, TimeUnit.SECONDS);
            String ufrag = line(offer.sdp(), "a=ice-ufrag:");
            String pwd = line(offer.sdp(), "a=ice-pwd:");
            StringBuilder frag = new StringBuilder("a=ice-options:trickle\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n")
                    .append("a=ice-ufrag:").append(ufrag).append("\r\na=ice-pwd:").append(pwd).append("\r\n");
            int count = 0;
            for (RtcIceCandidate c : candidates) {
                frag.append("a=").append(c.candidate()).append("\r\n");
                count++;
            }
            assertTrue(count > 0, "the publisher gathered candidates");
            frag.append("a=end-of-candidates\r\n");
            String sdpfrag = frag.toString();
            String type = "application/trickle-ice-sdpfrag";

            assertEquals(428, patch(location, null, type, sdpfrag).statusCode(), "no If-Match");
            assertEquals(412, patch(location, "\"stale\"", type, sdpfrag).statusCode(), "another ICE session's ETag");
            assertEquals(412, patch(location, "W/" + etag, type, sdpfrag).statusCode(), "a weak tag never matches strongly");
            assertEquals(415, patch(location, etag, "application/sdp", sdpfrag).statusCode());
            assertEquals(400, patch(location, etag, type, "x=garbage\r\n").statusCode());
            // ICE restarts by PATCH (200 with new credentials): WhipIceRestartTest.
            assertEquals(0, server.stats().whipCandidatesPatched(), "nothing applied by refused PATCHes");

            HttpResponse<String> trickled = patch(location, etag, type, sdpfrag);
            assertEquals(204, trickled.statusCode(), trickled.body());
            assertTrue(trickled.headers().firstValue("etag").isEmpty(), "RFC 9725 §4.3.2: no ETag on a trickle 204");
            assertEquals(count, server.stats().whipCandidatesPatched());
            HttpResponse<String> star = patch(location, "*", type, "a=ice-ufrag:" + ufrag + "\r\na=ice-pwd:" + pwd + "\r\n");
            assertEquals(204, star.statusCode(), "If-Match: * matches the current ICE session");
            awaitState(pc, RtcPeerConnectionState.CONNECTED);
            awaitState(started.get(0).peerConnection(), RtcPeerConnectionState.CONNECTED);
        }
    }

    @Test
    void bearerTokenIsRequiredExceptForOptions() throws Exception {
        start(WhipSettings.defaults().withBearerToken(TOKEN), SignalingSettings.defaults());
        try (PeerConnection pc = publisher(MediaStreamTrack.audio("mic"))) {
            String offer = pc.createOffer().get(5, TimeUnit.SECONDS).sdp();
            HttpResponse<String> none = post(offer, null);
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElse(""));
            assertEquals(401, post(offer, "wrong").statusCode());
            assertEquals(401, send(request("/whip").header("Authorization", "Basic " + TOKEN).header("Content-Type", "application/sdp")
                    .POST(HttpRequest.BodyPublishers.ofString(offer))).statusCode());
            assertEquals(2 + 1, server.stats().whipUnauthorized());
            assertEquals(0, started.size(), "no session for an unauthorized offer");
            assertEquals(401, send(request("/whip/0123").DELETE()).statusCode(), "DELETE needs the token too");
            HttpResponse<String> options = send(request("/whip").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals(204, options.statusCode());
            assertEquals("application/sdp", options.headers().firstValue("accept-post").orElse(""));
            HttpResponse<String> sessionOptions = send(request("/whip/0123").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals("application/trickle-ice-sdpfrag", sessionOptions.headers().firstValue("accept-patch").orElse(""));
            HttpResponse<String> lowerCaseScheme = send(request("/whip").header("Authorization", "bearer " + TOKEN).GET());
            assertEquals(204, lowerCaseScheme.statusCode(), "the auth scheme is case-insensitive");
        }
    }

    @Test
    void badOffersGetFourHundredsWithGenericReasons() throws Exception {
        start(WhipSettings.defaults(), SignalingSettings.defaults());
        HttpResponse<String> json = send(request("/whip").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sdp\":\"v=0\"}")));
        assertEquals(415, json.statusCode());
        assertEquals("application/sdp", json.headers().firstValue("accept-post").orElse(""));
        assertEquals(400, post("", null).statusCode());
        String secret = "v=0\r\no=- 1 1 IN IP4 10.9.8.7\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-pwd:SECRETSECRETSECRETSECRET\r\n";
        HttpResponse<String> garbage = post(secret, null);
        assertEquals(400, garbage.statusCode());
        assertEquals("{\"error\":\"the SDP offer was not accepted\"}", garbage.body());
        assertFalse(garbage.body().contains("SECRET") || garbage.body().contains("10.9.8.7"));
        assertEquals("offer rejected", ended.poll(5, TimeUnit.SECONDS), "the session of a rejected offer is ended");
        assertEquals(0, whip.sessionCount());
        HttpResponse<String> put = send(request("/whip").PUT(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, put.statusCode());
        assertEquals("OPTIONS, POST, GET", put.headers().firstValue("allow").orElse(""));
        assertEquals(405, send(request("/whip/abc").POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode());
        assertEquals(404, send(request("/whip/abc").DELETE()).statusCode());
        assertEquals(404, send(request("/whip/abc/def").GET()).statusCode(), "deeper paths are not sessions");
        assertEquals(204, send(request("/whip").GET()).statusCode());
    }

    @Test
    void offersBeyondTheSessionLimitAre503WithRetryAfter() throws Exception {
        start(WhipSettings.defaults().withMaxSessions(1), SignalingSettings.defaults());
        try (PeerConnection a = publisher(MediaStreamTrack.audio("a")); PeerConnection b = publisher(MediaStreamTrack.audio("b"))) {
            assertEquals(201, post(a.createOffer().get(5, TimeUnit.SECONDS).sdp(), null).statusCode());
            HttpResponse<String> refused = post(b.createOffer().get(5, TimeUnit.SECONDS).sdp(), null);
            assertEquals(503, refused.statusCode());
            assertTrue(refused.headers().firstValue("retry-after").isPresent());
            assertEquals(1, started.size(), "no PeerConnection for a refused offer");
            assertEquals(1, server.stats().whipSessionsRefused());
        }
    }

    @Test
    void aSessionThatNeverConnectsIsReaped() throws Exception {
        start(WhipSettings.defaults().withConnectTimeout(Duration.ofMillis(500)), SignalingSettings.defaults());
        try (PeerConnection pc = publisher(MediaStreamTrack.audio("mic"))) {
            // The offer is answered but the client never applies the answer, so no ICE check ever arrives.
            assertEquals(201, post(pc.createOffer().get(5, TimeUnit.SECONDS).sdp(), null).statusCode());
            String reason = ended.poll(10, TimeUnit.SECONDS);
            assertNotNull(reason, "still alive long after the connect timeout");
            assertTrue(reason.startsWith("not connected within"), reason);
            assertEquals(0, whip.sessionCount());
            assertEquals(RtcPeerConnectionState.CLOSED, started.get(0).peerConnection().connectionState());
        }
    }

    @Test
    void aSessionWhosePublisherGoesAwayIsReaped() throws Exception {
        start(WhipSettings.defaults(), SignalingSettings.defaults());
        PeerConnection pc = publisher(MediaStreamTrack.audio("mic"));
        HttpResponse<String> created = post(gatheredOffer(pc), null);
        assertEquals(201, created.statusCode());
        pc.setRemoteDescription(RtcSessionDescription.answer(created.body())).get(5, TimeUnit.SECONDS);
        awaitState(started.get(0).peerConnection(), RtcPeerConnectionState.CONNECTED);
        pc.close(); // DTLS close_notify, then silence: no DELETE ever comes
        String reason = ended.poll(15, TimeUnit.SECONDS);
        assertNotNull(reason, "the session outlived its publisher");
        assertEquals("DTLS closed by the client", reason, "RFC 9725 §4.2: DTLS teardown ends the session");
        assertEquals(RtcPeerConnectionState.CLOSED, started.get(0).peerConnection().connectionState());
        assertEquals(0, whip.sessionCount());
    }

    @Test
    void browsersGetCorsOnlyFromAllowedOrigins() throws Exception {
        start(WhipSettings.defaults(), SignalingSettings.defaults().withAllowedOrigins("http://app.example:8080"));
        HttpResponse<String> preflight = send(request("/whip").header("Origin", "http://app.example:8080")
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type, authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertEquals("http://app.example:8080", preflight.headers().firstValue("access-control-allow-origin").orElse(""));
        assertTrue(preflight.headers().firstValue("access-control-allow-methods").orElse("").contains("PATCH"));
        assertTrue(preflight.headers().firstValue("access-control-allow-headers").orElse("").contains("If-Match"));
        assertTrue(preflight.headers().firstValue("access-control-expose-headers").orElse("").contains("Location"));
        HttpResponse<String> evil = send(request("/whip").header("Origin", "http://evil.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, evil.statusCode());
        assertTrue(evil.headers().firstValue("access-control-allow-origin").isEmpty());
        HttpResponse<String> evilPost = send(request("/whip").header("Origin", "http://evil.example")
                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString("v=0\r\n")));
        assertEquals(403, evilPost.statusCode());
        assertEquals(0, started.size(), "a cross-site page cannot start a session");
        assertEquals(2, server.stats().originsRejected());
    }

    private static String line(String sdp, String prefix) {
        for (String l : sdp.split("\r\n")) {
            if (l.startsWith(prefix)) return l.substring(prefix.length());
        }
        throw new AssertionError("no " + prefix + " in " + sdp);
    }

    private static void awaitState(PeerConnection pc, RtcPeerConnectionState state) throws InterruptedException {
        for (int i = 0; i < 200 && pc.connectionState() != state; i++) Thread.sleep(50);
        assertEquals(state, pc.connectionState());
    }
}
