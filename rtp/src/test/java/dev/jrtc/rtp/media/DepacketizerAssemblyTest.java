package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The frame assembly every depacketizer shares ({@link AbstractDepacketizer}), driven payload by payload: what a
 * gap, a duplicate, a late packet, padding, a sequence jump and a missing key frame do, and what is counted.
 */
class DepacketizerAssemblyTest {
    private static final byte[] VP8_KEY_START = {0x10, 0x00, 0x01};    // S, PID 0; P = 0
    private static final byte[] VP8_DELTA_START = {0x10, 0x01, 0x02};  // S, PID 0; P = 1
    private static final byte[] VP8_MIDDLE = {0x00, 0x03};

    private static DepacketizeResult vp8(Depacketizer d, int seq, long ts, boolean marker, byte[] p) {
        return d.handlePayload(seq, ts, marker, p, 0, p.length);
    }

    @Test
    void aGapInsideAFrameDiscardsItAndTheNextFrameMustBeAKeyFrame() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        assertEquals(DepacketizeResult.PENDING, vp8(d, 1, 100, false, VP8_KEY_START));
        assertEquals(DepacketizeResult.FRAME_COMPLETE, vp8(d, 2, 100, true, VP8_MIDDLE));
        assertArrayEquals(new byte[] {0x00, 0x01, 0x03}, d.copyFrame());
        assertTrue(d.frameIsKeyFrame());
        assertFalse(d.frameFollowsLoss());
        assertEquals(DepacketizeResult.PENDING, vp8(d, 3, 200, false, VP8_DELTA_START));
        assertEquals(DepacketizeResult.DROPPED, vp8(d, 5, 200, true, VP8_MIDDLE), "packet 4 is lost");
        assertEquals(1, d.framesDiscarded());
        assertEquals(DepacketizeResult.DROPPED, vp8(d, 6, 300, true, VP8_DELTA_START), "a whole delta frame, but after a loss");
        assertEquals(2, d.framesDiscarded());
        assertEquals(DepacketizeResult.FRAME_COMPLETE, vp8(d, 7, 400, true, VP8_KEY_START));
        assertTrue(d.frameFollowsLoss(), "the consumer learns frames were lost before this one");
        assertEquals(2, d.framesCompleted());
    }

    @Test
    void duplicatesAndLatePacketsAreDroppedWithoutHarmingTheFrame() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        vp8(d, 65535, 100, false, VP8_KEY_START);
        assertEquals(DepacketizeResult.DROPPED, vp8(d, 65535, 100, false, VP8_KEY_START), "duplicate");
        assertEquals(DepacketizeResult.PENDING, vp8(d, 0, 100, false, VP8_MIDDLE), "the sequence wraps");
        assertEquals(DepacketizeResult.DROPPED, vp8(d, 65534, 100, false, VP8_MIDDLE), "late");
        assertEquals(DepacketizeResult.FRAME_COMPLETE, vp8(d, 1, 100, true, VP8_MIDDLE));
        assertEquals(2, d.lateOrDuplicatePayloads());
        assertEquals(0, d.framesDiscarded());
    }

    @Test
    void paddingOnlyPacketsKeepTheSequenceContiguous() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        vp8(d, 10, 100, true, VP8_KEY_START);
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(11, 100, false, new byte[0], 0, 0));
        assertEquals(DepacketizeResult.FRAME_COMPLETE, vp8(d, 12, 200, true, VP8_DELTA_START), "no loss: padding filled 11");
        assertFalse(d.frameFollowsLoss());
    }

    @Test
    void aJumpFarBeyondTheReorderWindowIsAGapNotALatePacket() {
        Vp8Depacketizer d = new Vp8Depacketizer();
        vp8(d, 40000, 100, true, VP8_KEY_START);
        // The sender restarted its sequence numbers: 20000 is 20000 behind, far more than any reordering.
        assertEquals(DepacketizeResult.FRAME_COMPLETE, vp8(d, 20000, 200, true, VP8_KEY_START));
        assertTrue(d.frameFollowsLoss());
        assertEquals(DepacketizeResult.FRAME_COMPLETE, vp8(d, 20001, 300, true, VP8_DELTA_START));
        assertEquals(0, d.lateOrDuplicatePayloads());
    }

    @Test
    void h264StartsAFrameOnlyWhenThePreviousPacketEndedOne() {
        H264Depacketizer d = new H264Depacketizer(1 << 16, false);
        byte[] idr = {0x65, 1};
        byte[] slice = {0x41, 2};
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(1, 100, true, idr, 0, 2), "the stream's first packet");
        // Packet 2 is lost; packet 3 begins a NAL unit of a new timestamp, but the frame may have begun in packet 2.
        assertEquals(DepacketizeResult.DROPPED, d.handlePayload(3, 200, true, slice, 0, 2));
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(4, 300, true, slice, 0, 2), "packet 3 ended a frame");
        assertEquals(DepacketizeResult.PENDING, d.handlePayload(5, 400, false, slice, 0, 2));
        // The marker of 400 never came: that frame is discarded (one call delivers one frame), and 500, whose previous
        // packet had another timestamp, starts and ends here.
        assertEquals(DepacketizeResult.FRAME_COMPLETE, d.handlePayload(6, 500, true, slice, 0, 2));
        assertEquals(500, d.frameTimestamp());
        assertEquals(2, d.framesDiscarded());
    }

    @Test
    void framesBeyondTheLimitAreMalformedAndDiscarded() {
        Vp8Depacketizer d = new Vp8Depacketizer(4, true);
        vp8(d, 1, 100, false, VP8_KEY_START);
        vp8(d, 2, 100, false, VP8_MIDDLE);
        assertEquals(DepacketizeResult.DROPPED, vp8(d, 3, 100, true, new byte[] {0x00, 1, 2}), "2 + 1 + 2 bytes > 4");
        assertEquals(1, d.malformedPayloads());
        assertEquals(1, d.framesDiscarded());
    }
}
