package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.media.MediaPath.Frame;
import dev.jrtc.testkit.Ffmpeg;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VP8 from a libvpx file (testkit fixture) through RTP (RFC 7741) and back into an IVF file that ffmpeg demuxes and
 * decodes: every frame byte-identical, key frames recognised, and under loss only whole, decodable frames delivered.
 */
class Vp8RoundTripTest {
    static final String FIXTURE = "testsrc-160x120-15fps.ivf";

    @TempDir
    Path dir;

    static List<Frame> sourceFrames() throws IOException {
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(MediaPath.fixture(FIXTURE)));
        List<Frame> frames = new ArrayList<>();
        for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
            frames.add(new Frame(ivf.rtpTimestamp(f.pts(), 90000), f.data(), (f.data()[0] & 1) == 0)); // RFC 6386 §9.1
        }
        return frames;
    }

    private Path writeIvf(String name, List<Frame> frames) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            IvfWriter w = new IvfWriter(out, "VP80", 160, 120, 15, 1, frames.size());
            for (Frame f : frames) w.writeFrame(f.data(), 0, f.data().length, f.timestamp() / 6000);
        }
        return file;
    }

    @Test
    void everyFrameComesBackByteIdenticalAndFfmpegDecodesTheFile() throws IOException {
        List<Frame> source = sourceFrames();
        for (int maxPayload : new int[] {100, 1188}) {
            for (Packetizer packetizer : new Packetizer[] {new Vp8Packetizer(maxPayload), new Vp8Packetizer(maxPayload, 0x7FF0)}) {
                List<byte[]> packets = MediaPath.packetize(packetizer, source, 65000);
                Vp8Depacketizer depacketizer = new Vp8Depacketizer();
                List<Frame> out = MediaPath.depacketize(depacketizer, packets);
                assertEquals(source.size(), out.size());
                for (int i = 0; i < source.size(); i++) {
                    assertArrayEquals(source.get(i).data(), out.get(i).data(), "frame " + i);
                    assertEquals(source.get(i).timestamp(), out.get(i).timestamp());
                    assertEquals(source.get(i).keyFrame(), out.get(i).keyFrame(), "key frame flag of frame " + i);
                }
                assertEquals(0, depacketizer.framesDiscarded());
                assertEquals(0, depacketizer.malformedPayloads());
            }
        }
        List<Frame> out = MediaPath.depacketize(new Vp8Depacketizer(), MediaPath.packetize(new Vp8Packetizer(1188, 5), source, 1));
        Path written = writeIvf("vp8.ivf", out);
        Path original = dir.resolve("source.ivf");
        Files.write(original, MediaPath.fixture(FIXTURE));
        assertEquals(30, Ffmpeg.decodedFrameCount(written), "ffprobe decodes every frame");
        assertEquals(Ffmpeg.packetMd5s(original), Ffmpeg.packetMd5s(written), "ffmpeg reads the same frames from both files");
        Ffmpeg.Result decode = Ffmpeg.decode(written);
        assertEquals(0, decode.exitCode(), decode.describe());
        assertEquals("", decode.stderr().strip());
    }

    @Test
    void underLossDuplicatesAndReorderingOnlyWholeFramesFromAKeyFrameOnAreDelivered() throws IOException {
        List<Frame> source = sourceFrames();
        List<byte[]> packets = MediaPath.packetize(new Vp8Packetizer(600, 1), source, 40000);
        Impaired.check(source, packets, Vp8Depacketizer::new, frames -> writeIvf("lossy.ivf", frames));
    }

    @Test
    void descriptorsFollowRfc7741() {
        byte[] frame = new byte[250];
        frame[0] = 0x10; // a key frame's first byte has P = 0
        Vp8Packetizer packetizer = new Vp8Packetizer(104, 0x1234);
        packetizer.beginFrame(frame, 0, frame.length);
        byte[] p = new byte[104];
        List<Integer> sizes = new ArrayList<>();
        int i = 0;
        while (packetizer.hasNextPayload()) {
            int n = packetizer.nextPayload(p, 0);
            sizes.add(n);
            // X=1, S on the first; I=1; M=1 with the 15-bit picture ID
            assertEquals(i == 0 ? 0x90 : 0x80, p[0] & 0xFF);
            assertEquals(0x80, p[1] & 0xFF);
            assertEquals(0x80 | 0x12, p[2] & 0xFF);
            assertEquals(0x34, p[3] & 0xFF);
            assertEquals(!packetizer.hasNextPayload(), packetizer.marker());
            i++;
        }
        assertEquals(List.of(88, 87, 87), sizes, "250 bytes in three nearly equal payloads of 4 + 84/83/83");
        packetizer.beginFrame(frame, 0, 1);
        packetizer.nextPayload(p, 0);
        assertEquals(0x35, p[3] & 0xFF, "the picture ID advances per frame");

        Vp8Depacketizer d = new Vp8Depacketizer();
        // Descriptor with every optional field: X, I (7-bit), L, T/K; then a key frame's payload header.
        byte[] full = {(byte) 0x90, (byte) 0xF0, 0x05, 0x07, 0x40, 0x10, 0x22};
        assertTrue(d.isFrameStart(full, 0, full.length));
        assertTrue(d.isKeyFrame(full, 0, full.length));
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(1, 0, true, full, 0, full.length));
        assertArrayEquals(new byte[] {0x10, 0x22}, d.copyFrame());
        byte[] inter = {0x10, 0x01};
        assertFalse(d.isKeyFrame(inter, 0, 2), "P = 1");
        byte[] otherPartition = {0x11, 0x00};
        assertFalse(d.isFrameStart(otherPartition, 0, 2), "S with partition index 1 does not start a frame");
        byte[] cut = {(byte) 0x80, (byte) 0x80};
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(2, 3000, true, cut, 0, 2));
    }
}
