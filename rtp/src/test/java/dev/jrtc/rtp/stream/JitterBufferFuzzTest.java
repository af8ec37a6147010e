package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jrtc.rtp.RtpHeader;

/**
 * Arbitrary packets at arbitrary times into a {@link JitterBuffer} (and the NACK generator beside it): never an
 * exception, and every frame handed out is consecutive packets of one timestamp.
 */
class JitterBufferFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void framesAreConsecutivePacketsOfOneTimestamp(FuzzedDataProvider data) {
        JitterBuffer jb = new JitterBuffer(16, 64, 50_000_000L, 10_000_000L, JitterBufferTest.VP8);
        NackGenerator nacks = new NackGenerator(1, 2, NackSettings.defaults().withCapacity(16));
        long now = 0;
        while (data.remainingBytes() > 0) {
            now += data.consumeLong(0, 100_000_000L);
            byte[] p = data.consumeBytes(data.consumeInt(0, 80));
            jb.handlePacket(now, p, 0, p.length);
            if (p.length >= 12) nacks.handlePacket(now, RtpHeader.sequenceNumber(p, 0));
            nacks.handleTimeout(now);
            nacks.pollNack();
            for (JitterBuffer.Frame f; (f = jb.pollFrame(now)) != null; ) {
                assertTrue(f.packetCount() >= 1 && f.packetCount() <= 16);
                for (int i = 0; i < f.packetCount(); i++) {
                    byte[] b = f.packet(i);
                    assertEquals((f.firstSequenceNumber() + i) & 0xFFFF, RtpHeader.sequenceNumber(b, 0));
                    assertEquals(f.rtpTimestamp(), RtpHeader.timestamp(b, 0));
                    assertTrue(f.payloadOffset(i) + f.payloadLength(i) <= f.packetLength(i));
                }
            }
            jb.pollKeyFrameRequest(now);
            assertTrue(jb.pollTimeout() > 0);
        }
    }
}
