package dev.jrtc.rtp.media;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Garbage, loss, duplicates and reordering into the H264 depacketizer: single NAL unit, STAP-A and FU-A payloads
 * (RFC 6184 §5) that do not parse are dropped and counted, never thrown; see {@link FuzzedStream} for the framing
 * of the seeds.
 */
class H264DepacketizerFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyPayloadsAreFramesOrCountedDrops(byte[] data) {
        FuzzedStream.feed(new H264Depacketizer(), data);
        FuzzedStream.feed(new H264Depacketizer(1 << 16, false), data);
    }
}
