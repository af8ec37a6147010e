package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The media path the codec tests drive: frames through a {@link Packetizer} into RTP packets (with a header
 * extension, as browsers send), an optional lossy network, then RTP parsing and a {@link Depacketizer}.
 */
final class MediaPath {
    /** A frame with its RTP timestamp, as a file gives it or a depacketizer delivers it. */
    record Frame(long timestamp, byte[] data, boolean keyFrame) {}

    private MediaPath() {}

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = MediaPath.class.getResourceAsStream("/dev/jrtc/testkit/media/" + name)) {
            if (in == null) throw new IOException("no fixture " + name);
            return in.readAllBytes();
        }
    }

    /** RTP packets of every frame, each a new array, checking the packetizer's promises on the way. */
    static List<byte[]> packetize(Packetizer packetizer, List<Frame> frames, int firstSequence) {
        RtpHeaderWriter header = new RtpHeaderWriter().payloadType(96).ssrc(0x11223344L).extension(1, new byte[] {1, 2, 3});
        RtpPacketizer rtp = new RtpPacketizer(packetizer, header, firstSequence);
        List<byte[]> packets = new ArrayList<>();
        for (Frame f : frames) {
            List<byte[]> own = new ArrayList<>();
            rtp.packetize(f.data(), 0, f.data().length, f.timestamp(), (p, n) -> own.add(java.util.Arrays.copyOf(p, n)));
            assertTrue(own.size() >= 1);
            for (byte[] p : own) {
                assertTrue(p.length <= header.headerLength() + packetizer.maxPayloadSize(), "packet of " + p.length + " bytes over the limit");
            }
            packets.addAll(own);
        }
        return packets;
    }

    /** Hands each packet to the depacketizer in the given order and collects the frames it completes. */
    static List<Frame> depacketize(Depacketizer depacketizer, List<byte[]> packets) {
        RtpPacket view = new RtpPacket();
        List<Frame> out = new ArrayList<>();
        for (byte[] p : packets) {
            assertEquals(RtpParseStatus.OK, view.wrap(p, 0, p.length));
            DepacketizeResult r = depacketizer.handlePayload(view.sequenceNumber(), view.timestamp(), view.marker(), p, view.payloadOffset(), view.payloadLength());
            if (r == DepacketizeResult.FRAME_COMPLETE) {
                out.add(new Frame(depacketizer.frameTimestamp(), depacketizer.copyFrame(), depacketizer.frameIsKeyFrame()));
            } else {
                assertEquals(0, depacketizer.frameLength(), "no frame is readable after " + r);
            }
        }
        return out;
    }

    /**
     * A seeded lossy network: each packet is lost with probability {@code loss} or duplicated with {@code duplicate},
     * and neighbours within a window of {@code reorder} swap places now and then.
     */
    static List<byte[]> impair(List<byte[]> packets, long seed, double loss, double duplicate, int reorder) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (byte[] p : packets) {
            if (random.nextDouble() < loss) continue;
            out.add(p);
            if (random.nextDouble() < duplicate) out.add(p);
        }
        if (reorder > 1) {
            for (int i = 0; i + 1 < out.size(); i++) {
                if (random.nextDouble() < 0.05) Collections.swap(out, i, Math.min(out.size() - 1, i + 1 + random.nextInt(reorder - 1)));
            }
        }
        return out;
    }

    /** The source frame with this timestamp. */
    static Frame sourceAt(List<Frame> source, long timestamp) {
        for (Frame f : source) if (f.timestamp() == timestamp) return f;
        throw new AssertionError("no source frame has timestamp " + timestamp);
    }
}
