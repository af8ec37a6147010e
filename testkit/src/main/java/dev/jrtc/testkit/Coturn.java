package dev.jrtc.testkit;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A coturn {@code turnserver} process on 127.0.0.1 and a free port, with a temporary userdb, stopped on close. The
 * project's test script installs coturn; a missing binary fails the test.
 */
public final class Coturn implements AutoCloseable {
    public static final String USER = "test";
    public static final String PASSWORD = "secret";
    public static final String REALM = "example.org";

    private final Process process;
    private final Path dir;
    private final InetSocketAddress address;

    private Coturn(Process process, Path dir, InetSocketAddress address) {
        this.process = process;
        this.dir = dir;
        this.address = address;
    }

    public static Coturn start() throws IOException {
        return start(List.of());
    }

    /** A coturn with {@code extraOptions} appended to the usual command line (for example a short nonce lifetime). */
    public static Coturn start(List<String> extraOptions) throws IOException {
        return start("127.0.0.1", extraOptions);
    }

    /** A coturn listening and relaying on loopback {@code ip} ("127.0.0.1" or "::1"). */
    public static Coturn start(String ip, List<String> extraOptions) throws IOException {
        InetAddress loopback = InetAddress.getByName(ip);
        if (!loopback.isLoopbackAddress()) throw new IllegalArgumentException("coturn stays on loopback, not " + ip);
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            port = probe.getLocalPort();
        }
        Path dir = Files.createTempDirectory("jrtc-coturn");
        List<String> command = new java.util.ArrayList<>(List.of("turnserver", "-n", "--listening-ip=" + ip, "--relay-ip=" + ip,
                "--listening-port=" + port, "--lt-cred-mech", "--user=" + USER + ":" + PASSWORD, "--realm=" + REALM,
                "--no-cli", "--no-tls", "--no-dtls", "--allow-loopback-peers", "--userdb=" + dir.resolve("turndb"),
                "--pidfile=" + dir.resolve("turnserver.pid"), "--log-file=" + dir.resolve("turn.log"), "--simple-log",
                "--no-stdout-log", "--min-port=49152", "--max-port=65535"));
        command.addAll(extraOptions);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        return new Coturn(process, dir, new InetSocketAddress(loopback, port));
    }

    public InetSocketAddress address() {
        return address;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Coturn's log, for assertion messages. */
    public String log() {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder sb = new StringBuilder();
            for (Path p : files.filter(p -> p.toString().endsWith(".log")).toList()) {
                String text = Files.readString(p);
                sb.append(p.getFileName()).append(":\n").append(text, Math.max(0, text.length() - 2000), text.length());
            }
            return sb.toString();
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
