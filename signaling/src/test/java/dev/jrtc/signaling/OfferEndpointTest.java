package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /offer}: a jrtc PeerConnection sends a non-trickle offer, gets the {@link EchoBot}'s answer and its
 * data-channel message echoed; bad bodies get 400, a handler that never answers gets 503 after the timeout.
 */
class OfferEndpointTest {
    private static PeerConnectionFactory factory;
    private static ExecutorService executor;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
        executor = Executors.newFixedThreadPool(2);
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        factory.close();
        executor.shutdownNow();
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theEchoBotAnswersAnOfferAndEchoesDataChannelMessages() throws Exception {
        try (EchoBot bot = new EchoBot(factory, RtcConfiguration.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(5), 4);
             SignalingServer server = new SignalingServer(SignalingSettings.defaults(), bot);
             PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults())) {
            int port = server.start().getPort();
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceCandidate(c -> {
                if (c == null) gathered.complete(null);
            });
            RtcDataChannel channel = pc.createDataChannel("echo");
            CompletableFuture<Void> open = new CompletableFuture<>();
            CompletableFuture<String> echo = new CompletableFuture<>();
            channel.onOpen(() -> open.complete(null));
            channel.onMessage(m -> echo.complete(m.text()));
            pc.setLocalDescription().get(5, TimeUnit.SECONDS);
            gathered.get(5, TimeUnit.SECONDS);
            // Non-trickle: an offer created after gathering carries every candidate.
            RtcSessionDescription offer = pc.setLocalDescription(pc.createOffer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
            assertTrue(offer.sdp().contains("a=candidate:"), offer.sdp());

            HttpResponse<String> response = post(port, "/offer", Json.write(Map.of("sdp", offer.sdp())));
            assertEquals(200, response.statusCode(), response.body());
            String answer = (String) Json.parseObject(response.body()).get("sdp");
            assertTrue(answer.contains("a=candidate:"), answer);
            pc.setRemoteDescription(RtcSessionDescription.answer(answer)).get(5, TimeUnit.SECONDS);
            open.get(10, TimeUnit.SECONDS);
            channel.send("hello bot");
            assertEquals("hello bot", echo.get(10, TimeUnit.SECONDS));
            assertEquals(1, bot.connectionCount());
            assertEquals(1, server.stats().offersAnswered());
        }
    }

    @Test
    void theEchoBotClosesAConnectionWhenItsLifetimeIsOver() throws Exception {
        try (EchoBot bot = new EchoBot(factory, RtcConfiguration.defaults(), Duration.ofMillis(500), Duration.ofSeconds(5), 4);
             PeerConnection pc = factory.createPeerConnection(RtcConfiguration.defaults())) {
            pc.createDataChannel("echo");
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceCandidate(c -> {
                if (c == null) gathered.complete(null);
            });
            pc.setLocalDescription().get(5, TimeUnit.SECONDS);
            gathered.get(5, TimeUnit.SECONDS);
            String answer = bot.answer(pc.createOffer().get(5, TimeUnit.SECONDS).sdp()).get(10, TimeUnit.SECONDS);
            assertTrue(answer.contains("a=end-of-candidates"), answer);
            assertEquals(1, bot.connectionCount());
            for (int i = 0; i < 100 && bot.connectionCount() > 0; i++) Thread.sleep(50);
            assertEquals(0, bot.connectionCount(), "still alive after its lifetime");
        }
    }

    @Test
    void theEchoBotRefusesOffersBeyondItsConnectionLimit() throws Exception {
        try (EchoBot bot = new EchoBot(factory, RtcConfiguration.defaults(), Duration.ofSeconds(30), Duration.ofSeconds(5), 1);
             PeerConnection a = factory.createPeerConnection(RtcConfiguration.defaults())) {
            a.createDataChannel("x");
            String offer = a.createOffer().get(5, TimeUnit.SECONDS).sdp();
            bot.answer(offer).get(10, TimeUnit.SECONDS);
            CompletableFuture<String> refused = bot.answer(offer);
            assertTrue(refused.isCompletedExceptionally());
            assertTrue(assertThrowsCause(refused).contains("maximum of 1 connections"));
        }
    }

    private static String assertThrowsCause(CompletableFuture<String> f) {
        try {
            f.join();
            throw new AssertionError("completed normally");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause().getMessage();
        }
    }

    @Test
    void aGarbageBodyIsA400WithAReason() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults(),
                sdp -> CompletableFuture.completedFuture("unused"))) {
            int port = server.start().getPort();
            HttpResponse<String> garbage = post(port, "/offer", "\u0000garbage{");
            assertEquals(400, garbage.statusCode());
            assertEquals("{\"error\":\"the body is not a flat JSON object\"}", garbage.body(), "a fixed reason, no parser detail");
            HttpResponse<String> noSdp = post(port, "/offer", "{\"type\":\"offer\"}");
            assertEquals(400, noSdp.statusCode());
            assertTrue(noSdp.body().contains("\\\"sdp\\\""), noSdp.body());
            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/offer"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, wrongMethod.statusCode());
            assertEquals(3, server.stats().errors());
        }
    }

    @Test
    void aHandlerThatNeverAnswersIsA503AfterTheTimeout() throws Exception {
        try (SignalingServer server = new SignalingServer(
                SignalingSettings.defaults().withOfferTimeout(Duration.ofMillis(300)), sdp -> new CompletableFuture<>())) {
            int port = server.start().getPort();
            long start = System.nanoTime();
            HttpResponse<String> response = post(port, "/offer", "{\"sdp\":\"v=0\"}");
            assertEquals(503, response.statusCode());
            assertTrue(System.nanoTime() - start >= 300_000_000L, "answered before the timeout");
            assertEquals("{\"error\":\"the offer could not be answered\"}", response.body());
            assertEquals(1, server.stats().offersFailed());
        }
    }

    /** Issue 11: exception text (which may quote the offer) never reaches the client; the log has it. */
    @Test
    void aFailingHandlerIsA503WithAGenericReason() throws Exception {
        String secretSdp = "v=0\r\no=- 42 2 IN IP4 10.1.2.3\r\na=ice-pwd:SECRETpasswordSECRETpassword\r\n";
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults(), sdp -> {
            throw new IllegalStateException("handler broke on " + sdp);
        })) {
            int port = server.start().getPort();
            HttpResponse<String> response = post(port, "/offer", Json.write(Map.of("sdp", secretSdp)));
            assertEquals(503, response.statusCode());
            assertEquals("{\"error\":\"the offer could not be answered\"}", response.body());
            assertFalse(response.body().contains("broke") || response.body().contains("SECRET") || response.body().contains("10.1.2.3"));
            assertEquals(1, server.stats().offersFailed());
        }
    }

    @Test
    void theDemoPageIsServedAtTheRoot() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults(), null)) {
            int port = server.start().getPort();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("talk to the Java bot"), page.body());
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
        }
    }
}
