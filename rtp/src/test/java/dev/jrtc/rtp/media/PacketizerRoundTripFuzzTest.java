package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;

/**
 * Any frame a packetizer accepts, at any payload size, comes back from the matching depacketizer as the same frame
 * (for H.264 and AV1 in their normal form: 4-byte start codes; a temporal delimiter first and OBU sizes in their
 * shortest form); a frame a packetizer refuses is an IllegalArgumentException, never another exception.
 */
class PacketizerRoundTripFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void acceptedFramesComeBackWhole(FuzzedDataProvider data) {
        int codec = data.consumeInt(0, 4);
        int maxPayload = data.consumeInt(32, 1500);
        byte[] frame = data.consumeRemainingAsBytes();
        Packetizer packetizer;
        Depacketizer depacketizer;
        switch (codec) {
            case 0 -> { packetizer = new Vp8Packetizer(maxPayload, maxPayload); depacketizer = new Vp8Depacketizer(1 << 20, false); }
            case 1 -> { packetizer = new Vp9Packetizer(maxPayload, maxPayload); depacketizer = new Vp9Depacketizer(1 << 20, false); }
            case 2 -> { packetizer = new H264Packetizer(maxPayload); depacketizer = new H264Depacketizer(1 << 20, false); }
            case 3 -> { packetizer = new Av1Packetizer(maxPayload); depacketizer = new Av1Depacketizer(1 << 20, false); }
            default -> { packetizer = new OpusPacketizer(maxPayload); depacketizer = new OpusDepacketizer(); }
        }
        try {
            packetizer.beginFrame(frame, 0, frame.length);
        } catch (IllegalArgumentException refused) {
            return;
        }
        byte[] payload = new byte[maxPayload + 3];
        int sequence = 0;
        DepacketizeResult last = null;
        while (packetizer.hasNextPayload()) {
            int n = packetizer.nextPayload(payload, 3);
            assertTrue(n >= 1 && n <= maxPayload);
            last = depacketizer.handlePayload(sequence++, 90, packetizer.marker() || codec == 4, payload, 3, n);
            assertEquals(packetizer.hasNextPayload() ? DepacketizeResult.PENDING : DepacketizeResult.FRAME_COMPLETE, last,
                    "payload " + sequence + " of codec " + codec);
        }
        byte[] expected = switch (codec) {
            case 2 -> annexB(frame);
            case 3 -> temporalUnit(frame);
            default -> frame;
        };
        assertArrayEquals(expected, depacketizer.copyFrame());
    }

    /** The access unit with a 4-byte start code before every NAL unit and nothing else. */
    private static byte[] annexB(byte[] frame) {
        NalUnits nals = new NalUnits();
        nals.scan(frame, 0, frame.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nals.count; i++) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.write(frame, nals.start[i], nals.end[i] - nals.start[i]);
        }
        return out.toByteArray();
    }

    /** A temporal delimiter, then every OBU but delimiters and tile lists with its size field in shortest form. */
    private static byte[] temporalUnit(byte[] frame) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0});
        for (int at = 0; at < frame.length; ) {
            int h = frame[at] & 0xFF;
            int hl = (h & 4) != 0 ? 2 : 1;
            int p = at + hl;
            int size;
            if ((h & 2) != 0) {
                long leb = Leb128.read(frame, p, frame.length);
                p += (int) (leb & 0xF);
                size = (int) (leb >>> 4);
            } else {
                size = frame.length - p;
            }
            int type = (h >>> 3) & 0xF;
            if (type != 2 && type != 8) {
                out.write(h | 2);
                if (hl == 2) out.write(frame[at + 1]);
                byte[] leb = new byte[8];
                out.write(leb, 0, Leb128.write(size, leb, 0));
                out.write(frame, p, size);
            }
            at = p + size;
        }
        return out.toByteArray();
    }
}
