package dev.jrtc.rtp.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Turns fuzzer bytes into a stream of RTP payloads for a depacketizer and checks what must hold whatever arrives:
 * no exception, a completed frame is non-empty and within the buffer, nothing readable otherwise, and the counters
 * only grow. Each payload is framed as {@code flags | length | payload bytes}: flags bit 0 is the marker, bit 1
 * skips a sequence number (loss), bit 2 goes back two (a late or duplicate packet), bit 3 advances the timestamp.
 */
final class FuzzedStream {
    private FuzzedStream() {}

    static void feed(Depacketizer d, byte[] data) {
        int sequence = 65530;
        long timestamp = 0xFFFFF000L;
        long completed = 0;
        for (int at = 0; at + 2 <= data.length; ) {
            int flags = data[at] & 0xFF;
            int length = Math.min(data[at + 1] & 0xFF, data.length - at - 2);
            at += 2;
            sequence += (flags & 0x02) != 0 ? 2 : 1;
            if ((flags & 0x04) != 0) sequence -= 2;
            if ((flags & 0x08) != 0) timestamp += 3000;
            long discarded = d.framesDiscarded();
            long malformed = d.malformedPayloads();
            d.isFrameStart(data, at, length);
            d.isKeyFrame(data, at, length);
            DepacketizeResult r = d.handlePayload(sequence, timestamp, (flags & 0x01) != 0, data, at, length);
            if (r == DepacketizeResult.FRAME_COMPLETE) {
                completed++;
                assertTrue(d.frameLength() > 0 && d.frameLength() <= d.frameBuffer().length);
                assertEquals(timestamp & 0xFFFFFFFFL, d.frameTimestamp());
            } else {
                assertEquals(0, d.frameLength());
            }
            assertEquals(completed, d.framesCompleted());
            assertTrue(d.framesDiscarded() >= discarded && d.malformedPayloads() >= malformed);
            at += length;
        }
    }
}
