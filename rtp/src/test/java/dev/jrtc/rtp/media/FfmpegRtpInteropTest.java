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
 * Another stack against ours, both ways, over loopback UDP. ffmpeg's RTP muxer sends each fixture (its own payload
 * layouts: STAP-A for SPS+PPS and for small slices, FU-A, VP8 with 15-bit picture IDs, VP9 with a one-byte
 * descriptor, one Opus packet per RTP packet) and every frame comes out of our depacketizer as the file holds it;
 * and ffmpeg's RTP demuxer, given an SDP, takes what our H.264, VP8 and Opus packetizers send and writes the file's
 * frames back. ffmpeg's RTCP goes to sockets of ours, so nothing is sent anywhere else. (ffmpeg 5.1 has no AV1 RTP
 * support.)
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

    /**
     * Sends {@code packets} to an ffmpeg that reads {@code sdpMedia} (m= line and attributes, "PORT" for its port) and
     * copies what it depacketizes into {@code output} with {@code format}; returns the written file.
     */
    private Path ffmpegReceives(String sdpMedia, List<byte[]> packets, String frames, String format, String output) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            port = probe.getLocalPort() & ~1; // RTP on an even port, RTCP on the next
        }
        Path sdp = dir.resolve("in.sdp");
        Files.writeString(sdp, "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=jrtc\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + sdpMedia.replace("PORT", Integer.toString(port)));
        Path out = dir.resolve(output);
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-protocol_whitelist", "file,udp,rtp",
                "-i", sdp.toString(), "-c", "copy", frames.split(" ")[0], frames.split(" ")[1], "-f", format, out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        DatagramSocket[] pair = senderPair(loopback);
        try (DatagramSocket rtp = pair[0]; DatagramSocket rtcp = pair[1]) {
            String hexPort = String.format(":%04X ", port);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (Files.readAllLines(Path.of("/proc/net/udp")).stream().noneMatch(l -> l.contains(hexPort))) {
                assertTrue(ffmpeg.isAlive() && System.nanoTime() < deadline, "ffmpeg never bound port " + port + ": " + Files.readString(dir.resolve("ffmpeg.log")));
                Thread.sleep(20);
            }
            InetSocketAddress to = new InetSocketAddress(loopback, port);
            int sent = 0;
            for (byte[] p : packets) {
                rtp.send(new DatagramPacket(p, p.length, to));
                if (++sent % 8 == 0) Thread.sleep(1); // ffmpeg reads from its own socket buffer; do not overrun it
            }
            assertTrue(ffmpeg.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ffmpeg did not stop after the last frame");
        } finally {
            ffmpeg.destroyForcibly();
        }
        assertEquals(0, ffmpeg.exitValue(), Files.readString(dir.resolve("ffmpeg.log")));
        return out;
    }

    /** Two sockets on consecutive loopback ports: RTP is sent from the first, ffmpeg's RTCP reports land on the second. */
    private static DatagramSocket[] senderPair(InetAddress loopback) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            if (rtp.getLocalPort() % 2 == 0 && rtp.getLocalPort() < 65535) {
                try {
                    return new DatagramSocket[] {rtp, new DatagramSocket(new InetSocketAddress(loopback, rtp.getLocalPort() + 1))};
                } catch (java.net.BindException taken) {
                    // try another
                }
            }
            rtp.close();
        }
        throw new IOException("no two consecutive free loopback ports");
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
        return ivfFrames(MediaPath.fixture(fixture));
    }

    private static List<byte[]> ivfFrames(byte[] file) throws IOException {
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(file));
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
    void ffmpegDepacketizesOurH264() throws Exception {
        List<MediaPath.Frame> source = new ArrayList<>();
        long ts = 0;
        for (byte[] au : H264RoundTripTest.accessUnits(MediaPath.fixture(H264RoundTripTest.FIXTURE))) source.add(new MediaPath.Frame(ts += 6000, au, false));
        // ffmpeg's H.264 demuxer hands on an access unit when the next one begins: one more after the last lets
        // -frames:v stop it at once instead of at its 10 s receive timeout.
        List<MediaPath.Frame> sent = new ArrayList<>(source);
        sent.add(new MediaPath.Frame(ts + 6000, source.get(1).data(), false));
        List<byte[]> packets = MediaPath.packetize(new H264Packetizer(1188), sent, 1000);
        Path out = ffmpegReceives("m=video PORT RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1\r\n",
                packets, "-frames:v " + source.size(), "h264", "rx.h264");
        assertSameFrames(source.stream().map(MediaPath.Frame::data).toList(), H264RoundTripTest.accessUnits(Files.readAllBytes(out)));
    }

    /**
     * VP8 only: ffmpeg 5.1's VP9 RTP demuxer reads the descriptor of draft-ietf-payload-vp9-00 (|I|L|F|B|E|V|U|-|),
     * not RFC 9628's, so it is no judge of our VP9 packets.
     */
    @Test
    void ffmpegDepacketizesOurVp8() throws Exception {
        List<byte[]> frames = ivfFrames(Vp8RoundTripTest.FIXTURE);
        List<MediaPath.Frame> source = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) source.add(new MediaPath.Frame(6000L * i, frames.get(i), false));
        List<byte[]> packets = MediaPath.packetize(new Vp8Packetizer(1188, 300), source, 5);
        Path out = ffmpegReceives("m=video PORT RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n", packets, "-frames:v " + frames.size(), "ivf", "rx.ivf");
        List<byte[]> received = ivfFrames(Files.readAllBytes(out));
        assertSameFrames(frames, received);
    }

    @Test
    void ffmpegDepacketizesOurOpus() throws Exception {
        OggOpusReader reader = new OggOpusReader(new ByteArrayInputStream(MediaPath.fixture(OpusRoundTripTest.FIXTURE)));
        List<MediaPath.Frame> source = new ArrayList<>();
        long ts = 0;
        for (OggOpusPacket p = reader.next(); p != null; p = reader.next(), ts += 960) source.add(new MediaPath.Frame(ts, p.data(), true));
        List<byte[]> packets = MediaPath.packetize(new OpusPacketizer(1200), source, 77);
        Path out = ffmpegReceives("m=audio PORT RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n",
                packets.stream().map(p -> { byte[] q = p.clone(); q[1] = (byte) (q[1] & 0x80 | 111); return q; }).toList(),
                "-frames:a " + source.size(), "opus", "rx.opus");
        List<byte[]> received = new ArrayList<>();
        OggOpusReader back = new OggOpusReader(new ByteArrayInputStream(Files.readAllBytes(out)));
        for (OggOpusPacket p = back.next(); p != null; p = back.next()) received.add(p.data());
        assertSameFrames(source.stream().map(MediaPath.Frame::data).toList(), received);
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
