package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.examples.media.Echo;
import dev.jrtc.peerconnection.PeerConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo example ({@link Echo}) against headless Chromium: the fake camera (320x240) comes back on the same
 * connection and Chromium decodes it at that size; a key frame request Chromium makes on the echoed track reaches its
 * own camera sender; the echoed microphone arrives as audio.
 */
class EchoExampleTest {
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            throw new IllegalStateException("Chromium and ChromeDriver are required (scripts/test.sh installs them)");
        }
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
    }

    @Test
    void chromiumDecodesItsOwnCameraEchoedBack() throws Exception {
        try (Echo echo = new Echo(0)) {
            chromium.open(echo.start());
            assertEquals("ok", chromium.async("return await window.connected;"));
            PageStats page = new PageStats(chromium, "window.pc");
            assertTrue(PageStats.waitFor(20, () -> page.framesDecoded() >= 60), "echoed frames decoded: " + page.framesDecoded()
                    + "; forwarded " + echo.forwarders().stream().map(f -> f.current() + ":" + f.packetsForwarded()).toList()
                    + "; jrtc stats " + echo.connections().get(0).getStats().join());
            assertEquals(320, page.frameWidth());
            assertEquals(240, page.frameHeight());
            assertTrue(PageStats.waitFor(10, () -> page.sum("inbound-rtp", "audio", "packetsReceived") >= 50),
                    "echoed audio packets: " + page.sum("inbound-rtp", "audio", "packetsReceived"));

            // Chromium's receiver of the echo asks for a key frame when its decoder has had nothing to decode for a
            // while: 4 s without any echoed packet (dropped on jrtc's way out). Only its camera sender can make one,
            // so the request must reach it: its outbound-rtp counts a PLI, and decoding goes on.
            PeerConnection pc = echo.connections().get(0);
            long until = System.nanoTime() + 4_000_000_000L;
            pc.setRtpImpairments((now, packet, length) -> now < until ? -1 : 0, null);
            Thread.sleep(4000);
            long before = page.framesDecoded();
            assertTrue(PageStats.waitFor(10, () -> page.sum("inbound-rtp", "video", "pliCount") >= 1
                            && page.sum("outbound-rtp", "video", "pliCount") >= 1),
                    "PLIs sent by Chromium's receiver " + page.sum("inbound-rtp", "video", "pliCount")
                            + ", received by its sender " + page.sum("outbound-rtp", "video", "pliCount"));
            assertTrue(PageStats.waitFor(10, () -> page.framesDecoded() >= before + 30), "decoding resumes: " + page.framesDecoded());
            System.out.printf("echo: Chromium decoded %d echoed frames at %dx%d, %d echoed audio packets; PLIs: %d sent on the echo,"
                            + " %d reached the camera sender%n", page.framesDecoded(), page.frameWidth(), page.frameHeight(),
                    page.sum("inbound-rtp", "audio", "packetsReceived"), page.sum("inbound-rtp", "video", "pliCount"),
                    page.sum("outbound-rtp", "video", "pliCount"));
        }
    }
}
