package dev.jrtc.rtp.media;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Garbage, loss, duplicates and reordering into the Vp9 depacketizer: VP9 payload descriptors in both modes (RFC
 * 9628 §4.2) that do not parse are dropped and counted, never thrown; see {@link FuzzedStream} for the framing of
 * the seeds.
 */
class Vp9DepacketizerFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyPayloadsAreFramesOrCountedDrops(byte[] data) {
        FuzzedStream.feed(new Vp9Depacketizer(), data);
        FuzzedStream.feed(new Vp9Depacketizer(1 << 16, false), data);
    }
}
