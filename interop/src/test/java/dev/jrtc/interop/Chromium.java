package dev.jrtc.interop;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through ChromeDriver (INTEROP.md): a blank page served from 127.0.0.1 (a secure
 * context, so getUserMedia works with the fake camera), and helpers to run async JavaScript in it.
 */
final class Chromium implements AutoCloseable {
    static final File BINARY = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");

    private final HttpServer server;
    private final Path profile;
    private final ChromeDriver driver;

    /** Flags every test run uses; the media ones let getUserMedia work without a camera or a prompt. */
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection");

    Chromium() throws IOException {
        this(FLAGS);
    }

    /** A browser started with {@code extraArguments} on top of the usual flags. */
    Chromium(String... extraArguments) throws IOException {
        this(java.util.stream.Stream.concat(FLAGS.stream(), java.util.Arrays.stream(extraArguments)).toList());
    }

    /** A Chromium started with {@code flags} (plus its own fresh profile directory). */
    Chromium(List<String> flags) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = "<!doctype html><html><head><title>jrtc interop</title></head><body>jrtc</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        profile = Files.createTempDirectory("jrtc-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments(flags);
        options.addArguments("--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
        ChromeDriver d;
        try {
            d = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
        driver = d;
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Loads {@code url} (a page on 127.0.0.1, e.g. one an example serves) in place of the blank page. */
    void open(String url) {
        driver.get(url);
    }

    /** Opens {@code url} in a new tab, which becomes the one scripts run in; returns the tab's handle. */
    String openTab(String url) {
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(url);
        return driver.getWindowHandle();
    }

    /** The handle of the tab scripts run in. */
    String currentTab() {
        return driver.getWindowHandle();
    }

    /** Makes the tab {@code handle} the one scripts run in. */
    void selectTab(String handle) {
        driver.switchTo().window(handle);
    }

    /** Runs {@code body} as an async function; its return value (or "ERROR ..." when it throws) comes back. */
    Object async(String body, Object... args) {
        String script = "const done = arguments[arguments.length - 1];\n"
                + "(async (...args) => {\n" + body + "\n})(...Array.prototype.slice.call(arguments, 0, arguments.length - 1))"
                + ".then(done, e => done('ERROR ' + e));";
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    Object eval(String expression) {
        return ((JavascriptExecutor) driver).executeScript("return " + expression + ";");
    }

    static boolean available() {
        return BINARY.canExecute() && DRIVER.canExecute();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
