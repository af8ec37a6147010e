package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * AV1 from a libaom file through RTP (AOM AV1 RTP payload v1.0) and back into an IVF file that ffmpeg demuxes and
 * decodes: temporal units byte-identical (temporal delimiter restored, OBU sizes put back), N on key frames, and
 * aggregation headers as the specification draws them.
 */
class Av1RoundTripTest {
    static final String FIXTURE = "testsrc-160x120-15fps-av1.ivf";

    @TempDir
    Path dir;

    private List<Frame> sourceFrames() throws IOException {
        Path original = dir.resolve("source.ivf");
        Files.write(original, MediaPath.fixture(FIXTURE));
        List<Boolean> keys = Ffmpeg.packetKeyFlags(original);
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(MediaPath.fixture(FIXTURE)));
        assertEquals("AV01", ivf.fourcc());
        List<Frame> frames = new ArrayList<>();
        for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) frames.add(new Frame(ivf.rtpTimestamp(f.pts(), 90000), f.data(), keys.get(frames.size())));
        assertEquals(keys.size(), frames.size());
        return frames;
    }

    private Path writeIvf(String name, List<Frame> frames) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            IvfWriter w = new IvfWriter(out, "AV01", 160, 120, 15, 1, frames.size());
            for (Frame f : frames) w.writeFrame(f.data(), 0, f.data().length, f.timestamp() / 6000);
        }
        return file;
    }

    @Test
    void everyTemporalUnitComesBackByteIdenticalAndFfmpegDecodesTheFile() throws IOException {
        List<Frame> source = sourceFrames();
        for (int maxPayload : new int[] {20, 300, 1188}) {
            Av1Depacketizer depacketizer = new Av1Depacketizer();
            List<Frame> out = MediaPath.depacketize(depacketizer, MediaPath.packetize(new Av1Packetizer(maxPayload), source, 65534));
            assertEquals(source.size(), out.size(), "max payload " + maxPayload);
            for (int i = 0; i < source.size(); i++) {
                assertArrayEquals(source.get(i).data(), out.get(i).data(), "temporal unit " + i);
                assertEquals(source.get(i).keyFrame(), out.get(i).keyFrame(), "key frame " + i + " as ffprobe flags it");
            }
            assertEquals(0, depacketizer.framesDiscarded() + depacketizer.malformedPayloads());
        }
        List<Frame> out = MediaPath.depacketize(new Av1Depacketizer(), MediaPath.packetize(new Av1Packetizer(1188), source, 3));
        Path written = writeIvf("av1.ivf", out);
        assertEquals(30, Ffmpeg.decodedFrameCount(written));
        assertEquals(Ffmpeg.packetMd5s(dir.resolve("source.ivf")), Ffmpeg.packetMd5s(written));
        Ffmpeg.Result decode = Ffmpeg.decode(written);
        assertEquals(0, decode.exitCode(), decode.describe());
        assertEquals("", decode.stderr().strip());
    }

    @Test
    void underLossDuplicatesAndReorderingOnlyWholeFramesFromAKeyFrameOnAreDelivered() throws IOException {
        List<Frame> source = sourceFrames();
        Impaired.check(source, MediaPath.packetize(new Av1Packetizer(600), source, 9), Av1Depacketizer::new, frames -> writeIvf("lossy.ivf", frames));
    }

    @Test
    void temporalDelimiterIsDroppedSizesAreStrippedAndTheSequenceHeaderSetsN() throws IOException {
        List<Frame> source = sourceFrames();
        byte[] tu = source.get(0).data();
        assertEquals(0x12, tu[0], "libaom starts each temporal unit with a temporal delimiter OBU");
        assertEquals(0x0A, tu[2], "then a sequence header with obu_has_size_field");
        List<byte[]> packets = MediaPath.packetize(new Av1Packetizer(1188), source.subList(0, 2), 0);
        RtpPacket view = new RtpPacket();
        byte[] first = packets.get(0);
        view.wrap(first, 0, first.length);
        int p = view.payloadOffset();
        // Z=0, Y=1 (the frame OBU goes on), W=2 (sequence header with its length, then the frame OBU without), N=1.
        assertEquals(0b0110_1000, first[p] & 0xFF);
        int seqLength = first[p + 1];
        assertEquals(0x08, first[p + 2] & 0xFF, "the sequence header OBU without obu_has_size_field");
        assertEquals(tu[3], seqLength - 1, "its element length is header + payload");
        assertEquals(0x30, first[p + 2 + seqLength] & 0xFF, "the frame OBU (type 6), size field cleared");
        byte[] inter = packets.get(packets.size() - 1);
        view.wrap(inter, 0, inter.length);
        assertEquals(0b0001_0000, inter[view.payloadOffset()] & 0xFF, "a small inter frame: one OBU element, W=1, N=0");
        assertTrue(view.marker());
    }

    @Test
    void handMadePayloadsFollowTheAggregationHeader() {
        Av1Depacketizer d = new Av1Depacketizer(1 << 16, false);
        // W=0: every element has a length; two OBUs: a padding OBU (type 15, 0x78) of 1 byte and a metadata OBU (type 5,
        // 0x28) with an extension byte and 2 payload bytes. Then the same frame in a second packet: Z continues it.
        byte[] a = {0b0100_0000, 0x02, 0x78, 0x55, 0x02, 0x2C, 0x20};
        byte[] b = {(byte) 0b1001_0000, 0x01, 0x02};
        assertTrue(d.isFrameStart(a, 0, a.length));
        assertFalse(d.isFrameStart(b, 0, b.length), "Z=1 continues an OBU");
        assertEquals(DepacketizeResult.PENDING, d.handlePayload(1, 5, false, a, 0, a.length));
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(2, 5, true, b, 0, b.length));
        assertArrayEquals(new byte[] {0x12, 0x00, 0x7A, 0x01, 0x55, 0x2E, 0x20, 0x02, 0x01, 0x02}, d.copyFrame(),
                "temporal delimiter, then each OBU with obu_has_size_field and a LEB128 size after its header(s)");
        byte[] zWithoutY = {(byte) 0b1001_0000, 0x01};
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(3, 6, true, zWithoutY, 0, zWithoutY.length));
        byte[] badLength = {0b0000_0000, (byte) 0x85, 0x01};
        d.handlePayload(4, 7, true, badLength, 0, badLength.length);
        assertEquals(1, d.malformedPayloads(), "an element length beyond the payload");
        assertThrows(IllegalArgumentException.class, () -> new Av1Packetizer(100).beginFrame(new byte[] {0x12, 0x00}, 0, 2), "only a delimiter");
        assertThrows(IllegalArgumentException.class, () -> new Av1Packetizer(100).beginFrame(new byte[] {0x0A, 0x09, 1}, 0, 3), "size past the end");
    }

    @Test
    void leb128MatchesTheAv1Specification() {
        byte[] b = new byte[8];
        assertEquals(2, Leb128.write(300, b, 0));
        assertArrayEquals(new byte[] {(byte) 0xAC, 0x02}, java.util.Arrays.copyOf(b, 2));
        assertEquals(300L << 4 | 2, Leb128.read(b, 0, 2));
        // A non-minimal encoding of 1 is allowed by AV1 §4.10.5 (encoders pad sizes this way).
        assertEquals(1L << 4 | 3, Leb128.read(new byte[] {(byte) 0x81, (byte) 0x80, 0x00}, 0, 3));
        assertEquals(-1, Leb128.read(new byte[] {(byte) 0x80, (byte) 0x80}, 0, 2), "cut short");
        assertEquals(-1, Leb128.read(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, 0, 5), "2^35 - 1 is too large");
    }
}
