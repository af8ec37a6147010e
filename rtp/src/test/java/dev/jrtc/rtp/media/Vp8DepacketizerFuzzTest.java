package dev.jrtc.rtp.media;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Garbage, loss, duplicates and reordering into the Vp8 depacketizer: VP8 payload descriptors (RFC 7741 §4.2) that
 * do not parse are dropped and counted, never thrown; see {@link FuzzedStream} for the framing of the seeds.
 */
class Vp8DepacketizerFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyPayloadsAreFramesOrCountedDrops(byte[] data) {
        FuzzedStream.feed(new Vp8Depacketizer(), data);
        FuzzedStream.feed(new Vp8Depacketizer(1 << 16, false), data);
    }
}
