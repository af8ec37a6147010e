package dev.jrtc.examples.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.RtpHeaderWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forwarder turns two simulcast layers (their own SSRCs, sequence numbers, timestamps and VP8 picture IDs) into
 * one stream: it starts at a key frame, changes layer only at the new layer's key frame, and keeps sequence numbers,
 * timestamps and picture IDs going up by one frame's worth across the change.
 */
class StreamForwarderTest {
    private final List<byte[]> out = new ArrayList<>();
    private final List<String> keyFrameRequests = new ArrayList<>();
    private final StreamForwarder forwarder = new StreamForwarder((p, off, len) -> out.add(Arrays.copyOfRange(p, off, off + len)),
            true, "q", keyFrameRequests::add);

    /** A one-packet VP8 frame of a layer: descriptor X=1, I=1, M=1 (15-bit picture ID), L=1 (TL0PICIDX), S=1. */
    private static byte[] vp8(long ssrc, int seq, long ts, int pictureId, int tl0, boolean key) {
        RtpHeaderWriter h = new RtpHeaderWriter().payloadType(96).ssrc(ssrc).sequenceNumber(seq).timestamp(ts).marker(true)
                .extension(10, "x".getBytes()); // a publisher's extension, which must not be forwarded
        byte[] withExt = new byte[h.headerLength() + 15];
        int n = h.write(withExt, 0);
        withExt[n] = (byte) 0x90; // X, S, partition 0
        withExt[n + 1] = (byte) 0xC0; // I, L
        withExt[n + 2] = (byte) (0x80 | pictureId >>> 8);
        withExt[n + 3] = (byte) pictureId;
        withExt[n + 4] = (byte) tl0;
        withExt[n + 5] = (byte) (key ? 0x00 : 0x01); // VP8 payload header: P=0 for a key frame (RFC 6386 §9.1)
        return withExt;
    }

    private static int pictureId(byte[] p) {
        int at = RtpHeader.headerLength(p, 0, p.length) + 2;
        return ((p[at] & 0x7F) << 8) | (p[at + 1] & 0xFF);
    }

    private static int tl0(byte[] p) {
        return p[RtpHeader.headerLength(p, 0, p.length) + 4] & 0xFF;
    }

    @Test
    void startsAtAKeyFrameAndSwitchesLayersAtTheNextOne() {
        assertFalse(forwarder.forward("q", vp8(1, 100, 5000, 700, 9, false)), "no start on a delta frame");
        assertEquals(List.of("q"), keyFrameRequests, "a key frame of q is asked for meanwhile");
        assertFalse(forwarder.forward("h", vp8(2, 40000, 900000, 20000, 200, true)), "h is not selected");
        assertTrue(forwarder.forward("q", vp8(1, 101, 8000, 701, 10, true)));
        assertTrue(forwarder.forward("q", vp8(1, 102, 11000, 702, 10, false)));
        assertEquals("q", forwarder.current());

        forwarder.select("h");
        assertTrue(forwarder.forward("q", vp8(1, 103, 14000, 703, 10, false)), "q goes on until h has a key frame");
        assertFalse(forwarder.forward("h", vp8(2, 40001, 903000, 20001, 200, false)));
        assertTrue(forwarder.forward("h", vp8(2, 40002, 906000, 20002, 201, true)));
        assertFalse(forwarder.forward("q", vp8(1, 104, 17000, 704, 10, false)), "q stops once h started");
        assertTrue(forwarder.forward("h", vp8(2, 40003, 909000, 20003, 201, false)));
        assertEquals("h", forwarder.current());
        assertEquals(2, forwarder.switches());

        assertEquals(5, out.size());
        for (int i = 0; i < out.size(); i++) {
            byte[] p = out.get(i);
            assertEquals(101 + i, RtpHeader.sequenceNumber(p, 0), "sequence numbers continue");
            assertFalse(RtpHeader.hasExtension(p, 0), "the publisher's extensions stay behind");
            assertEquals(701 + i, pictureId(p), "picture IDs continue");
        }
        assertEquals(List.of(10, 10, 10, 11, 11), List.of(tl0(out.get(0)), tl0(out.get(1)), tl0(out.get(2)), tl0(out.get(3)), tl0(out.get(4))));
        long before = RtpHeader.timestamp(out.get(2), 0);
        long after = RtpHeader.timestamp(out.get(3), 0);
        assertTrue(after > before && after - before < 90000, "the timestamp moves on by the time passed: " + (after - before));
        assertEquals(3000, RtpHeader.timestamp(out.get(4), 0) - after, "and then by the new layer's own steps");
    }
}
