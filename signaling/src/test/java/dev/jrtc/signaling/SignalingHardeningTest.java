package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "any web site can join rooms or spawn bots through the user's browser": each test performs one attack on
 * a server on 127.0.0.1 and asserts the bound that stops it and the counter that records it.
 */
class SignalingHardeningTest {
    private static ExecutorService executor;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        executor = Executors.newFixedThreadPool(2);
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    private static String handshake(int port, String host, String origin) {
        return "GET /ws HTTP/1.1\r\nHost: " + host.replace("PORT", Integer.toString(port)) + "\r\n"
                + (origin == null ? "" : "Origin: " + origin.replace("PORT", Integer.toString(port)) + "\r\n")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
    }

    /** Sends {@code request} on a new connection and returns the status line of the response. */
    private static String statusOf(int port, String request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            StringBuilder line = new StringBuilder();
            InputStream in = s.getInputStream();
            for (int c = in.read(); c >= 0 && c != '\r' && line.length() < 200; c = in.read()) line.append((char) c);
            return line.toString();
        }
    }

    @Test
    void aCrossSitePageCannotOpenTheWebSocket() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withAllowedOrigins("https://app.example"), null)) {
            int port = server.start().getPort();
            assertEquals("HTTP/1.1 403 Forbidden", statusOf(port, handshake(port, "127.0.0.1:PORT", "http://evil.example")));
            assertEquals("HTTP/1.1 403 Forbidden", statusOf(port, handshake(port, "127.0.0.1:PORT", "null")), "sandboxed frames");
            assertEquals("HTTP/1.1 403 Forbidden", statusOf(port, handshake(port, "127.0.0.1:PORT", "http://127.0.0.1:1")),
                    "another port on the same host is another origin");
            assertEquals(3, server.stats().originsRejected());
            assertEquals(0, server.stats().openWebSockets());
            // The server's own page, an allowed origin, and a non-browser client (no Origin) are let in.
            assertEquals("HTTP/1.1 101 Switching Protocols", statusOf(port, handshake(port, "127.0.0.1:PORT", "http://127.0.0.1:PORT")));
            assertEquals("HTTP/1.1 101 Switching Protocols", statusOf(port, handshake(port, "localhost:PORT", "http://LOCALHOST:PORT")));
            assertEquals("HTTP/1.1 101 Switching Protocols", statusOf(port, handshake(port, "127.0.0.1:PORT", "https://app.example")));
            assertEquals("HTTP/1.1 101 Switching Protocols", statusOf(port, handshake(port, "127.0.0.1:PORT", null)));
            assertEquals(3, server.stats().originsRejected());
        }
    }

    @Test
    void aCrossSitePageCannotSpawnBots() throws Exception {
        AtomicInteger offers = new AtomicInteger();
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults(), sdp -> {
            offers.incrementAndGet();
            return CompletableFuture.completedFuture("v=0");
        })) {
            int port = server.start().getPort();
            HttpResponse<String> evil = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/offer"))
                    .header("Origin", "https://evil.example").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sdp\":\"v=0\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, evil.statusCode());
            assertTrue(evil.headers().firstValue("access-control-allow-origin").isEmpty());
            assertEquals(0, offers.get(), "the handler never saw the cross-site offer");
            assertEquals(1, server.stats().originsRejected());
            HttpResponse<String> own = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/offer"))
                    .header("Origin", "http://127.0.0.1:" + port)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sdp\":\"v=0\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, own.statusCode(), own.body());
            assertEquals("http://127.0.0.1:" + port, own.headers().firstValue("access-control-allow-origin").orElse(""));
            assertEquals(1, offers.get());
        }
    }

    @Test
    void aDnsRebindingPageIsRefusedByItsHostName() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withAllowedHosts("signal.example"), null)) {
            int port = server.start().getPort();
            // After rebinding, attacker.example resolves to 127.0.0.1: the page is same-origin with itself, so only
            // the Host header tells the server it is being reached under a foreign name.
            assertEquals("HTTP/1.1 421 Misdirected Request", statusOf(port, handshake(port, "attacker.example:PORT", "http://attacker.example:PORT")));
            assertEquals("HTTP/1.1 421 Misdirected Request", statusOf(port, "GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n"));
            assertEquals("HTTP/1.1 400 Bad Request", statusOf(port, "GET / HTTP/1.0\r\n\r\n"), "no Host at all");
            assertEquals(3, server.stats().hostsRejected());
            assertEquals("HTTP/1.1 200 OK", statusOf(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n"));
            assertEquals("HTTP/1.1 200 OK", statusOf(port, "GET / HTTP/1.1\r\nHost: [::1]:" + port + "\r\n\r\n"));
            assertEquals("HTTP/1.1 200 OK", statusOf(port, "GET / HTTP/1.1\r\nHost: signal.example\r\n\r\n"));
            assertEquals(3, server.stats().hostsRejected());
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsConnections() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withMaxConnectionsPerIp(3), null)) {
            int port = server.start().getPort();
            for (int i = 0; i < 10; i++) {
                Socket s = new Socket();
                sockets.add(s);
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
            }
            for (int i = 0; i < 100 && server.stats().perIpConnectionsRejected() < 7; i++) Thread.sleep(20);
            assertEquals(7, server.stats().perIpConnectionsRejected());
            assertEquals(3, server.stats().openConnections());
            for (int i = 3; i < 10; i++) assertEquals(-1, read(sockets.get(i)), "connection " + i + " is closed");
            sockets.get(0).close();
            for (int i = 0; i < 100 && server.stats().openConnections() > 2; i++) Thread.sleep(20);
            try (Socket again = new Socket()) {
                again.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                again.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                again.setSoTimeout(5000);
                assertEquals('H', read(again), "a freed slot can be used again");
            }
        } finally {
            for (Socket s : sockets) s.close();
        }
    }

    private static int read(Socket s) throws Exception {
        try {
            return s.getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    @Test
    void aRequestFloodIsHeldToTheTokenBucket() throws Exception {
        RateLimit limit = new RateLimit(2, 5);
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withHttpRequestRate(limit), null)) {
            int port = server.start().getPort();
            long start = System.nanoTime();
            int served = 0;
            int limited = 0;
            for (int i = 0; i < 40; i++) {
                String status = statusOf(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                if (status.equals("HTTP/1.1 200 OK")) served++;
                else if (status.equals("HTTP/1.1 429 Too Many Requests")) limited++;
                else throw new AssertionError("unexpected " + status);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(served <= limit.burst() + limit.perSecond() * seconds + 1,
                    served + " served in " + seconds + " s with a bucket of " + limit);
            assertTrue(served >= limit.burst(), "the burst is served: " + served);
            assertEquals(40 - served, limited);
            assertEquals(limited, server.stats().httpRateLimited());
        }
    }

    @Test
    void aRefusedRequestSaysWhenToComeBack() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withHttpRequestRate(new RateLimit(0.01, 1)), null)) {
            int port = server.start().getPort();
            HttpRequest page = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
            assertEquals(200, http.send(page, HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> refused = http.send(page, HttpResponse.BodyHandlers.ofString());
            assertEquals(429, refused.statusCode());
            assertEquals("100", refused.headers().firstValue("retry-after").orElse(""), "one token per 100 s");
            assertEquals(1, server.stats().httpRateLimited());
        }
    }

    @Test
    void aMessageFloodIsHeldToTheTokenBucket() throws Exception {
        RateLimit limit = new RateLimit(2, 10);
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withWebSocketMessageRate(limit), null);
             TestClient client = new TestClient(http, server.start().getPort())) {
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) client.send("{\"type\":\"leave\"}"); // each allowed one is answered "not in a room"
            int notInRoom = 0;
            int slowDown = 0;
            for (int i = 0; i < 100; i++) {
                String reason = String.valueOf(client.next().get("reason"));
                if (reason.contains("not in a room")) notInRoom++;
                else if (reason.contains("too many messages")) slowDown++;
                else throw new AssertionError("unexpected reply " + reason);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(notInRoom <= limit.burst() + limit.perSecond() * seconds + 1, notInRoom + " handled in " + seconds + " s");
            assertTrue(notInRoom >= limit.burst(), "the burst is handled: " + notInRoom);
            assertEquals(100 - notInRoom, slowDown);
            assertEquals(slowDown, server.stats().messagesRateLimited());
        }
    }

    @Test
    void slowlorisIsCutOffAtTheRequestDeadline() throws Exception {
        // The idle timer (ping interval 300 ms) never fires while a byte arrives every 100 ms; the deadline does.
        SignalingSettings settings = SignalingSettings.defaults().withPing(Duration.ofMillis(300), 2)
                .withRequestDeadline(Duration.ofSeconds(1));
        try (SignalingServer server = new SignalingServer(settings, null); Socket s = new Socket()) {
            int port = server.start().getPort();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(100);
            byte[] request = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(500)).getBytes(StandardCharsets.US_ASCII);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            long start = System.nanoTime();
            int sent = 0;
            boolean closed = false;
            for (; sent < request.length && !closed; sent++) {
                try {
                    out.write(request[sent]);
                    out.flush();
                } catch (SocketException e) {
                    closed = true;
                    break;
                }
                try {
                    int b = s.getInputStream().read();
                    if (b < 0) closed = true; else response.write(b);
                    for (int more = s.getInputStream().available(); more > 0; more--) response.write(s.getInputStream().read());
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // one byte per 100 ms
                } catch (SocketException reset) {
                    closed = true;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closed, "the connection outlived " + sent + " bytes over " + millis + " ms");
            assertTrue(millis >= 900 && millis < 8000, "closed after " + millis + " ms");
            assertTrue(response.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408 Request Timeout"), response.toString());
            assertEquals(1, server.stats().requestDeadlinesExceeded());
        }
    }

    @Test
    void oversizeBodiesAreRefusedBeforeTheHandler() throws Exception {
        AtomicInteger offers = new AtomicInteger();
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withMaxBodyBytes(1024), sdp -> {
            offers.incrementAndGet();
            return CompletableFuture.completedFuture("v=0");
        })) {
            int port = server.start().getPort();
            String big = "{\"sdp\":\"" + "v".repeat(100_000) + "\"}";
            HttpResponse<String> declared = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/offer"))
                    .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, declared.statusCode());
            // Chunked, so no Content-Length announces the size: the aggregator stops at the limit.
            HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/offer"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, chunked.statusCode());
            assertEquals(2, server.stats().bodiesTooLarge());
            assertEquals(0, offers.get());
        }
    }

    @Test
    void aClientThatWritesItsWholeUploadFirstStillReadsTheRefusal() throws Exception {
        // Refused on its head while 32 MiB of body are on the way. Closed at once, the connection resets under the
        // upload and a client that writes its whole request before reading (simple clients do; the JDK's gives up
        // on a failed upload too) never sees the 413. The server reads and drops the rest for a while instead.
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withMaxBodyBytes(1024),
                sdp -> CompletableFuture.completedFuture("v=0")); Socket s = new Socket()) {
            int port = server.start().getPort();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            int bodyBytes = 32 << 20; // more than loopback's socket buffers hold
            OutputStream out = s.getOutputStream();
            out.write(("POST /offer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + bodyBytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < bodyBytes; sent += chunk.length) out.write(chunk); // throws if reset
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(response.startsWith("HTTP/1.1 413 Request Entity Too Large"), response);
            assertEquals(1, server.stats().bodiesTooLarge());
        }
    }

    @Test
    void roomsNeedTheirTokenWhenConfigured() throws Exception {
        SignalingSettings settings = SignalingSettings.defaults().withRoomAccess(RoomAccess.token("open-sesame"));
        try (SignalingServer server = new SignalingServer(settings, null)) {
            int port = server.start().getPort();
            try (TestClient mallory = new TestClient(http, port); TestClient alice = new TestClient(http, port)) {
                mallory.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"mallory\"}");
                assertTrue(String.valueOf(mallory.next().get("reason")).contains("not allowed"));
                mallory.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"mallory\",\"token\":\"open-sesamE\"}");
                assertTrue(String.valueOf(mallory.next().get("reason")).contains("not allowed"));
                mallory.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"mallory\",\"token\":42}");
                assertTrue(String.valueOf(mallory.next().get("reason")).contains("not allowed"));
                assertEquals(3, server.stats().joinsDenied());
                assertEquals(0, server.roomCount());
                alice.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"alice\",\"token\":\"open-sesame\"}");
                assertEquals("joined", alice.next().get("type"));
                assertEquals(1, server.memberCount("r1"));
            }
        }
        RoomAccess perRoom = RoomAccess.tokens(java.util.Map.of("r1", "t1"));
        assertTrue(perRoom.mayJoin("r1", "t1"));
        assertFalse(perRoom.mayJoin("r2", "t1"), "rooms without a token cannot be joined");
        assertFalse(perRoom.mayJoin("r1", null));
    }

    @Test
    void webSocketErrorsCarryNoParserDetail() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults(), null);
             TestClient client = new TestClient(http, server.start().getPort())) {
            client.send("{\"type\":\"join\",\"room\":\u0001");
            assertEquals("{\"type\":\"error\",\"reason\":\"malformed JSON\"}", client.nextRaw());
            assertEquals(1, server.stats().errors());
        }
    }
}
