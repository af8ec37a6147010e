package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.media.IvfFrame;
import dev.jrtc.rtp.media.IvfReader;
import dev.jrtc.rtp.media.Vp8Packetizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames out of reordered, lost and repaired packets, in virtual time, with the VP8 test file as media. */
class JitterBufferTest {
    static final long MS = 1_000_000L;
    /** RFC 7741 §4.2: S bit set and partition index 0 begin a VP8 frame. */
    static final FrameStart VP8 = (b, off, len) -> len > 0 && (b[off] & 0x10) != 0 && (b[off] & 0x07) == 0;

    record Sent(List<byte[]> frames, List<List<byte[]>> packets) {}

    /** The fixture's 30 VP8 frames in packets of at most 300 bytes, starting at {@code firstSequence}. */
    static Sent vp8(int firstSequence, long firstTimestamp) throws IOException {
        try (InputStream in = JitterBufferTest.class.getResourceAsStream("/dev/jrtc/testkit/media/testsrc-160x120-15fps.ivf")) {
            IvfReader ivf = new IvfReader(in);
            Vp8Packetizer p = new Vp8Packetizer(300, 96, 0x1234, firstSequence);
            List<byte[]> frames = new ArrayList<>();
            List<List<byte[]>> packets = new ArrayList<>();
            for (IvfFrame f = ivf.next(); f != null; f = ivf.next()) {
                List<byte[]> ps = new ArrayList<>();
                p.packetize(f.data(), (firstTimestamp + ivf.rtpTimestamp(f.pts(), 90000)) & 0xFFFFFFFFL, ps::add);
                frames.add(f.data());
                packets.add(ps);
            }
            return new Sent(frames, packets);
        }
    }

    static JitterBuffer buffer(FrameStart start) {
        return new JitterBuffer(512, 1500, 200 * MS, 300 * MS, start);
    }

