package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import dev.jrtc.testkit.Ffmpeg;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another stack's packetizers against our depacketizers: ffmpeg's RTP muxer sends each fixture over loopback UDP
 * (its own payload layouts: STAP-A for SPS+PPS and for small slices, FU-A, VP8 with 15-bit picture IDs, VP9 with a
 * one-byte descriptor, one Opus packet per RTP packet), and every frame comes out of our depacketizer as the file
 * holds it. ffmpeg's RTCP goes to a second socket of ours, so nothing is sent anywhere else.
 */
class FfmpegRtpInteropTest {
    @TempDir
    Path dir;

    /** The RTP packets ffmpeg sends for {@code fixture}, in arrival order. */
    private List<byte[]> ffmpegRtp(String fixture, String... extra) throws IOException {
        Path file = dir.resolve(fixture);
        Files.write(file, MediaPath.fixture(fixture));
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            rtp.setReceiveBufferSize(4 << 20);
            List<String> args = new ArrayList<>(List.of("-i", file.toString(), "-c", "copy"));
            args.addAll(List.of(extra));
            args.addAll(List.of("-f", "rtp", "-payload_type", "96",
                    "rtp://127.0.0.1:" + rtp.getLocalPort() + "?rtcpport=" + rtcp.getLocalPort() + "&pkt_size=1200"));
            Ffmpeg.Result r = Ffmpeg.ffmpeg(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.describe());
            // ffmpeg has sent everything; the kernel holds it (files of at most 22 kB). Drain until quiet.
            rtp.setSoTimeout(500);
            List<byte[]> packets = new ArrayList<>();
            byte[] buf = new byte[2048];
            while (true) {
                DatagramPacket d = new DatagramPacket(buf, buf.length);
                try {
                    rtp.receive(d);
                } catch (SocketTimeoutException quiet) {
                    return packets;
                }
                packets.add(Arrays.copyOf(buf, d.getLength()));
            }
        }
    }

    private static List<byte[]> depacketize(Depacketizer d, List<byte[]> packets, List<byte[]> firstPayloads) {
        RtpPacket view = new RtpPacket();
        List<byte[]> frames = new ArrayList<>();
        for (byte[] p : packets) {
            assertEquals(RtpParseStatus.OK, view.wrap(p, 0, p.length));
            if (firstPayloads != null && firstPayloads.size() < 8) firstPayloads.add(Arrays.copyOfRange(p, view.payloadOffset(), view.length()));
            if (d.handlePayload(view.sequenceNumber(), view.timestamp(), view.marker(), p, view.payloadOffset(), view.payloadLength())
                    == DepacketizeResult.FRAME_COMPLETE) {
                frames.add(d.copyFrame());
            }
        }
        assertEquals(0, d.malformedPayloads());
        assertEquals(0, d.framesDiscarded());
        return frames;
    }

    private static List<byte[]> ivfFrames(String fixture) throws IOException {
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(MediaPath.fixture(fixture)));
        List<byte[]> frames = new ArrayList<>();
        for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) frames.add(f.data());
        return frames;
    }

    private static void assertSameFrames(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), "frame " + i);
    }

    @Test
    void h264FromFfmpegsPacketizerIncludingItsStapAs() throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> frames = depacketize(new H264Depacketizer(), ffmpegRtp(H264RoundTripTest.FIXTURE), payloads);
        assertEquals(24, payloads.get(0)[0] & 0x1F, "ffmpeg aggregates SPS and PPS in a STAP-A too");
        assertSameFrames(H264RoundTripTest.accessUnits(MediaPath.fixture(H264RoundTripTest.FIXTURE)), frames);
    }

    @Test
    void vp8FromFfmpegsPacketizer() throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> frames = depacketize(new Vp8Depacketizer(), ffmpegRtp(Vp8RoundTripTest.FIXTURE), payloads);
        assertEquals(0x90, payloads.get(0)[0] & 0xFF, "X and S, with a picture ID");
        assertSameFrames(ivfFrames(Vp8RoundTripTest.FIXTURE), frames);
    }

    @Test
    void vp9FromFfmpegsPacketizer() throws IOException {
        List<byte[]> payloads = new ArrayList<>();
        // ffmpeg's VP9 payloader is marked experimental; it sends a one-byte descriptor (B and E only).
        List<byte[]> frames = depacketize(new Vp9Depacketizer(1 << 20, false), ffmpegRtp("testsrc-160x120-15fps-vp9.ivf", "-strict", "experimental"), payloads);
        assertEquals(0x08, payloads.get(0)[0] & 0xFF);
        assertSameFrames(ivfFrames("testsrc-160x120-15fps-vp9.ivf"), frames);
    }

    @Test
    void opusFromFfmpegsPacketizer() throws IOException {
        List<byte[]> frames = depacketize(new OpusDepacketizer(), ffmpegRtp(OpusRoundTripTest.FIXTURE), null);
        OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(MediaPath.fixture(OpusRoundTripTest.FIXTURE)));
        List<byte[]> source = new ArrayList<>();
        for (OggOpusPacket p = reader.next(); p != null; p = reader.next()) source.add(p.data());
        assertTrue(source.size() > 100);
        assertSameFrames(source, frames);
    }
}
