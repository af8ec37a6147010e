package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.examples.media.Sfu;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SFU example ({@link Sfu}) against headless Chromium, in three tabs: a publisher sending its 1280x720 fake camera
 * as three simulcast layers (rid q, h, f at 1/4, 1/2 and full size), and two subscribers, one on the lowest layer and
 * one on the highest. jrtc must accept simulcast in its answer and route the layers by rid; each subscriber decodes
 * the size of its layer; moving a subscriber to another layer changes the size it decodes.
 */
class SfuExampleTest {
    private static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        if (!Chromium.available()) {
            throw new IllegalStateException("Chromium and ChromeDriver are required (scripts/test.sh installs them)");
        }
        // Tabs in the background keep their timers and renderers at full speed.
        chromium = new Chromium("--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows");
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
    }

    @Test
    void subscribersDecodeTheLayerTheyChoseAndSwitchLayers() throws Exception {
        try (Sfu sfu = new Sfu(0)) {
            String url = sfu.start();
            chromium.open(url + "publish");
            String publisherTab = chromium.currentTab();
            assertEquals("ok", chromium.async("return await window.connected;"));
            PageStats publisher = new PageStats(chromium, "window.pc");
            assertTrue(PageStats.waitFor(10, () -> sfu.publisherVideo() != null), "publisher connected");
            // The offer and answer, for reading (and as the SDP fixture of peerconnection's simulcast tests).
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "sfu-publisher-offer.sdp"),
                    chromium.async("return pc.localDescription.sdp;").toString());
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "sfu-jrtc-answer.sdp"),
                    chromium.async("return pc.remoteDescription.sdp;").toString());
            assertEquals(List.of("q", "h", "f"), sfu.publisherVideo().rids(), "jrtc's answer accepts the three layers");
            // Chromium starts with the lowest layer and adds the others as its bandwidth estimate (from jrtc's
            // transport-wide feedback) grows.
            boolean allLayers = PageStats.waitFor(30, () -> layersSent(publisher) == 3);
            System.out.println("publisher: " + chromium.async(LAYERS) + (allLayers ? "" : " (not all three layers sent)"));

            String low = chromium.openTab(url + "?id=low&rid=q");
            assertEquals("ok", chromium.async("return await window.connected;"));
            String high = chromium.openTab(url + "?id=high&rid=f");
            assertEquals("ok", chromium.async("return await window.connected;"));
            PageStats page = new PageStats(chromium, "window.pc");

            chromium.selectTab(low);
            assertTrue(PageStats.waitFor(30, () -> page.framesDecoded() >= 30), "low subscriber decodes: " + page.framesDecoded());
            long lowWidth = page.frameWidth();
            chromium.selectTab(high);
            assertTrue(PageStats.waitFor(30, () -> page.framesDecoded() >= 30), "high subscriber decodes: " + page.framesDecoded());
            long highWidth = page.frameWidth();
            System.out.printf("subscriber on q: %d frames decoded, %dx%d; subscriber on f: %d frames, %dx%d%n",
                    frames(page, low), lowWidth, height(page, low), frames(page, high), highWidth, height(page, high));
            assertEquals(320, lowWidth, "the q layer is a quarter of 1280");
            assertTrue(highWidth > lowWidth, "the subscriber on f decodes more than the one on q: " + highWidth + " vs " + lowWidth);

            // The low subscriber moves up to h: from the next key frame of h on, it decodes 640 wide.
            chromium.selectTab(low);
            assertEquals("ok", chromium.async("return await window.layer('h');"));
            assertTrue(PageStats.waitFor(20, () -> page.frameWidth() == 640), "after switching to h: " + page.frameWidth());
            long before = page.framesDecoded();
            assertTrue(PageStats.waitFor(10, () -> page.framesDecoded() >= before + 15), "decoding goes on after the switch");
            Sfu.Subscriber s = sfu.subscribers().get("low");
            System.out.printf("low subscriber switched to %s: %dx%d, %d frames decoded, %d video packets forwarded%n",
                    s.video().current(), page.frameWidth(), page.frameHeight(), page.framesDecoded(), s.video().packetsForwarded());

            // A subscriber's key frame request reaches the publisher: 4 s without video for the high subscriber (dropped
            // on jrtc's way out) make its decoder ask (RTCP PLI); the SFU asks the publisher for a key frame of f.
            chromium.selectTab(publisherTab);
            long publisherPlis = publisher.sum("outbound-rtp", "video", "pliCount");
            chromium.selectTab(high);
            long highPlis = page.sum("inbound-rtp", "video", "pliCount");
            long until = System.nanoTime() + 4_000_000_000L;
            sfu.subscribers().get("high").pc().setRtpImpairments((now, packet, length) -> now < until ? -1 : 0, null);
            Thread.sleep(4000);
            assertTrue(PageStats.waitFor(10, () -> page.sum("inbound-rtp", "video", "pliCount") > highPlis),
                    "the high subscriber asks for a key frame: " + page.sum("inbound-rtp", "video", "pliCount"));
            long highFrames = page.framesDecoded();
            assertTrue(PageStats.waitFor(10, () -> page.framesDecoded() >= highFrames + 15), "and decodes again");
            long subscriberPlis = page.sum("inbound-rtp", "video", "pliCount") - highPlis;
            chromium.selectTab(publisherTab);
            assertTrue(PageStats.waitFor(10, () -> publisher.sum("outbound-rtp", "video", "pliCount") > publisherPlis),
                    "the publisher gets a key frame request: " + publisher.sum("outbound-rtp", "video", "pliCount"));
            System.out.println("publisher after: " + chromium.async(LAYERS) + "; high subscriber sent " + subscriberPlis
                    + " PLIs, publisher's PLIs went " + publisherPlis + " -> " + publisher.sum("outbound-rtp", "video", "pliCount"));
        }
    }

    private static long frames(PageStats page, String tab) {
        chromium.selectTab(tab);
        return page.framesDecoded();
    }

    private static long height(PageStats page, String tab) {
        chromium.selectTab(tab);
        return page.frameHeight();
    }

    /** Layers the publisher page is sending now (outbound-rtp with frames encoded), as "rid WxH frames" lines. */
    private static final String LAYERS = """
            const stats = await pc.getStats();
            const out = [];
            stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video')
              out.push(s.rid + ' ' + (s.frameWidth || 0) + 'x' + (s.frameHeight || 0) + ' ' + (s.framesEncoded || 0) + ' frames'
                  + (s.qualityLimitationReason ? ' (' + s.qualityLimitationReason + ')' : '')); });
            return out.sort().join(', ');
            """;

    private static long layersSent(PageStats publisher) {
        Object n = chromium.async("""
                const stats = await pc.getStats();
                let n = 0;
                stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video' && s.frameWidth > 0) n++; });
                return n;
                """);
        return n instanceof Number num ? num.longValue() : -1;
    }
}
