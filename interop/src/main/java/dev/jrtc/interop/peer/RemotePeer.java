package dev.jrtc.interop.peer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC peer of another stack, running as a child process that speaks the JSON-lines protocol of this
 * {@linkplain dev.jrtc.interop.peer package}: the test is the signaling channel (non-trickle: every SDP carries all
 * candidates), the peer echoes every data-channel message and counts the RTP it receives.
 *
 * <p>Thread-safe. Every call is bounded by the timeout given at start; a peer that does not answer, answers an error
 * or exits fails the call with a {@link PeerException} that carries the last lines of its stderr (the whole stderr
 * goes to SLF4J, logger {@code dev.jrtc.interop.peer.<kind>}). {@link #close()} ends the process and everything it
 * started; a JVM shutdown hook does the same for peers a test forgot, and every peer program exits when its stdin
 * closes, so no peer outlives the JVM.
 *
 * <p>Candidates in the peer's SDP that are not on loopback (127.0.0.1, ::1) are removed before the SDP is returned,
 * so jrtc never sends to another address even when the peer runs outside a loopback-only network namespace.
 */
public final class RemotePeer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePeer.class);
    /** Bound on each call and on the start; generous, the machine may be loaded. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int STDERR_TAIL_LINES = 40;

    private final PeerKind kind;
    private final Duration timeout;
    private final Process process;
    private final Logger peerLog;
    private final Writer stdin;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<PeerMessage.Ready> ready = new CompletableFuture<>();
    private final List<PeerEvent> events = new ArrayList<>(); // guarded by itself
    private final Deque<String> stderrTail = new ArrayDeque<>(); // guarded by itself
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private final Thread shutdownHook;
    private volatile String ended;
    private volatile String version = "";

    private RemotePeer(PeerKind kind, PeerLaunch launch, Duration timeout) throws IOException {
        this.kind = kind;
        this.timeout = timeout;
        this.peerLog = LoggerFactory.getLogger("dev.jrtc.interop.peer." + kind.name().toLowerCase(Locale.ROOT));
        ProcessBuilder pb = new ProcessBuilder(launch.command()).directory(launch.directory().toFile());
        pb.environment().putAll(launch.environment());
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String name = "peer-" + kind.name().toLowerCase(Locale.ROOT) + "-" + process.pid();
        shutdownHook = new Thread(this::destroyTree, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        stdoutReader = new Thread(this::readStdout, name + "-stdout");
        stderrReader = new Thread(this::readStderr, name + "-stderr");
        stdoutReader.setDaemon(true);
        stderrReader.setDaemon(true);
        stdoutReader.start();
        stderrReader.start();
    }

    /** Starts a peer of {@code kind} from the default install ({@link PeerInstaller#defaultHome()}). */
    public static RemotePeer start(PeerKind kind) {
        return start(kind, new PeerInstaller(), DEFAULT_TIMEOUT);
    }

    /**
     * Starts a peer and waits for its {@code ready} line.
     *
     * @throws PeerNotInstalledException when the stack is not installed (the message names the install command)
     * @throws PeerException when the program does not come up within {@code timeout}
     */
    public static RemotePeer start(PeerKind kind, PeerInstaller installer, Duration timeout) {
        PeerLaunch launch = installer.launch(kind);
        RemotePeer peer;
        try {
            peer = new RemotePeer(kind, launch, timeout);
        } catch (IOException e) {
            throw new PeerException("cannot start the " + kind + " peer (" + String.join(" ", launch.command()) + "): "
                    + e.getMessage() + ". Install command: " + installer.installCommand(kind), e);
        }
        try {
            PeerMessage.Ready hello = peer.ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            peer.version = hello.stack() + " " + hello.version();
            LOG.info("{} peer up (pid {}): {}", kind, peer.process.pid(), peer.version);
            return peer;
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "did not say ready within " + timeout : e.getCause().getMessage();
            peer.close();
            throw new PeerException("the " + kind + " peer " + why + peer.stderrSummary()
                    + "\nIf the stack is broken, reinstall it: " + installer.installCommand(kind), e);
        } catch (InterruptedException e) {
            peer.close();
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while starting the " + kind + " peer", e);
        }
    }

    public PeerKind kind() {
        return kind;
    }

    /** The stack and version the peer program reported, e.g. {@code "pion/webrtc v3.1.56"}. */
    public String version() {
        return version;
    }

    /** The peer program's process id. */
    public long pid() {
        return process.pid();
    }

    // ------------------------------------------------------------------------------------------------ operations

    /**
     * The peer creates the channels (and, when asked, recvonly audio and video transceivers), then an offer, and
     * returns it once ICE gathering is complete.
     */
    public String createOffer(boolean audio, boolean video, ChannelSpec... channels) {
        JsonObject req = new JsonObject();
        req.add("channels", channelsJson(List.of(channels)));
        req.addProperty("audio", audio);
        req.addProperty("video", video);
        return loopbackOnly(string(request("offer", req), "sdp"));
    }

    /** The peer applies the remote offer and returns its answer, with all its candidates. */
    public String createAnswer(String offerSdp) {
        JsonObject req = new JsonObject();
        req.addProperty("sdp", Objects.requireNonNull(offerSdp, "offerSdp"));
        return loopbackOnly(string(request("answer", req), "sdp"));
    }

    /** The peer applies the remote answer to its offer. */
    public void acceptAnswer(String answerSdp) {
        JsonObject req = new JsonObject();
        req.addProperty("sdp", Objects.requireNonNull(answerSdp, "answerSdp"));
        request("accept", req);
    }

    /** The peer creates more channels on its connection (in-band, DCEP, once the connection is up). */
    public void openChannels(ChannelSpec... channels) {
        JsonObject req = new JsonObject();
        req.add("channels", channelsJson(List.of(channels)));
        request("open", req);
    }

    /** The peer closes its channel of that label (RFC 8831 §6.7); both sides then see it close. */
    public void closeChannel(String label) {
        JsonObject req = new JsonObject();
        req.addProperty("label", label);
        request("close", req);
    }

    public PeerStats stats() {
        JsonObject r = request("stats", new JsonObject());
        try {
            Map<String, PeerStats.Channel> channels = new LinkedHashMap<>();
            JsonElement list = r.get("channels");
            if (list != null && list.isJsonArray()) {
                for (JsonElement e : list.getAsJsonArray()) {
                    if (!e.isJsonObject()) throw new IllegalArgumentException("a channel is not an object: " + e);
                    JsonObject c = e.getAsJsonObject();
                    String label = string(c, "label");
                    channels.put(label, new PeerStats.Channel(label, string(c, "state"),
                            PeerMessage.number(c, "messagesReceived", 0), PeerMessage.number(c, "bytesReceived", 0)));
                }
            }
            return new PeerStats(string(r, "connectionState"), PeerMessage.number(r, "audioPackets", 0),
                    PeerMessage.number(r, "videoPackets", 0), channels);
        } catch (IllegalArgumentException e) {
            throw new PeerException(kind + " peer: malformed stats (" + e.getMessage() + "): " + r, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ events

    /** Every event so far, in arrival order. */
    public List<PeerEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits for the first event (since the start) that matches; {@code what} names it in the failure. */
    public PeerEvent awaitEvent(Predicate<PeerEvent> matcher, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (events) {
            while (true) {
                for (PeerEvent e : events) {
                    if (matcher.test(e)) return e;
                }
                if (ended != null) throw new PeerException(kind + " peer ended (" + ended + ") before " + what + stderrSummary());
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new PeerException(kind + " peer: no " + what + " within " + within + "; events: " + events
                            + stderrSummary());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PeerException("interrupted waiting for " + what, e);
                }
            }
        }
    }

    public PeerEvent awaitChannelOpen(String label, Duration within) {
        return awaitEvent(e -> e.type().equals(PeerEvent.CHANNEL_OPEN) && label.equals(e.label()), within,
                "open of channel '" + label + "'");
    }

    public PeerEvent awaitChannelClose(String label, Duration within) {
        return awaitEvent(e -> e.type().equals(PeerEvent.CHANNEL_CLOSE) && label.equals(e.label()), within,
                "close of channel '" + label + "'");
    }

    /** Waits for the peer's connection to reach {@code state} ("connected", "failed", ...). */
    public PeerEvent awaitConnectionState(String state, Duration within) {
        return awaitEvent(e -> e.type().equals(PeerEvent.CONNECTION_STATE) && state.equals(e.state()), within,
                "connection state '" + state + "'");
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    /** Whether the peer process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Asks the peer to exit, then ends the process and its descendants (forcibly after a grace period). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        List<ProcessHandle> tree = process.descendants().toList();
        if (process.isAlive()) {
            try {
                synchronized (stdin) {
                    stdin.write("{\"id\":0,\"op\":\"exit\"}\n");
                    stdin.flush();
                }
            } catch (IOException e) {
                LOG.debug("{} peer: exit not sent: {}", kind, e.toString());
            }
        }
        try {
            stdin.close();
        } catch (IOException e) {
            LOG.debug("{} peer: stdin close: {}", kind, e.toString());
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) LOG.warn("{} peer (pid {}) did not exit when asked; killing it", kind, pid());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        destroyTree(tree);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway and finds nothing left to do
        }
        try {
            stdoutReader.join(2000);
            stderrReader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end("closed");
    }

    private void destroyTree() {
        destroyTree(process.descendants().toList());
    }

    /** SIGTERM to the process and the descendants seen before it exited, then SIGKILL to whatever is left. */
    private void destroyTree(List<ProcessHandle> seen) {
        List<ProcessHandle> all = new ArrayList<>(seen);
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // killed below
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                LOG.warn("{} peer: killing pid {} ({})", kind, h.pid(), h.info().command().orElse("?"));
                h.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "RemotePeer(" + kind + ", pid " + process.pid() + (ended != null ? ", " + ended : "") + ")";
    }

    // ------------------------------------------------------------------------------------------------ protocol

    private JsonObject request(String op, JsonObject req) {
        if (closed.get()) throw new PeerException(kind + " peer is closed");
        long id = ids.incrementAndGet();
        req.addProperty("id", id);
        req.addProperty("op", op);
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            if (ended != null) throw new PeerException(kind + " peer ended (" + ended + ")" + stderrSummary());
            try {
                synchronized (stdin) {
                    stdin.write(req.toString());
                    stdin.write('\n');
                    stdin.flush();
                }
            } catch (IOException e) {
                throw new PeerException(kind + " peer does not take input (" + e.getMessage() + ")" + stderrSummary(), e);
            }
            JsonObject r;
            try {
                r = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new PeerException(kind + " peer: no answer to '" + op + "' within " + timeout + stderrSummary(), e);
            } catch (ExecutionException e) {
                throw new PeerException(kind + " peer: '" + op + "' failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerException("interrupted waiting for '" + op + "' of the " + kind + " peer", e);
            }
            if (r.has("error")) {
                JsonElement error = r.get("error");
                throw new PeerException(kind + " peer: '" + op + "' failed: "
                        + (error.isJsonPrimitive() ? error.getAsString() : error.toString()) + stderrSummary());
            }
            return r;
        } finally {
            pending.remove(id);
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                handleLine(line);
            }
        } catch (IOException e) {
            LOG.debug("{} peer stdout: {}", kind, e.toString());
        }
        String exit;
        try {
            exit = process.waitFor(2, TimeUnit.SECONDS) ? "exit code " + process.exitValue() : "stdout closed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exit = "stdout closed";
        }
        end(exit);
    }

    private void handleLine(String line) {
        long now = System.nanoTime();
        PeerMessage msg = PeerMessage.parse(line);
        if (msg instanceof PeerMessage.Ready r) {
            ready.complete(r);
        } else if (msg instanceof PeerMessage.Event e) {
            peerLog.debug("event {}", line);
            synchronized (events) {
                events.add(new PeerEvent(e.type(), e.label(), e.state(), now));
                events.notifyAll();
            }
        } else if (msg instanceof PeerMessage.Answer a) {
            CompletableFuture<JsonObject> f = pending.get(a.id());
            if (f != null) f.complete(a.body());
            else if (a.id() != 0) peerLog.warn("answer to no request: {}", line); // 0 answers the exit sent by close()
        } else if (msg instanceof PeerMessage.Other o) {
            // A library printing to stdout, or a broken line: not ours to act on, but worth seeing.
            peerLog.info("stdout ({}): {}", o.why(), line);
        }
    }

    private void readStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                peerLog.info("{}", line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) stderrTail.removeFirst();
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("{} peer stderr: {}", kind, e.toString());
        }
    }

    /** The process is gone (or closed): nothing pending will be answered. */
    private void end(String why) {
        if (ended == null) ended = why;
        PeerException gone = new PeerException(kind + " peer ended (" + why + ")" + stderrSummary());
        ready.completeExceptionally(gone);
        pending.values().forEach(f -> f.completeExceptionally(gone));
        synchronized (events) {
            events.notifyAll();
        }
    }

    private String stderrSummary() {
        synchronized (stderrTail) {
            if (stderrTail.isEmpty()) return "";
            return "\n--- last lines of the " + kind + " peer's stderr ---\n" + String.join("\n", stderrTail);
        }
    }

    private static JsonArray channelsJson(List<ChannelSpec> channels) {
        JsonArray list = new JsonArray();
        for (ChannelSpec c : channels) {
            JsonObject o = new JsonObject();
            o.addProperty("label", c.label());
            o.addProperty("ordered", c.ordered());
            if (c.maxRetransmits() != null) o.addProperty("maxRetransmits", c.maxRetransmits());
            if (c.maxPacketLifeTime() != null) o.addProperty("maxPacketLifeTime", c.maxPacketLifeTime());
            if (!c.protocol().isEmpty()) o.addProperty("protocol", c.protocol());
            if (c.negotiated()) {
                o.addProperty("negotiated", true);
                o.addProperty("id", c.id());
            }
            list.add(o);
        }
        return list;
    }

    /** Drops candidate lines whose address is not loopback (RFC 8839 §5.1: the address is the fifth field). */
    private String loopbackOnly(String sdp) {
        String eol = sdp.contains("\r\n") ? "\r\n" : "\n";
        StringBuilder out = new StringBuilder(sdp.length());
        int dropped = 0;
        for (String line : sdp.split("\r?\n", -1)) {
            if (line.startsWith("a=candidate:")) {
                String[] f = line.split(" ");
                String address = f.length > 4 ? f[4] : "";
                if (!address.equals("127.0.0.1") && !address.equals("::1")) {
                    dropped++;
                    continue;
                }
            }
            if (!line.isEmpty() || out.length() == 0) out.append(line).append(eol);
        }
        if (dropped > 0) LOG.info("{} peer: dropped {} non-loopback candidates from its SDP", kind, dropped);
        return out.toString();
    }

    private static String string(JsonObject o, String key) {
        String s = PeerMessage.text(o, key);
        return s == null ? "" : s;
    }
}