    /** The frame's VP8 payload: each packet's payload without its one-byte descriptor. */
    static byte[] vp8Payload(JitterBuffer.Frame f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < f.packetCount(); i++) out.write(f.packet(i), f.payloadOffset(i) + 1, f.payloadLength(i) - 1);
        return out.toByteArray();
    }

    static List<byte[]> drain(JitterBuffer jb, long now) {
        List<byte[]> out = new ArrayList<>();
        for (JitterBuffer.Frame f; (f = jb.pollFrame(now)) != null; ) out.add(vp8Payload(f));
        return out;
    }

    @Test
    void inOrderPacketsGiveEveryFrameWhole() throws IOException {
        Sent s = vp8(100, 0);
        JitterBuffer jb = buffer(VP8);
        List<byte[]> got = new ArrayList<>();
        long now = 0;
        for (List<byte[]> frame : s.packets()) {
            for (byte[] p : frame) jb.handlePacket(now, p, 0, p.length);
            got.addAll(drain(jb, now));
            now += 66 * MS;
        }
        assertEquals(30, got.size());
        for (int i = 0; i < 30; i++) assertArrayEquals(s.frames().get(i), got.get(i), "frame " + i);
        assertTrue(s.packets().get(0).size() > 1, "the key frame spans packets");
        assertEquals(0, jb.framesDropped());
        assertFalse(jb.pollKeyFrameRequest(now));
    }

    @Test
    void reorderingAcrossWrapsIsUndone() throws IOException {
        Sent s = vp8(65500, 0xFFFF0000L); // both sequence number and timestamp wrap during the file
        List<byte[]> all = new ArrayList<>();
        s.packets().forEach(all::addAll);
        // Shuffle within windows of 8 packets, keeping the first packet first.
        Random r = new Random(1);
        for (int i = 1; i + 8 <= all.size(); i += 8) Collections.shuffle(all.subList(i, i + 8), r);
        JitterBuffer jb = buffer(FrameStart.UNKNOWN);
        List<byte[]> got = new ArrayList<>();
        for (byte[] p : all) {
            jb.handlePacket(0, p, 0, p.length);
            got.addAll(drain(jb, 0));
        }
        assertEquals(30, got.size());
        for (int i = 0; i < 30; i++) assertArrayEquals(s.frames().get(i), got.get(i), "frame " + i);
        assertEquals(0, jb.packetsLate());
    }

    @Test
    void aLostPacketRepairedInTimeKeepsTheFrame() throws IOException {
        Sent s = vp8(0, 0);
        JitterBuffer jb = buffer(VP8);
        List<byte[]> key = s.packets().get(0);
        for (int i = 0; i < key.size(); i++) if (i != 1) jb.handlePacket(0, key.get(i), 0, key.get(i).length);
        for (byte[] p : s.packets().get(1)) jb.handlePacket(0, p, 0, p.length);
        assertNull(jb.pollFrame(0));
        assertEquals(200 * MS, jb.pollTimeout(), "the head frame waits its latency bound");
        assertNull(jb.pollFrame(150 * MS));
        jb.handlePacket(150 * MS, key.get(1), 0, key.get(1).length); // the retransmission
        List<byte[]> got = drain(jb, 150 * MS);
        assertEquals(2, got.size());
        assertArrayEquals(s.frames().get(0), got.get(0));
        assertArrayEquals(s.frames().get(1), got.get(1));
        assertEquals(0, jb.framesDropped());
    }

    @Test
    void aFrameMissingAPacketPastTheBoundIsDroppedAndAKeyFrameAskedFor() throws IOException {
        Sent s = vp8(0, 0);
        JitterBuffer jb = buffer(FrameStart.UNKNOWN);
        List<byte[]> key = s.packets().get(0);
        for (int i = 0; i < key.size(); i++) if (i != 1) jb.handlePacket(0, key.get(i), 0, key.get(i).length);
        for (int f = 1; f < 4; f++) for (byte[] p : s.packets().get(f)) jb.handlePacket(10 * MS * f, p, 0, p.length);
        assertNull(jb.pollFrame(199 * MS));
        assertFalse(jb.pollKeyFrameRequest(199 * MS));
        List<byte[]> got = drain(jb, 200 * MS);
        assertEquals(3, got.size(), "the key frame is dropped, the next three come out");
        assertArrayEquals(s.frames().get(1), got.get(0));
        assertEquals(1, jb.framesDropped());
        assertTrue(jb.pollKeyFrameRequest(200 * MS));
        assertFalse(jb.pollKeyFrameRequest(200 * MS), "asked once");
        // The packet arriving now is too late.
        jb.handlePacket(210 * MS, key.get(1), 0, key.get(1).length);
        assertEquals(1, jb.packetsLate());
    }

    @Test
    void withoutAFrameStartTestALostMarkerPacketCostsTheNextFrameToo() throws IOException {
        Sent s = vp8(0, 0);
        List<byte[]> key = s.packets().get(0);
        for (FrameStart start : List.of(FrameStart.UNKNOWN, VP8)) {
            JitterBuffer jb = buffer(start);
            // The key frame's last packet (with the marker) is lost.
            for (int i = 0; i < key.size() - 1; i++) jb.handlePacket(0, key.get(i), 0, key.get(i).length);
            for (int f = 1; f < 3; f++) for (byte[] p : s.packets().get(f)) jb.handlePacket(0, p, 0, p.length);
            List<byte[]> got = drain(jb, 300 * MS);
            if (start == VP8) {
                // The VP8 descriptor says frame 1 begins where it does: only the key frame is lost.
                assertEquals(2, got.size());
                assertArrayEquals(s.frames().get(1), got.get(0));
                assertEquals(1, jb.framesDropped());
            } else {
                // Frame 1's first packet follows a missing one: it cannot be known to start a frame.
                assertEquals(1, got.size());
                assertArrayEquals(s.frames().get(2), got.get(0));
                assertEquals(2, jb.framesDropped());
            }
        }
    }

    @Test
    void keyFrameRequestsAreSpacedByTheInterval() throws IOException {
        Sent s = vp8(0, 0);
        JitterBuffer jb = buffer(VP8);
        long now = 0;
        int requests = 0;
        // Every frame loses its second packet or, for one-packet frames, its only one: nothing is ever whole.
        for (List<byte[]> frame : s.packets()) {
            for (int i = 0; i < frame.size(); i++) if (i != Math.min(1, frame.size() - 1)) jb.handlePacket(now, frame.get(i), 0, frame.get(i).length);
            drain(jb, now);
            if (jb.pollKeyFrameRequest(now)) requests++;
            now += 66 * MS;
        }
        assertTrue(jb.framesDropped() > 10, "dropped " + jb.framesDropped());
        // 30 frames over ~2 s with at most one request per 300 ms.
        assertTrue(requests >= 4 && requests <= 7, "requests " + requests);
        assertEquals(requests, jb.keyFrameRequests());
    }

    @Test
    void audioFramesEndWhereTheTimestampChanges() {
        JitterBuffer jb = buffer(FrameStart.UNKNOWN);
        RtpHeaderWriter w = new RtpHeaderWriter().payloadType(111).ssrc(5);
        List<Long> timestamps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] p = new byte[12 + 3];
            w.sequenceNumber(i).timestamp(960L * i).write(p, 0);
            jb.handlePacket(0, p, 0, p.length);
            for (JitterBuffer.Frame f; (f = jb.pollFrame(0)) != null; ) {
                assertEquals(1, f.packetCount());
                assertEquals(3, f.payloadSize());
                timestamps.add(f.rtpTimestamp());
            }
        }
        // Without markers the last packet's frame stays open until a later timestamp shows it ended.
        assertEquals(9, timestamps.size());
        assertEquals(960L * 8, timestamps.get(8));
    }

    @Test
    void aJumpBeyondTheRingStartsOver() {
        JitterBuffer jb = new JitterBuffer(16, 200, 100 * MS, 0, FrameStart.UNKNOWN);
        RtpHeaderWriter w = new RtpHeaderWriter().payloadType(96).ssrc(5).marker(true);
        byte[] p = new byte[20];
        w.sequenceNumber(0).timestamp(0).write(p, 0);
        jb.handlePacket(0, p, 0, p.length);
        w.sequenceNumber(2).timestamp(2).write(p, 0);
        jb.handlePacket(0, p, 0, p.length);
        assertEquals(0, jb.pollFrame(0).firstSequenceNumber());
        assertNull(jb.pollFrame(0));
        w.sequenceNumber(100).timestamp(100).write(p, 0);
        jb.handlePacket(0, p, 0, p.length);
        // Nothing tells whether packet 100 begins its frame, so that frame goes too; its marker shows where 101 starts.
        assertNull(jb.pollFrame(0));
        assertEquals(2, jb.framesDropped());
        w.sequenceNumber(101).timestamp(101).write(p, 0);
        jb.handlePacket(0, p, 0, p.length);
        assertEquals(101, jb.pollFrame(0).firstSequenceNumber());
        jb.handlePacket(0, new byte[3], 0, 3);
        assertEquals(1, jb.packetsMalformed());
    }
}
