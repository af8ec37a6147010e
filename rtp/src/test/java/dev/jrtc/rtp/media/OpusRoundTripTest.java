package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.testkit.Ffmpeg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opus from a libopus Ogg file through RTP (RFC 7587) and back into an Ogg Opus file (RFC 7845, RFC 3533 pages) that
 * ffmpeg demuxes and decodes: packets byte-identical, granule positions (and so the duration) preserved.
 */
class OpusRoundTripTest {
    static final String FIXTURE = "sine-440hz-48k.opus";

    @TempDir
    Path dir;

    static List<OggOpusPacket> readAll(OggOpusReader reader) throws IOException {
        List<OggOpusPacket> packets = new ArrayList<>();
        for (OggOpusPacket p = reader.next(); p != null; p = reader.next()) packets.add(p);
        return packets;
    }

    private static String ffprobeStream(Path file, String entry) throws IOException {
        return Ffmpeg.ffprobe("-select_streams", "0", "-show_entries", "stream=" + entry, "-of", "csv=p=0", file.toString()).stdout().strip();
    }

    @Test
    void readerGivesTheHeadersAndThePacketsFfprobeSees() throws IOException {
        Path original = dir.resolve("source.opus");
        Files.write(original, MediaPath.fixture(FIXTURE));
        OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(MediaPath.fixture(FIXTURE)));
        assertEquals(1, reader.head().channels());
        assertEquals(312, reader.head().preSkip(), "libopus's encoder delay");
        assertEquals(48000, reader.head().inputSampleRate());
        assertTrue(reader.tags().vendor().startsWith("Lavf"), reader.tags().vendor());
        List<OggOpusPacket> packets = readAll(reader);
        assertEquals(Ffmpeg.packetCount(original), packets.size());
        assertEquals(960, packets.get(0).granulePosition(), "20 ms at 48 kHz, pre-skip included");
        assertEquals(Long.parseLong(ffprobeStream(original, "duration_ts")), packets.get(packets.size() - 1).granulePosition(),
                "the last page's granule position trims the end (RFC 7845 §4.4), as ffprobe reports the duration");
        for (OggOpusPacket p : packets) assertEquals(960, OpusPacket.samples(p.data(), 0, p.data().length));
    }

    @Test
    void everyPacketComesBackThroughRtpAndTheRewrittenFileMatches() throws IOException {
        Path original = dir.resolve("source.opus");
        Files.write(original, MediaPath.fixture(FIXTURE));
        OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(MediaPath.fixture(FIXTURE)));
        List<OggOpusPacket> source = readAll(reader);

        OpusPacketizer packetizer = new OpusPacketizer(1200);
        RtpPacketizer rtp = new RtpPacketizer(packetizer, new RtpHeaderWriter().payloadType(111).ssrc(7), 65500);
        OpusDepacketizer depacketizer = new OpusDepacketizer();
        RtpPacket view = new RtpPacket();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OggOpusWriter writer = new OggOpusWriter(file, reader.head(), new OpusTags("jrtc", List.of("TITLE=sine")), 0x5EED);
        long timestamp = 123456789L; // RFC 7587 §4.1: the RTP clock is 48 kHz, advancing by each packet's duration
        int i = 0;
        for (OggOpusPacket p : source) {
            List<byte[]> packets = new ArrayList<>();
            rtp.packetize(p.data(), 0, p.data().length, timestamp, (b, n) -> packets.add(Arrays.copyOf(b, n)));
            assertEquals(1, packets.size(), "one Opus packet per RTP packet");
            byte[] packet = packets.get(0);
            view.wrap(packet, 0, packet.length);
            assertEquals(false, view.marker());
            assertEquals(DepacketizeResult.FRAME_COMPLETE, depacketizer.handlePayload(view.sequenceNumber(), view.timestamp(), view.marker(),
                    packet, view.payloadOffset(), view.payloadLength()));
            assertArrayEquals(p.data(), depacketizer.copyFrame(), "packet " + i++);
            assertEquals(timestamp, depacketizer.frameTimestamp());
            writer.writePacket(depacketizer.frameBuffer(), 0, depacketizer.frameLength(), p.granulePosition());
            timestamp += OpusPacket.samples(p.data(), 0, p.data().length);
        }
        writer.finish();
        Path written = dir.resolve("out.opus");
        Files.write(written, file.toByteArray());

        assertEquals(Ffmpeg.packetMd5s(original), Ffmpeg.packetMd5s(written), "ffmpeg reads the same Opus packets from both files");
        assertEquals(ffprobeStream(original, "duration_ts"), ffprobeStream(written, "duration_ts"));
        assertEquals("opus,48000,1", ffprobeStream(written, "codec_name,sample_rate,channels"), "ffprobe prints its own field order");
        assertEquals("sine", Ffmpeg.ffprobe("-show_entries", "stream_tags=title", "-of", "csv=p=0", written.toString()).stdout().strip());
        Ffmpeg.Result decode = Ffmpeg.decode(written);
        assertEquals(0, decode.exitCode(), decode.describe());
        assertEquals("", decode.stderr().strip());

        OggOpusReader again = new OggOpusReader(new ByteArrayInputStream(file.toByteArray()));
        assertEquals(reader.head(), again.head());
        assertEquals(List.of("TITLE=sine"), again.tags().comments());
        List<OggOpusPacket> back = readAll(again);
        assertEquals(source.size(), back.size());
        for (int k = 0; k < source.size(); k++) {
            assertArrayEquals(source.get(k).data(), back.get(k).data());
            assertEquals(source.get(k).granulePosition(), back.get(k).granulePosition(), "granule of packet " + k);
        }
    }

    @Test
    void withLossTheWriterCountsGranulesFromDurationsAndFfmpegPlaysTheFile() throws IOException {
        OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(MediaPath.fixture(FIXTURE)));
        List<OggOpusPacket> source = readAll(reader);
        List<byte[]> packets = new ArrayList<>();
        RtpPacketizer rtp = new RtpPacketizer(new OpusPacketizer(1200), new RtpHeaderWriter().payloadType(111).ssrc(7), 0);
        long ts = 0;
        for (OggOpusPacket p : source) {
            rtp.packetize(p.data(), 0, p.data().length, ts, (b, n) -> packets.add(Arrays.copyOf(b, n)));
            ts += 960;
        }
        List<MediaPath.Frame> received = MediaPath.depacketize(new OpusDepacketizer(), MediaPath.impair(packets, 3, 0.1, 0.05, 3));
        assertTrue(received.size() < source.size() && received.size() > source.size() / 2, "lost some: " + received.size());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        OggOpusWriter writer = new OggOpusWriter(file, reader.head(), reader.tags(), 1);
        for (MediaPath.Frame f : received) {
            assertArrayEquals(source.get((int) (f.timestamp() / 960)).data(), f.data());
            writer.writePacket(f.data(), 0, f.data().length);
        }
        writer.finish();
        Path written = dir.resolve("lossy.opus");
        Files.write(written, file.toByteArray());
        assertEquals(received.size(), Ffmpeg.packetCount(written));
        assertEquals(String.valueOf(960L * received.size()), ffprobeStream(written, "duration_ts"));
        Ffmpeg.Result decode = Ffmpeg.decode(written);
        assertEquals(0, decode.exitCode(), decode.describe());
    }

    @Test
    void oggCrcAndOpusDurationsFollowTheRfcs() throws IOException {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // CRC-32 with polynomial 04C11DB7, init 0, no reflection: the POSIX cksum CRC (check 765E7680) before its final XOR.
        assertEquals(0x765E7680 ^ 0xFFFFFFFF, OggCrc.update(0, check, 0, check.length));
        // RFC 6716 §3.1: config 1 is SILK NB 20 ms; config 31 is CELT FB 20 ms; code 3 with M = 3 frames; 2.5 ms CELT.
        assertEquals(960, OpusPacket.samples(new byte[] {0x08}, 0, 1));
        assertEquals(960, OpusPacket.samples(new byte[] {(byte) 0xF8, 1, 2}, 0, 3));
        assertEquals(3 * 960, OpusPacket.samples(new byte[] {(byte) 0xFB, 0x03, 0}, 0, 3));
        assertEquals(120, OpusPacket.samples(new byte[] {(byte) 0x80}, 0, 1));
        assertEquals(2 * 480, OpusPacket.samples(new byte[] {0x61, 1, 2}, 0, 3), "code 1: two equal 10 ms hybrid frames");
        assertEquals(-1, OpusPacket.samples(new byte[] {0x61, 1}, 0, 2), "code 1 with an odd remainder");
        assertEquals(-1, OpusPacket.samples(new byte[] {(byte) 0x1B, 0x03}, 0, 2), "three 60 ms frames exceed 120 ms");
        assertEquals(-1, OpusPacket.samples(new byte[] {0x03, 0x00}, 0, 2), "M = 0");
        assertEquals(-1, OpusPacket.samples(new byte[0], 0, 0));

        byte[] good = MediaPath.fixture(FIXTURE);
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        IOException crc = assertThrows(IOException.class, () -> readAll(new OggOpusReader(new ByteArrayInputStream(bad))));
        assertTrue(crc.getMessage().contains("CRC"), crc.getMessage());
        assertThrows(IOException.class, () -> new OggOpusReader(new ByteArrayInputStream(Arrays.copyOf(good, 40))));
        assertThrows(IOException.class, () -> new OggOpusReader(new ByteArrayInputStream("not ogg at all, just text".getBytes(StandardCharsets.US_ASCII))));
        OggOpusReader cut = new OggOpusReader(new ByteArrayInputStream(Arrays.copyOf(good, good.length - 100)));
        assertThrows(IOException.class, () -> readAll(cut), "a page cut short");
    }
}
