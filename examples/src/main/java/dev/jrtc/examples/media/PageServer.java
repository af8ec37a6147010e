package dev.jrtc.examples.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web side of the media examples: a tiny HTTP server on 127.0.0.1 that serves the example's pages and takes SDP
 * offers by {@code POST} (the whole offer in the body, {@code application/sdp}, the answer in the response: the
 * non-trickle exchange WHIP uses, RFC 9725 §4.2, without its session URLs). Pages come from this package's
 * resources; {@code /jrtc.js} holds the page-side helper every page uses.
 */
public final class PageServer implements AutoCloseable {
    /** Answers one request body (an SDP offer, or a small command) with a response body. */
    @FunctionalInterface
    public interface PostHandler {
        String handle(String body, Map<String, String> query) throws Exception;
    }

    private static final int MAX_BODY = 64 * 1024;

    private record Page(String type, byte[] body) {}

    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, PostHandler> posts = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "example-http");
        t.setDaemon(true);
        return t;
    });

    /** Binds 127.0.0.1:{@code port} (0 for any free port): only browsers on this machine can open the pages. */
    public PageServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        page("/jrtc.js", "jrtc.js");
    }

    /** Serves the resource {@code name} (next to this class) for {@code GET path}. */
    public PageServer page(String path, String name) {
        try (InputStream in = PageServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalArgumentException("no page resource " + name);
            pages.put(path, new Page(name.endsWith(".js") ? "text/javascript" : "text/html", in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read page resource " + name, e);
        }
        return this;
    }

    /** Runs {@code handler} for {@code POST path}; what it throws becomes a 400 with the message. */
    public PageServer post(String path, PostHandler handler) {
        posts.put(path, handler);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Page page = pages.get(path);
        PostHandler handler = posts.get(path);
        if (method.equals("GET") && page != null) {
            respond(exchange, 200, page.type() + "; charset=utf-8", page.body());
        } else if (method.equals("POST") && handler != null) {
            byte[] in = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
            if (in.length > MAX_BODY) {
                respond(exchange, 413, "text/plain", "body over 64 KiB".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                String out = handler.handle(new String(in, StandardCharsets.UTF_8), query(exchange));
                String type = out.startsWith("v=0") ? "application/sdp" : "text/plain";
                respond(exchange, 200, type, out.getBytes(StandardCharsets.UTF_8));
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                respond(exchange, 400, "text/plain", why.getBytes(StandardCharsets.UTF_8));
            }
        } else if (page != null || handler != null) {
            respond(exchange, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8));
        } else {
            respond(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Starts serving; returns the page address. */
    public String start() {
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        String q = exchange.getRequestURI().getRawQuery();
        Map<String, String> out = new java.util.HashMap<>();
        if (q == null) return out;
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
