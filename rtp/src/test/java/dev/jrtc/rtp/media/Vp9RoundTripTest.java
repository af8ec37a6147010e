package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpPacket;
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
 * VP9 from a libvpx file through RTP (RFC 9628, non-flexible mode) and back into an IVF file that ffmpeg demuxes and
 * decodes; key frames as ffprobe flags them; flexible-mode descriptors from other senders parse.
 */
class Vp9RoundTripTest {
    static final String FIXTURE = "testsrc-160x120-15fps-vp9.ivf";

    @TempDir
    Path dir;

    private List<Frame> sourceFrames() throws IOException {
        Path original = dir.resolve("source.ivf");
        Files.write(original, MediaPath.fixture(FIXTURE));
        List<Boolean> keys = Ffmpeg.packetKeyFlags(original);
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(MediaPath.fixture(FIXTURE)));
        assertEquals("VP90", ivf.fourcc());
        List<Frame> frames = new ArrayList<>();
        for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
            frames.add(new Frame(ivf.rtpTimestamp(f.pts(), 90000), f.data(), keys.get(frames.size())));
        }
        assertEquals(keys.size(), frames.size());
        assertEquals(2, keys.stream().filter(k -> k).count(), "the fixture has a key frame every 15 frames");
        return frames;
    }

    private Path writeIvf(String name, List<Frame> frames) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            IvfWriter w = new IvfWriter(out, "VP90", 160, 120, 15, 1, frames.size());
            for (Frame f : frames) w.writeFrame(f.data(), 0, f.data().length, f.timestamp() / 6000);
        }
        return file;
    }

    @Test
    void everyFrameComesBackByteIdenticalAndFfmpegDecodesTheFile() throws IOException {
        List<Frame> source = sourceFrames();
        for (int maxPayload : new int[] {64, 1188}) {
            List<byte[]> packets = MediaPath.packetize(new Vp9Packetizer(maxPayload, 0x7FFE), source, 65530);
            Vp9Depacketizer depacketizer = new Vp9Depacketizer();
            List<Frame> out = MediaPath.depacketize(depacketizer, packets);
            assertEquals(source.size(), out.size());
            for (int i = 0; i < source.size(); i++) {
                assertArrayEquals(source.get(i).data(), out.get(i).data(), "frame " + i);
                assertEquals(source.get(i).keyFrame(), out.get(i).keyFrame(), "key frame " + i + " as ffprobe flags it");
            }
            assertEquals(0, depacketizer.framesDiscarded() + depacketizer.malformedPayloads());
        }
        List<Frame> out = MediaPath.depacketize(new Vp9Depacketizer(), MediaPath.packetize(new Vp9Packetizer(1188, 9), source, 1));
        Path written = writeIvf("vp9.ivf", out);
        assertEquals(30, Ffmpeg.decodedFrameCount(written));
        assertEquals(Ffmpeg.packetMd5s(dir.resolve("source.ivf")), Ffmpeg.packetMd5s(written));
        Ffmpeg.Result decode = Ffmpeg.decode(written);
        assertEquals(0, decode.exitCode(), decode.describe());
        assertEquals("", decode.stderr().strip());
    }

    @Test
    void keyFramesCarryTheScalabilityStructureWithTheFrameSize() throws IOException {
        List<Frame> source = sourceFrames();
        List<byte[]> packets = MediaPath.packetize(new Vp9Packetizer(1188, 0x1234), source.subList(0, 2), 0);
        RtpPacket view = new RtpPacket();
        view.wrap(packets.get(0), 0, packets.get(0).length);
        byte[] p = packets.get(0);
        int d = view.payloadOffset();
        // I=1, P=0, L=0, F=0, B=1, E=0 (the 5 kB key frame takes several packets), V=1, Z=0
        assertEquals(0b1000_1010, p[d] & 0xFF);
        assertEquals(0x92, p[d + 1] & 0xFF, "M=1 and the picture ID's high bits");
        assertEquals(0x34, p[d + 2] & 0xFF);
        assertEquals(0x10, p[d + 3] & 0xFF, "N_S=0, Y=1, G=0");
        assertEquals(160, (p[d + 4] & 0xFF) << 8 | (p[d + 5] & 0xFF));
        assertEquals(120, (p[d + 6] & 0xFF) << 8 | (p[d + 7] & 0xFF));
        assertEquals(0x82, p[d + 8] & 0xFF, "VP9 frame_marker, profile 0, key frame: the frame starts right after");
        byte[] last = packets.get(packets.size() - 2);
        view.wrap(last, 0, last.length);
        assertEquals(0b1000_0100, last[view.payloadOffset()] & 0xFF, "the key frame's last packet: I, E");
        assertTrue(view.marker());
        byte[] q = packets.get(packets.size() - 1);
        view.wrap(q, 0, q.length);
        assertEquals(0b1100_1100, q[view.payloadOffset()] & 0xFF, "the inter frame: I, P, B, E");
        assertEquals(0x35, q[view.payloadOffset() + 2] & 0xFF);
    }

    @Test
    void underLossDuplicatesAndReorderingOnlyWholeFramesFromAKeyFrameOnAreDelivered() throws IOException {
        List<Frame> source = sourceFrames();
        List<byte[]> packets = MediaPath.packetize(new Vp9Packetizer(600, 77), source, 100);
        Impaired.check(source, packets, Vp9Depacketizer::new, frames -> writeIvf("lossy.ivf", frames));
    }

    @Test
    void flexibleModeAndLayerIndicesParse() {
        Vp9Depacketizer d = new Vp9Depacketizer(1 << 16, false);
        // Flexible: I, P, L, F, B, E; 7-bit picture ID; TID=1 U=0 SID=0 D=0; two P_DIFFs (N=1 then N=0); data.
        byte[] flexible = {(byte) 0b1111_1100, 0x05, 0x20, 0x03, 0x04, (byte) 0xAA, (byte) 0xBB};
        assertTrue(d.isFrameStart(flexible, 0, flexible.length));
        assertFalse(d.isKeyFrame(flexible, 0, flexible.length), "P=1");
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(1, 10, true, flexible, 0, flexible.length));
        assertArrayEquals(new byte[] {(byte) 0xAA, (byte) 0xBB}, d.copyFrame());
        // Non-flexible with layer indices: I (M=1), L, B, E, V; TID/SID byte with SID=1; TL0PICIDX; SS with 2 layers,
        // sizes and a picture group of one picture with one reference; then data.
        byte[] layered = {(byte) 0b1010_1110, (byte) 0x80, 0x01, 0x02, 0x07, 0b0011_1000, 0, 80, 0, 60, 0, (byte) 160, 0, 120, 1, 0b0000_0100, 1, 0x42};
        assertTrue(d.isFrameStart(layered, 0, layered.length));
        assertFalse(d.isKeyFrame(layered, 0, layered.length), "not spatial layer 0");
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(2, 20, true, layered, 0, layered.length));
        assertArrayEquals(new byte[] {0x42}, d.copyFrame());
        layered[3] = 0; // SID = 0
        assertTrue(d.isKeyFrame(layered, 0, layered.length));
        byte[] fourReferences = {(byte) 0b1101_1100, 0x05, 0x03, 0x05, 0x07, 0x09, 0x00};
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(3, 30, true, fourReferences, 0, fourReferences.length));
        assertEquals(1, d.malformedPayloads());
    }
}
