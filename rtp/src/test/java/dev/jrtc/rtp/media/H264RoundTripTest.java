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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * H.264 from an x264 Annex B file through RTP (RFC 6184 packetization-mode 1: single NAL unit, STAP-A, FU-A) and
 * back into an Annex B file: access units byte-identical, the written file identical to x264's to the byte, ffmpeg
 * decoding it, and packet layouts as the RFC draws them.
 */
class H264RoundTripTest {
    static final String FIXTURE = "testsrc-160x120-15fps.h264";

    @TempDir
    Path dir;

    static List<byte[]> accessUnits(byte[] file) throws IOException {
        AnnexBReader reader = new AnnexBReader(new ByteArrayInputStream(file));
        List<byte[]> units = new ArrayList<>();
        for (byte[] au = reader.nextAccessUnit(); au != null; au = reader.nextAccessUnit()) units.add(au);
        return units;
    }

    private List<Frame> sourceFrames() throws IOException {
        Path original = dir.resolve("source.h264");
        Files.write(original, MediaPath.fixture(FIXTURE));
        List<Boolean> keys = Ffmpeg.packetKeyFlags(original);
        List<byte[]> units = accessUnits(MediaPath.fixture(FIXTURE));
        assertEquals(keys.size(), units.size(), "the reader finds the access units ffmpeg's parser finds");
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) frames.add(new Frame(3000L + 6000L * i, units.get(i), keys.get(i)));
        return frames;
    }

    private Path writeAnnexB(String name, List<Frame> frames) throws IOException {
        Path file = dir.resolve(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnnexBWriter writer = new AnnexBWriter(out);
        for (Frame f : frames) writer.writeAccessUnit(f.data(), 0, f.data().length);
        Files.write(file, out.toByteArray());
        return file;
    }

    @Test
    void readerFindsAccessUnitsAndWriterRewritesTheFileExactly() throws IOException {
        byte[] file = MediaPath.fixture(FIXTURE);
        List<byte[]> units = accessUnits(file);
        assertEquals(30, units.size());
        // x264's first access unit: SPS, PPS, SEI, then the two IDR slices (slices=2); later ones: two non-IDR slices.
        assertEquals(List.of(7, 8, 6, 5, 5), nalTypes(units.get(0)));
        assertEquals(List.of(1, 1), nalTypes(units.get(1)));
        assertEquals(List.of(7, 8, 5, 5), nalTypes(units.get(15)), "the second IDR repeats SPS and PPS");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnnexBWriter writer = new AnnexBWriter(out);
        for (byte[] au : units) writer.writeAccessUnit(au, 0, au.length);
        assertArrayEquals(file, out.toByteArray(), "start codes as H.264 B.1.2 and x264 place them");
        // The same stream read in one-byte reads: chunk boundaries anywhere give the same access units.
        InputStream slow = new java.io.FilterInputStream(new ByteArrayInputStream(file)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        AnnexBReader reader = new AnnexBReader(slow);
        for (byte[] au : units) assertArrayEquals(au, reader.nextAccessUnit());
        assertEquals(null, reader.nextAccessUnit());
        assertThrows(IOException.class, () -> new AnnexBReader(new ByteArrayInputStream(new byte[] {1, 2, 0, 0, 1, 0x67})).nextAccessUnit());
    }

    @Test
    void everyAccessUnitComesBackByteIdenticalAndFfmpegDecodesTheFile() throws IOException {
        List<Frame> source = sourceFrames();
        for (int maxPayload : new int[] {40, 300, 1188}) {
            H264Depacketizer depacketizer = new H264Depacketizer();
            List<Frame> out = MediaPath.depacketize(depacketizer, MediaPath.packetize(new H264Packetizer(maxPayload), source, 65535));
            assertEquals(source.size(), out.size(), "max payload " + maxPayload);
            for (int i = 0; i < source.size(); i++) {
                assertArrayEquals(source.get(i).data(), out.get(i).data(), "access unit " + i);
                assertEquals(source.get(i).keyFrame(), out.get(i).keyFrame(), "key frame " + i + " as ffprobe flags it");
            }
            assertEquals(0, depacketizer.framesDiscarded() + depacketizer.malformedPayloads());
        }
        List<Frame> out = MediaPath.depacketize(new H264Depacketizer(), MediaPath.packetize(new H264Packetizer(1188), source, 7));
        Path written = writeAnnexB("out.h264", out);
        assertArrayEquals(MediaPath.fixture(FIXTURE), Files.readAllBytes(written), "the written file is x264's, byte for byte");
        assertEquals(30, Ffmpeg.decodedFrameCount(written));
        Ffmpeg.Result decode = Ffmpeg.decode(written);
        assertEquals(0, decode.exitCode(), decode.describe());
        assertEquals("", decode.stderr().strip());
    }

    @Test
    void spsAndPpsTravelInAStapABeforeTheIdrAndLargeSlicesInFuAs() throws IOException {
        List<Frame> source = sourceFrames();
        List<byte[]> packets = MediaPath.packetize(new H264Packetizer(1188), source.subList(0, 1), 0);
        RtpPacket view = new RtpPacket();
        byte[] first = packets.get(0);
        view.wrap(first, 0, first.length);
        int p = view.payloadOffset();
        assertEquals(24, first[p] & 0x1F, "STAP-A");
        assertEquals(0x60, first[p] & 0x60, "NRI: the highest of the aggregated units (SPS and PPS have 3)");
        int sps = (first[p + 1] & 0xFF) << 8 | (first[p + 2] & 0xFF);
        assertEquals(7, first[p + 3] & 0x1F, "SPS first");
        assertEquals(8, first[p + 3 + sps + 2] & 0x1F, "then PPS");
        List<Integer> kinds = new ArrayList<>();
        for (byte[] q : packets) {
            view.wrap(q, 0, q.length);
            int type = q[view.payloadOffset()] & 0x1F;
            kinds.add(type);
            assertEquals(q == packets.get(packets.size() - 1), view.marker(), "the marker on the access unit's last packet only");
            if (type == 28) {
                int fu = q[view.payloadOffset() + 1] & 0xFF;
                assertEquals(5, fu & 0x1F, "FU-A of an IDR slice");
                assertFalse((fu & 0xC0) == 0xC0, "S and E never both");
            }
        }
        assertTrue(kinds.contains(28), "a 1188-byte payload cannot hold x264's first IDR slice whole: " + kinds);
    }

    @Test
    void depacketizesHandMadeStapAAndFuA() {
        H264Depacketizer d = new H264Depacketizer(1 << 16, false);
        // STAP-A (RFC 6184 Figure 7): two NAL units of 2 and 3 bytes.
        byte[] stap = {0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x03, 0x68, (byte) 0xCE, 0x3C};
        assertTrue(d.isFrameStart(stap, 0, stap.length));
        assertFalse(d.isKeyFrame(stap, 0, stap.length));
        assertEquals(DepacketizeResult.PENDING, d.handlePayload(10, 90, false, stap, 0, stap.length));
        // An IDR slice (header 0x65) in FU-As: indicator F|NRI|28 = 0x7C, headers S|5 = 0x85, 5, E|5 = 0x45.
        byte[] fu1 = {0x7C, (byte) 0x85, (byte) 0x88, (byte) 0x84};
        byte[] fu2 = {0x7C, 0x05, 0x21};
        byte[] fu3 = {0x7C, 0x45, 0x22};
        assertTrue(d.isKeyFrame(fu1, 0, fu1.length));
        assertFalse(d.isFrameStart(fu2, 0, fu2.length));
        assertEquals(DepacketizeResult.PENDING, d.handlePayload(11, 90, false, fu1, 0, fu1.length));
        assertEquals(DepacketizeResult.PENDING, d.handlePayload(12, 90, false, fu2, 0, fu2.length));
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(13, 90, true, fu3, 0, fu3.length));
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, (byte) 0xCE, 0x3C,
                0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x21, 0x22}, d.copyFrame());
        assertTrue(d.frameIsKeyFrame());
        // A FU-A that never ends before the marker, a STAP-A whose size overruns, FU-B (29): malformed.
        byte[] open = {0x7C, (byte) 0x85, 1};
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(14, 180, true, open, 0, open.length));
        byte[] overrun = {0x78, 0x00, 0x09, 0x67};
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(15, 270, true, overrun, 0, overrun.length));
        byte[] fuB = {0x7D, (byte) 0x85, 0, 0, 1};
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(16, 360, true, fuB, 0, fuB.length));
        assertEquals(3, d.malformedPayloads());
    }

    @Test
    void packetizerAggregatesAndFragmentsAsTheRfcDraws() {
        // Annex B: SPS (4 bytes), PPS (3 bytes), IDR slice (20 bytes).
        byte[] au = new byte[4 + 4 + 3 + 3 + 4 + 20];
        int at = 0;
        at = put(au, at, new byte[] {0, 0, 0, 1, 0x67, 0x42, (byte) 0xC0, 0x1E});
        at = put(au, at, new byte[] {0, 0, 1, 0x68, (byte) 0xCE, 0x3C});
        at = put(au, at, new byte[] {0, 0, 0, 1, 0x65});
        for (int i = 0; i < 19; i++) au[at++] = (byte) (i + 1);
        H264Packetizer p = new H264Packetizer(14);
        p.beginFrame(au, 0, au.length);
        byte[] buf = new byte[14];
        List<byte[]> payloads = new ArrayList<>();
        while (p.hasNextPayload()) {
            int n = p.nextPayload(buf, 0);
            payloads.add(java.util.Arrays.copyOf(buf, n));
        }
        // 1 + (2+4) + (2+3) = 12 bytes fit 14: one STAP-A with NRI 3, then the 20-byte slice as FU-As of 12 data bytes
        // at most, spread evenly: 19 payload bytes after the header make 10 + 9.
        assertArrayEquals(new byte[] {0x78, 0, 4, 0x67, 0x42, (byte) 0xC0, 0x1E, 0, 3, 0x68, (byte) 0xCE, 0x3C}, payloads.get(0));
        assertEquals(3, payloads.size());
        assertArrayEquals(new byte[] {0x65 & 0xE0 | 28, (byte) 0x85, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, payloads.get(1));
        assertArrayEquals(new byte[] {0x65 & 0xE0 | 28, 0x45, 11, 12, 13, 14, 15, 16, 17, 18, 19}, payloads.get(2));
        assertTrue(p.marker());
        assertThrows(IllegalArgumentException.class, () -> p.beginFrame(new byte[] {1, 2, 3}, 0, 3));
    }

    @Test
    void wordAtATimeStartCodeScanFindsWhatAByteScanFinds() {
        java.util.Random random = new java.util.Random(6184);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(64)];
            for (int i = 0; i < b.length; i++) {
                int r = random.nextInt(10);
                b[i] = (byte) (r < 4 ? 0 : r < 6 ? 1 : random.nextInt(256));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int limit = from + random.nextInt(b.length - from + 1);
            int expected = -1;
            for (int i = from; i + 2 < limit; i++) {
                if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                    expected = i;
                    break;
                }
            }
            assertEquals(expected, NalUnits.startCode(b, from, limit), "round " + round);
        }
    }

    private static int put(byte[] dst, int at, byte[] src) {
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }

    static List<Integer> nalTypes(byte[] annexB) {
        NalUnits nals = new NalUnits();
        assertTrue(nals.scan(annexB, 0, annexB.length));
        List<Integer> types = new ArrayList<>();
        for (int i = 0; i < nals.count; i++) types.add(annexB[nals.start[i]] & 0x1F);
        return types;
    }
}
