package dev.jrtc.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.examples.media.Record;
import dev.jrtc.examples.media.TrackRecorder;
import dev.jrtc.testkit.Ffmpeg;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "save what a browser sends" example ({@link Record}) against headless Chromium's fake camera (320x240) and
 * microphone: the files it writes are checked by ffprobe and ffmpeg (codec, size, frame and packet counts, a decode
 * without any error), not by our own readers.
 */
class RecordExampleTest {
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

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "H264"})
    void chromiumsCameraAndMicrophoneAreSavedToFilesFfmpegReads(String codec, @TempDir Path dir) throws Exception {
        TrackRecorder video;
        TrackRecorder audio;
        try (Record recorder = new Record(0, dir, codec)) {
            chromium.open(recorder.start());
            assertEquals("ok", chromium.async("return await window.connected;"));
            assertTrue(PageStats.waitFor(15, () -> recorder.recorders().size() == 2), "tracks: " + recorder.recorders().size());
            video = recorder.recorders().stream().filter(r -> !r.codec().equals("opus")).findFirst().orElseThrow();
            audio = recorder.recorders().stream().filter(r -> r.codec().equals("opus")).findFirst().orElseThrow();
            // About 3 s of media: 60 frames at Chromium's fake-camera 30 fps, 150 Opus packets of 20 ms.
            assertTrue(PageStats.waitFor(30, () -> video.framesWritten() >= 60 && audio.framesWritten() >= 150),
                    "frames written: video " + video.framesWritten() + ", audio " + audio.framesWritten());
            chromium.async("pc.close(); return 'closed';");
        }
        Path videoFile = video.file();
        Path audioFile = audio.file();
        assertTrue(Files.size(videoFile) > 0 && Files.size(audioFile) > 0);

        Ffmpeg.Result v = Ffmpeg.ffprobe("-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", videoFile.toString());
        assertEquals(codec.toLowerCase() + ",320,240", v.stdout().strip(), v.describe());
        int decoded = Ffmpeg.decodedFrameCount(videoFile);
        assertTrue(decoded >= 60, "ffprobe decoded " + decoded + " of " + video.framesWritten() + " frames");
        if (codec.equals("VP8")) {
            // IVF carries each frame's time (RTP timestamp since the first frame): they go strictly up.
            Ffmpeg.Result pts = Ffmpeg.ffprobe("-select_streams", "v:0", "-show_entries", "packet=pts", "-of", "csv=p=0", videoFile.toString());
            long previous = -1;
            for (String line : pts.stdout().strip().split("\n")) {
                long t = Long.parseLong(line.strip());
                assertTrue(t > previous, "pts " + t + " after " + previous);
                previous = t;
            }
        }
        // A camera's frames come at uneven times: ffmpeg's null output would put them on a time base of the frame rate it
        // guesses and warn when two land in one tick (about its own output, not a decoding error), so it keeps the
        // file's 90 kHz time base and its timestamps as they are.
        Ffmpeg.Result videoDecode = Ffmpeg.ffmpeg("-v", "error", "-xerror", "-i", videoFile.toString(),
                "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "null", "-");
        assertEquals(0, videoDecode.exitCode(), videoDecode.describe());
        assertEquals("", videoDecode.stderr().strip(), "ffmpeg reports decoding errors");

        Ffmpeg.Result a = Ffmpeg.ffprobe("-select_streams", "a:0", "-show_entries", "stream=codec_name,sample_rate",
                "-of", "csv=p=0", audioFile.toString());
        assertEquals("opus,48000", a.stdout().strip(), a.describe());
        int packets = Ffmpeg.packetCount(audioFile);
        assertEquals(audio.framesWritten(), packets, "every Opus packet written is read back by ffprobe");
        Ffmpeg.Result audioDecode = Ffmpeg.decode(audioFile);
        assertEquals(0, audioDecode.exitCode(), audioDecode.describe());
        assertEquals("", audioDecode.stderr().strip(), "ffmpeg reports decoding errors");
        Ffmpeg.Result duration = Ffmpeg.ffprobe("-show_entries", "format=duration", "-of", "csv=p=0", audioFile.toString());
        System.out.printf("%s: %d frames written (%d dropped incomplete), ffprobe: %s, %d decoded; Opus: %d packets, %s s, %d dropped%n",
                codec, video.framesWritten(), video.framesDropped(), v.stdout().strip(), decoded, packets,
                duration.stdout().strip(), audio.framesDropped());
    }
}
