package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.signaling.EchoBot;
import dev.jrtc.signaling.SignalingServer;
import dev.jrtc.signaling.SignalingSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The signaling module's demo page end to end in headless Chromium, inside the loopback-only network namespace:
 * "talk to the Java bot" gets its data-channel message echoed by {@link EchoBot} over a non-trickle
 * {@code POST /offer}, and two tabs in one room negotiate a data channel through {@code /ws} and chat over it.
 */
class SignalingDemoPageTest {
    private static PeerConnectionFactory factory;
    private static EchoBot bot;
    private static SignalingServer server;
    private static Path profile;
    private static ChromeDriver driver;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        if (!Chromium.available()) {
            throw new IllegalStateException("Chromium and ChromeDriver are required (scripts/test.sh installs them)");
        }
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(true).withEventLoopThreads(1));
        bot = new EchoBot(factory, RtcConfiguration.defaults(), Duration.ofSeconds(60), Duration.ofSeconds(5), 4);
        server = new SignalingServer(SignalingSettings.defaults(), bot);
        base = "http://127.0.0.1:" + server.start(new InetSocketAddress("127.0.0.1", 0)).getPort() + "/";
        profile = Files.createTempDirectory("jrtc-chromium-signaling-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BINARY);
        // Plain 127.0.0.1 host candidates instead of mDNS names: nothing answers mDNS in the namespace, and the two
        // tabs must reach each other without a jrtc side that learns peer-reflexive addresses.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--allow-loopback-in-peer-connection",
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--disable-features=WebRtcHideLocalIpsWithMdns", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows");
        // The page's console (its negotiation trace) is kept for failure reports.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Chromium.DRIVER)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (driver != null) driver.quit();
        } finally {
            if (server != null) server.close();
            if (bot != null) bot.close();
            if (factory != null) factory.close();
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void talkToTheJavaBotShowsTheEcho() throws Exception {
        driver.get(base + "#bot-room");
        driver.findElement(By.id("bot")).click();
        String log = waitForText("bot-log", "echo: hello bot", Duration.ofSeconds(20));
        assertTrue(log.contains("sent: hello bot"), log);
        assertTrue(server.stats().offersAnswered() >= 1);
    }

    @Test
    void twoTabsInOneRoomChatOverADataChannel() throws Exception {
        String first = driver.getWindowHandle();
        allowLocalAddresses();
        driver.get(base + "#chat-room");
        waitForText("status", "joined as", Duration.ofSeconds(10));
        slowDownFirstTab();
        driver.switchTo().newWindow(WindowType.WINDOW);
        String second = driver.getWindowHandle();
        try {
            allowLocalAddresses();
            driver.get(base + "#chat-room");
            waitForText("chat-log", "is open", Duration.ofSeconds(20));
            driver.findElement(By.id("chat-input")).sendKeys("hi from the second tab");
            driver.findElement(By.id("chat-send")).click();
            driver.switchTo().window(first);
            waitForText("chat-log", ": hi from the second tab", Duration.ofSeconds(10));
            driver.findElement(By.id("chat-input")).sendKeys("hello back");
            driver.findElement(By.id("chat-send")).click();
            driver.switchTo().window(second);
            waitForText("chat-log", ": hello back", Duration.ofSeconds(10));
            assertTrue(server.stats().messagesRelayed() >= 2, "offer and answer went through /ws: " + server.stats());
        } finally {
            driver.switchTo().window(second);
            driver.close();
            driver.switchTo().window(first);
        }
    }

    /**
     * {@code -Djrtc.demo.slowFirstTab=40} runs the first tab's page 40 times slower (DevTools CPU throttling), which
     * turns rare orderings of the two tabs' negotiation on a loaded machine into common ones.
     */
    private static void slowDownFirstTab() {
        double rate = Double.parseDouble(System.getProperty("jrtc.demo.slowFirstTab", "1"));
        if (rate > 1) driver.executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", rate));
    }

    /**
     * Chromium hides local addresses (it gathers no host candidates) from pages without a media permission; two
     * browsers need at least one host candidate between them, so each tab first takes the fake microphone once on
     * this origin, then loads the demo page afresh.
     */
    private static void allowLocalAddresses() {
        driver.get(base + "index.html#warm-up");
        Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.mediaDevices.getUserMedia({audio: true})"
                + ".then(s => { s.getTracks().forEach(t => t.stop()); done('ok'); }, e => done('ERROR ' + e));");
        assertTrue("ok".equals(result), "getUserMedia: " + result);
    }

    /** Polls the element's text until it contains {@code part}; fails with the text seen when time is up. */
    private static String waitForText(String id, String part, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String text = "";
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
            text = driver.findElement(By.id(id)).getText();
            if (text.contains(part)) return text;
            Thread.sleep(100);
        }
        throw new AssertionError("#" + id + " never showed \"" + part + "\" within " + timeout + "; it shows: " + text
                + everyTab());
    }

    /** Each open tab's room state, then the negotiation trace of every tab from the console in time order. */
    private static String everyTab() {
        StringBuilder report = new StringBuilder();
        String current = driver.getWindowHandle();
        for (String handle : driver.getWindowHandles()) {
            driver.switchTo().window(handle);
            report.append("\n--- tab ").append(driver.getCurrentUrl())
                    .append("\nstatus: ").append(driver.findElement(By.id("status")).getText())
                    .append("\nmembers: ").append(driver.findElement(By.id("members")).getText())
                    .append("\npeers: ").append(driver.executeScript("return JSON.stringify([...peers].map(([id, p]) =>"
                            + " ({ id, polite: p.polite, signaling: p.pc.signalingState, gathering: p.pc.iceGatheringState,"
                            + " ice: p.pc.iceConnectionState, connection: p.pc.connectionState, channel: p.dc && p.dc.readyState,"
                            + " local: p.pc.localDescription && p.pc.localDescription.sdp.match(/a=(ice-ufrag|setup):\\S+|a=candidate/g),"
                            + " remote: p.pc.remoteDescription && p.pc.remoteDescription.sdp.match(/a=(ice-ufrag|setup):\\S+|a=candidate/g)"
                            + " })))"))
                    .append("\nbot log: ").append(driver.findElement(By.id("bot-log")).getText())
                    .append("\nchat log: ").append(driver.findElement(By.id("chat-log")).getText());
        }
        driver.switchTo().window(current);
        report.append("\n--- negotiation trace");
        driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("[negotiation "))
                .map(m -> m.substring(m.indexOf("[negotiation ")).replaceAll("\"$", ""))
                .sorted()
                .forEach(m -> report.append('\n').append(m));
        return report.toString();
    }
}
