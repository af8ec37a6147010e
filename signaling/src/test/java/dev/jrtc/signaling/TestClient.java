package dev.jrtc.signaling;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK WebSocket client for tests: sends text, and hands back each received message parsed, with a bounded wait. */
final class TestClient implements AutoCloseable {
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    TestClient(HttpClient http, int port) throws Exception {
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(-1);
                    }
                }).get(5, TimeUnit.SECONDS);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    /** The next message, parsed; fails after 5 s. */
    Map<String, Object> next() throws Exception {
        String text = received.poll(5, TimeUnit.SECONDS);
        if (text == null) throw new AssertionError("no message within 5 s");
        return Json.parseObject(text.replaceAll("\"members\":\\[.*\\]", "\"members\":null"));
    }

    /** The next message as sent by the server. */
    String nextRaw() throws Exception {
        String text = received.poll(5, TimeUnit.SECONDS);
        if (text == null) throw new AssertionError("no message within 5 s");
        return text;
    }

    /** True when nothing arrives within {@code millis}. */
    boolean quietFor(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS) == null;
    }

    /** Joins and returns the id the server assigned. */
    String join(String room, String name) throws Exception {
        send("{\"type\":\"join\",\"room\":\"" + room + "\",\"name\":\"" + name + "\"}");
        String raw = nextRaw();
        if (!raw.startsWith("{\"type\":\"joined\"")) throw new AssertionError("expected joined, got " + raw);
        return (String) Json.parseObject(raw.replaceAll("\"members\":\\[.*\\]", "\"members\":null")).get("id");
    }

    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
