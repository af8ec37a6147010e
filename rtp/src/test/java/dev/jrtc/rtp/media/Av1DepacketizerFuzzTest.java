package dev.jrtc.rtp.media;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Garbage, loss, duplicates and reordering into the Av1 depacketizer: AV1 aggregation headers and OBU elements
 * (AV1 RTP §4) that do not parse are dropped and counted, never thrown; see {@link FuzzedStream} for the framing
 * of the seeds.
 */
class Av1DepacketizerFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyPayloadsAreFramesOrCountedDrops(byte[] data) {
        FuzzedStream.feed(new Av1Depacketizer(), data);
        FuzzedStream.feed(new Av1Depacketizer(1 << 16, false), data);
    }
}
