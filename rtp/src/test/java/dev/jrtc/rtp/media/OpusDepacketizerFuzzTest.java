package dev.jrtc.rtp.media;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Garbage, loss, duplicates and reordering into the Opus depacketizer: Opus payloads (RFC 7587) that do not parse
 * are dropped and counted, never thrown; see {@link FuzzedStream} for the framing of the seeds.
 */
class OpusDepacketizerFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void anyPayloadsAreFramesOrCountedDrops(byte[] data) {
        FuzzedStream.feed(new OpusDepacketizer(), data);
    }
}
