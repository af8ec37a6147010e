package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.examples.media.MediaFile;
import dev.jrtc.examples.media.PlayFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "play a file" example ({@link PlayFile}) against headless Chromium: its page connects to the example, which
 * streams the testkit fixtures (160x120 at 15 fps, 2 s, looped); Chromium decodes the video at the file's size and
 * receives the Opus audio.
 */
class PlayFileExampleTest {
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

    static MediaFile fixture(String name) throws IOException {
        return MediaFile.read(name, PlayFileExampleTest.class.getResourceAsStream("/dev/jrtc/testkit/media/" + name), 15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"testsrc-160x120-15fps.ivf", "testsrc-160x120-15fps.h264", "testsrc-160x120-15fps-vp9.ivf",
            "testsrc-160x120-15fps-av1.ivf"})
    void chromiumDecodesTheFile(String video) throws Exception {
        List<MediaFile> files = new ArrayList<>(List.of(fixture(video)));
        boolean withAudio = video.equals("testsrc-160x120-15fps.ivf");
        if (withAudio) files.add(fixture("sine-440hz-48k.opus"));
        try (PlayFile player = new PlayFile(0, files)) {
            chromium.open(player.start());
            assertEquals("ok", chromium.async("return await window.connected;"));
            PageStats page = new PageStats(chromium, "window.pc");
            assertTrue(PageStats.waitFor(20, () -> page.framesDecoded() >= 30),
                    video + ": Chromium's framesDecoded " + page.framesDecoded());
            assertEquals(160, page.frameWidth(), video);
            assertEquals(120, page.frameHeight(), video);
            String codec = files.get(0).codec().name();
            System.out.printf("%s (%s): Chromium decoded %d frames at %dx%d%n", video, codec, page.framesDecoded(),
                    page.frameWidth(), page.frameHeight());
            if (withAudio) {
                assertTrue(PageStats.waitFor(10, () -> page.sum("inbound-rtp", "audio", "packetsReceived") >= 50),
                        "Chromium's Opus packetsReceived " + page.sum("inbound-rtp", "audio", "packetsReceived"));
                // Chromium's audio pipeline decodes what arrived into samples (concealment aside).
                assertTrue(PageStats.waitFor(10, () -> page.sum("inbound-rtp", "audio", "totalSamplesReceived") > 48000),
                        "Chromium's totalSamplesReceived " + page.sum("inbound-rtp", "audio", "totalSamplesReceived"));
                System.out.printf("Opus: Chromium received %d packets, %d samples (%d concealed)%n",
                        page.sum("inbound-rtp", "audio", "packetsReceived"), page.sum("inbound-rtp", "audio", "totalSamplesReceived"),
                        page.sum("inbound-rtp", "audio", "concealedSamples"));
            }
        }
    }
}
