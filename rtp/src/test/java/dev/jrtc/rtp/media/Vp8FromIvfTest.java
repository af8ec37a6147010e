package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A VP8 file made by ffmpeg/libvpx (testkit's media fixture) read as IVF frames and packetized per RFC 7741 §4:
 * every frame comes back whole from its packets' payloads, descriptors and markers as the RFC says.
 */
class Vp8FromIvfTest {
    static final String FIXTURE = "/dev/jrtc/testkit/media/testsrc-160x120-15fps.ivf";

    static byte[] fixture() throws IOException {
        try (InputStream in = Vp8FromIvfTest.class.getResourceAsStream(FIXTURE)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheHeaderAndEveryFrame() throws IOException {
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(fixture()));
        assertEquals("VP80", ivf.fourcc());
        assertEquals(160, ivf.width());
        assertEquals(120, ivf.height());
        assertEquals(30, ivf.frameCount());
        List<IvfFrame> frames = new ArrayList<>();
        for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) frames.add(f);
        assertEquals(30, frames.size());
        for (int i = 0; i < frames.size(); i++) assertEquals(i, frames.get(i).pts());
        // RFC 6386 §9.1: a key frame has bit 0 of the first byte clear and the start code 9d 01 2a at bytes 3..5.
        byte[] key = frames.get(0).data();
        assertEquals(0, key[0] & 1);
        assertArrayEquals(new byte[] {(byte) 0x9d, 0x01, 0x2a}, Arrays.copyOfRange(key, 3, 6));
        assertEquals(1, frames.get(1).data()[0] & 1, "the second frame is an inter frame");
        assertEquals(6000, ivf.rtpTimestamp(1, 90000), "one frame at 15 fps is 6000 ticks of the 90 kHz clock");
    }

    @Test
    void packetsCarryDescriptorMarkerAndReassembleToTheFrame() throws IOException {
        IvfReader ivf = new IvfReader(new ByteArrayInputStream(fixture()));
        Vp8Packetizer packetizer = new Vp8Packetizer(300, 96, 0x1234, 65530); // small packets: frames span several
        int expectedSequence = 65530;
        int multiPacketFrames = 0;
        for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
            List<byte[]> packets = new ArrayList<>();
            long ts = ivf.rtpTimestamp(f.pts(), 90000);
            int n = packetizer.packetize(f.data(), ts, packets::add);
            assertEquals(n, packets.size());
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            for (int i = 0; i < packets.size(); i++) {
                byte[] p = packets.get(i);
                assertTrue(p.length <= 300);
                assertEquals(expectedSequence, RtpHeader.sequenceNumber(p, 0), "sequence numbers run on across the wrap");
                expectedSequence = (expectedSequence + 1) & 0xFFFF;
                assertEquals(ts, RtpHeader.timestamp(p, 0));
                assertEquals(96, RtpHeader.payloadType(p, 0));
                assertEquals(0x1234, RtpHeader.ssrc(p, 0));
                assertEquals(i == packets.size() - 1, RtpHeader.marker(p, 0), "the marker ends the frame");
                assertEquals(i == 0 ? 0x10 : 0x00, p[12] & 0xFF, "S on the first packet only, PID 0, no X");
                frame.write(p, 13, p.length - 13);
            }
            if (packets.size() > 1) multiPacketFrames++;
            assertArrayEquals(f.data(), frame.toByteArray());
        }
        assertTrue(multiPacketFrames > 0, "the key frames need several packets");
    }

    @Test
    void malformedFilesAreIoExceptionsNamingTheProblem() throws IOException {
        byte[] good = fixture();
        IOException notIvf = assertThrows(IOException.class, () -> new IvfReader(new ByteArrayInputStream("RIFF....".getBytes())));
        assertTrue(notIvf.getMessage().contains("header") || notIvf.getMessage().contains("DKIF"), notIvf.getMessage());
        byte[] cut = Arrays.copyOf(good, 32 + 12 + 10);
        IvfReader r = new IvfReader(new ByteArrayInputStream(cut));
        assertThrows(EOFException.class, r::next);
        byte[] huge = Arrays.copyOf(good, 32 + 12);
        huge[32 + 3] = 0x7F; // frame size 2 GiB
        assertThrows(IOException.class, () -> new IvfReader(new ByteArrayInputStream(huge)).next());
        assertNull(new IvfReader(new ByteArrayInputStream(Arrays.copyOf(good, 32))).next(), "no frames is the end");
        assertThrows(IllegalArgumentException.class, () -> new Vp8Packetizer(300, 96, 1, 0).packetize(new byte[0], 0, p -> { }));
    }
}
