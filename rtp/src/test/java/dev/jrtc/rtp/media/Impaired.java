package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.media.MediaPath.Frame;
import dev.jrtc.testkit.Ffmpeg;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The lossy-network check every video codec test runs: over 20 seeded networks (3% loss, 2% duplicates, some
 * reordering) whatever a depacketizer delivers is whole source frames, starting with a key frame and again with one
 * after every gap, each counted; and a file of what one lossy run delivered decodes in ffmpeg without an error.
 */
final class Impaired {
    interface FileWriter {
        Path write(List<Frame> frames) throws IOException;
    }

    private Impaired() {}

    static void check(List<Frame> source, List<byte[]> packets, Supplier<Depacketizer> depacketizers, FileWriter writer) throws IOException {
        int delivered = 0;
        int discarded = 0;
        boolean fileChecked = false;
        for (long seed = 1; seed <= 20; seed++) {
            Depacketizer depacketizer = depacketizers.get();
            List<Frame> out = MediaPath.depacketize(depacketizer, MediaPath.impair(packets, seed, 0.03, 0.02, 3));
            int previous = -1;
            for (Frame f : out) {
                Frame original = MediaPath.sourceAt(source, f.timestamp());
                assertArrayEquals(original.data(), f.data(), "seed " + seed + ": a delivered frame is a whole source frame");
                assertEquals(original.keyFrame(), f.keyFrame(), "seed " + seed);
                int index = source.indexOf(original);
                assertTrue(index > previous, "seed " + seed + ": frames come in order, each once");
                assertTrue(index == previous + 1 || original.keyFrame(), "seed " + seed + ": after a gap the next frame is a key frame");
                previous = index;
            }
            assertEquals(out.size(), depacketizer.framesCompleted());
            assertTrue(depacketizer.framesCompleted() + depacketizer.framesDiscarded() <= source.size(), "seed " + seed);
            delivered += out.size();
            discarded += (int) depacketizer.framesDiscarded();
            if (!fileChecked && !out.isEmpty() && out.size() < source.size()) {
                Path file = writer.write(out);
                assertEquals(out.size(), Ffmpeg.decodedFrameCount(file), "ffprobe decodes every delivered frame");
                Ffmpeg.Result decode = Ffmpeg.decode(file);
                assertEquals(0, decode.exitCode(), decode.describe());
                assertEquals("", decode.stderr().strip(), "no decoding errors");
                fileChecked = true;
            }
        }
        assertTrue(delivered > 0 && discarded > 0, "delivered " + delivered + ", discarded " + discarded);
        assertTrue(fileChecked, "some run lost frames and still delivered some");
    }
}
