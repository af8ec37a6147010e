package dev.jrtc.interop.peer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the peer programs into a cache folder and tells {@link RemotePeer} how to start them.
 *
 * <p>The programs ship in this jar; each family is extracted to {@code <home>/<family>-<hash of its files>/}, so an
 * edited program gets a fresh folder. Installing needs the network once: {@code npm ci} of the pinned Node stacks
 * (package-lock.json is part of the jar), {@code go build} of the pion peer against Debian's pion sources (offline,
 * GOPATH mode), and a check that Python can import aiortc. A folder is ready when it holds {@code .installed}.
 * Starting a peer never installs anything: tests may run without network (the jrtc build runs them in a
 * loopback-only network namespace), so a missing stack fails with the command that installs it.
 *
 * <p>The home folder is the system property {@code jrtc.interop.home}, else the environment variable
 * {@code JRTC_INTEROP_HOME}, else {@code ~/.cache/jrtc-interop}.
 */
public final class PeerInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(PeerInstaller.class);
    private static final String READY = ".installed";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    /** Debian's pion/webrtc v3 sources (golang-github-pion-webrtc.v3-dev); its other dependencies sit beside it. */
    private static final Path GOCODE = Paths.get("/usr/share/gocode");
    private static final Path PION_SOURCES = GOCODE.resolve("src/github.com/pion/webrtc");

    private final Path home;

    /** An installer for the default home folder. */
    public PeerInstaller() {
        this(defaultHome());
    }

    public PeerInstaller(Path home) {
        this.home = home.toAbsolutePath();
    }

    /** The cache folder: {@code -Djrtc.interop.home}, {@code $JRTC_INTEROP_HOME} or {@code ~/.cache/jrtc-interop}. */
    public static Path defaultHome() {
        String property = System.getProperty("jrtc.interop.home");
        if (property != null && !property.isBlank()) return Paths.get(property);
        String env = System.getenv("JRTC_INTEROP_HOME");
        if (env != null && !env.isBlank()) return Paths.get(env);
        return Paths.get(System.getProperty("user.home"), ".cache", "jrtc-interop");
    }

    public Path home() {
        return home;
    }

    /**
     * Installs the given kinds (all when none are named). {@code --lenient} reports failures instead of throwing, for
     * builds that want the tests to report them.
     */
    public static void main(String[] args) throws IOException {
        boolean lenient = false;
        Set<PeerKind> kinds = EnumSet.noneOf(PeerKind.class);
        for (String arg : args) {
            if (arg.equals("--lenient")) lenient = true;
            else kinds.add(PeerKind.valueOf(arg.toUpperCase(java.util.Locale.ROOT)));
        }
        if (kinds.isEmpty()) kinds = EnumSet.allOf(PeerKind.class);
        PeerInstaller installer = new PeerInstaller();
        List<String> failures = new ArrayList<>();
        for (PeerKind kind : kinds) {
            try {
                installer.install(kind);
            } catch (PeerNotInstalledException | IOException | UncheckedIOException e) {
                failures.add(kind + ": " + e.getMessage());
            }
        }
        if (failures.isEmpty()) {
            LOG.info("interop peers ready in {}: {}", installer.home, kinds);
        } else if (lenient) {
            failures.forEach(f -> LOG.warn("interop peer not installed (tests that need it will fail): {}", f));
        } else {
            throw new IllegalStateException("interop peers not installed:\n" + String.join("\n", failures));
        }
    }

    /** Installs one kind; quick (a file check) when it is already installed. */
    public void install(PeerKind kind) throws IOException {
        if (kind == PeerKind.CHROMIUM) requireChromium();
        PeerRuntime runtime = kind.runtime();
        Path dir = extract(runtime);
        if (Files.exists(dir.resolve(READY))) return;
        try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            if (Files.exists(dir.resolve(READY))) return; // another build installed it while we waited
            String marker = switch (runtime) {
                case NODE -> installNode(dir);
                case PYTHON -> installPython();
                case GO -> installPion(dir);
            };
            Files.writeString(dir.resolve(READY), marker, StandardCharsets.UTF_8);
            LOG.info("installed the {} peer in {}", runtime.folder(), dir);
        }
    }

    /** The command that starts a peer of this kind, or a {@link PeerNotInstalledException} naming the install. */
    PeerLaunch launch(PeerKind kind) {
        PeerRuntime runtime = kind.runtime();
        Path dir;
        try {
            dir = extract(runtime);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the " + runtime.folder() + " peer into " + home, e);
        }
        Path ready = dir.resolve(READY);
        if (!Files.exists(ready)) {
            throw new PeerNotInstalledException(kind.description() + " is not installed for the interop peers (no " + ready
                    + ")", installCommand(kind));
        }
        return switch (runtime) {
            case NODE -> {
                requireTool("node", kind, "apt-get install -y nodejs npm");
                if (kind == PeerKind.CHROMIUM) requireChromium();
                yield new PeerLaunch(List.of("node", dir.resolve("peer.js").toString(), kind.stack()), dir, Map.of());
            }
            case PYTHON -> new PeerLaunch(List.of(readMarker(ready), "-u", dir.resolve("peer.py").toString()), dir,
                    Map.of("PYTHONUNBUFFERED", "1"));
            case GO -> new PeerLaunch(List.of(dir.resolve("peer-pion").toString()), dir, Map.of());
        };
    }

    /** The command a user runs to install {@code kind}: this class, on the class path it was loaded from. */
    String installCommand(PeerKind kind) {
        String apt = switch (kind.runtime()) {
            case NODE -> onPath("npm") == null ? "apt-get install -y nodejs npm && " : "";
            case PYTHON -> "";
            case GO -> onPath("go") == null || !Files.isDirectory(PION_SOURCES)
                    ? "apt-get install -y golang-go golang-github-pion-webrtc.v3-dev && " : "";
        };
        String property = home.equals(defaultHome().toAbsolutePath()) ? "" : "-Djrtc.interop.home=" + home + " ";
        return apt + "java " + property + "-cp " + classPath() + " " + PeerInstaller.class.getName() + " " + kind.name()
                + "   (in the jrtc repository, mvn -pl interop -am process-test-classes does the same)";
    }

    // ---------------------------------------------------------------------------------------------- per runtime

    private String installNode(Path dir) throws IOException {
        requireTool("node", PeerKind.LIBDATACHANNEL, "apt-get install -y nodejs npm");
        requireTool("npm", PeerKind.LIBDATACHANNEL, "apt-get install -y nodejs npm");
        // npm ci installs exactly the lock file. The native stacks come as prebuilt optional dependencies from the
        // npm registry (@node-datachannel/linux-x64-gnu, @roamhq/wrtc-linux-x64); nothing is built or downloaded
        // from elsewhere.
        run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), dir, Map.of());
        run(List.of("node", "-e", "require('node-datachannel'); require('node-datachannel/polyfill');"
                + " require('@roamhq/wrtc'); require('werift');"), dir, Map.of());
        return "npm ci";
    }

    private String installPython() throws IOException {
        for (String python : List.of("/usr/bin/python3", "python3")) {
            Path exe = python.startsWith("/") ? Paths.get(python) : onPath(python);
            if (exe == null || !Files.isExecutable(exe)) continue;
            try {
                run(List.of(exe.toString(), "-c", "import aiortc, aioice"), home, Map.of());
                return exe.toString();
            } catch (PeerNotInstalledException e) {
                LOG.debug("{} cannot import aiortc", exe);
            }
        }
        throw new PeerNotInstalledException("no python3 here can import aiortc", "apt-get install -y python3-aiortc");
    }

    private String installPion(Path dir) throws IOException {
        String apt = "apt-get install -y golang-go golang-github-pion-webrtc.v3-dev";
        requireTool("go", PeerKind.PION, apt);
        if (!Files.isDirectory(PION_SOURCES)) {
            throw new PeerNotInstalledException("pion/webrtc v3 sources are missing (" + PION_SOURCES + ")", apt);
        }
        // GOPATH mode (GO111MODULE=off): Debian ships pion as sources under /usr/share/gocode, without the /v3
        // folder its import path needs, so our own GOPATH entry links it in.
        Path gopath = dir.resolve("gopath");
        Path main = gopath.resolve("src/jrtc-interop-pion");
        Files.createDirectories(main);
        Files.copy(dir.resolve("main.go"), main.resolve("main.go"), StandardCopyOption.REPLACE_EXISTING);
        Path v3 = gopath.resolve("src/github.com/pion/webrtc/v3");
        Files.createDirectories(v3.getParent());
        if (!Files.exists(v3)) Files.createSymbolicLink(v3, PION_SOURCES);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GO111MODULE", "off");
        env.put("GOPATH", gopath + File.pathSeparator + GOCODE);
        env.put("GOPROXY", "off");
        env.put("GOFLAGS", "");
        run(List.of("go", "build", "-o", dir.resolve("peer-pion").toString(), "jrtc-interop-pion"), dir, env);
        return "go build";
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Extracts the runtime's files into its hashed folder (once; concurrent extractions write identical files). */
    private Path extract(PeerRuntime runtime) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (String name : runtime.files()) {
            String resource = runtime.folder() + "/" + name;
            try (InputStream in = PeerInstaller.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("resource missing from jrtc-interop: " + resource);
                byte[] bytes = in.readAllBytes();
                files.put(name, bytes);
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            }
        }
        String hash = HexFormat.of().formatHex(sha.digest(), 0, 8);
        Path dir = home.resolve(runtime.folder() + "-" + hash);
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), file.getValue())) continue;
            Path tmp = Files.createTempFile(dir, file.getKey(), ".tmp");
            Files.write(tmp, file.getValue());
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return dir;
    }

    /** The browser the CHROMIUM peer starts: {@code $JRTC_CHROMIUM}, else Debian's /usr/bin/chromium. */
    private void requireChromium() {
        String env = System.getenv("JRTC_CHROMIUM");
        Path binary = Paths.get(env != null && !env.isBlank() ? env : "/usr/bin/chromium");
        if (!Files.isExecutable(binary)) {
            throw new PeerNotInstalledException("Chromium is not installed (" + binary + ")", "apt-get install -y chromium");
        }
    }

    private void requireTool(String tool, PeerKind kind, String apt) {
        if (onPath(tool) == null) {
            throw new PeerNotInstalledException("'" + tool + "' is not on the PATH (needed by " + kind.description() + ")",
                    apt + " && java -cp " + classPath() + " " + PeerInstaller.class.getName());
        }
    }

    private static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path candidate = Paths.get(entry, tool);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static String readMarker(Path ready) {
        try {
            return Files.readString(ready, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jars (or class folders) of this library and its dependencies, for the install command. */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> c : List.of(PeerInstaller.class, LoggerFactory.class)) {
            try {
                entries.add(Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (Exception e) {
                entries.add("<jar of " + c.getName() + ">");
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Runs an install step; its output is logged, a failure throws with the output's tail. */
    private void run(List<String> command, Path dir, Map<String, String> env) throws IOException {
        LOG.info("interop peers: {} (in {})", String.join(" ", command), dir);
        Path log = Files.createTempFile(home, "install-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted: " + command, e);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!output.isBlank()) LOG.info("{}", output.strip());
            if (!done) {
                p.destroyForcibly();
                throw new IOException("timed out after " + INSTALL_TIMEOUT + ": " + String.join(" ", command));
            }
            if (p.exitValue() != 0) {
                String tail = output.length() > 2000 ? output.substring(output.length() - 2000) : output;
                throw new PeerNotInstalledException("'" + String.join(" ", command) + "' failed with exit code "
                        + p.exitValue() + " in " + dir + ":\n" + tail.strip(), String.join(" ", command));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
