package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The bounds a client cannot get around: a WebSocket that never answers pings is closed, connections beyond the
 * limit are refused, an idle HTTP connection is closed, and close() leaves no server thread behind.
 */
class SignalingLimitsTest {
    private static final String HANDSHAKE = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void aWebSocketThatNeverAnswersPingsIsClosed() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withPing(Duration.ofMillis(100), 2), null)) {
            int port = server.start().getPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(HANDSHAKE.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                int pings = 0;
                int closes = 0;
                long start = System.nanoTime();
                // Read frames (server frames are unmasked, short) until the server closes the TCP connection.
                byte[] status = readHttpHead(in).getBytes(StandardCharsets.US_ASCII);
                assertTrue(new String(status, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"));
                for (int i = 0; i < 100; i++) {
                    int b0 = in.read();
                    if (b0 < 0) break;
                    int len = in.read() & 0x7f;
                    in.readNBytes(len);
                    if ((b0 & 0x0f) == 0x9) pings++;
                    if ((b0 & 0x0f) == 0x8) closes++;
                }
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(2, pings, "two pings before giving up");
                assertEquals(1, closes, "a close frame before the TCP close");
                assertTrue(elapsedMillis >= 250 && elapsedMillis < 3000, "closed after " + elapsedMillis + " ms");
            }
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withMaxConnections(2), null);
             Socket a = new Socket(); Socket b = new Socket(); Socket c = new Socket()) {
            int port = server.start().getPort();
            for (Socket s : new Socket[] {a, b, c}) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(300);
            }
            for (int i = 0; i < 50 && server.stats().rejectedConnections() == 0; i++) Thread.sleep(20);
            assertEquals(1, server.stats().rejectedConnections());
            c.setSoTimeout(5000);
            assertEquals(-1, c.getInputStream().read(), "the third connection is closed");
            assertEquals(2, server.stats().openConnections());
            try {
                a.getInputStream().read();
                throw new AssertionError("the first connection was closed");
            } catch (SocketTimeoutException expected) {
                // still open
            }
        }
    }

    @Test
    void anIdleHttpConnectionIsClosed() throws Exception {
        try (SignalingServer server = new SignalingServer(SignalingSettings.defaults().withPing(Duration.ofMillis(200), 2), null);
             Socket s = new Socket()) {
            int port = server.start().getPort();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            assertEquals(-1, s.getInputStream().read());
            assertTrue(System.nanoTime() - start >= 150_000_000L);
        }
    }

    @Test
    void closeStopsTheServerThreads() throws Exception {
        SignalingServer server = new SignalingServer(SignalingSettings.defaults(), null);
        server.start();
        assertTrue(serverThreads() > 0);
        server.close();
        for (int i = 0; i < 100 && serverThreads() > 0; i++) Thread.sleep(20);
        assertEquals(0, serverThreads(), "threads left after close");
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jrtc-signaling")).count();
    }

    private static String readHttpHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4096 && !sb.toString().endsWith("\r\n\r\n"); i++) {
            int c = in.read();
            if (c < 0) break;
            sb.append((char) c);
        }
        return sb.toString();
    }
}
