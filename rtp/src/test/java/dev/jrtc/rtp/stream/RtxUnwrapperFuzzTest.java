package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;

/**
 * Arbitrary bytes as RTX packets (RFC 4588 §4) through {@link RtxUnwrapper} and then the NACK generator: never an
 * exception; what unwraps is a well-formed RTP packet of the original stream two bytes shorter than its payload.
 */
class RtxUnwrapperFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void unwrapNeverThrowsAndGivesRtp(FuzzedDataProvider data) {
        int offset = data.consumeInt(0, 8);
        byte[] b = data.consumeRemainingAsBytes();
        byte[] buf = new byte[offset + b.length];
        System.arraycopy(b, 0, buf, offset, b.length);
        RtxUnwrapper u = new RtxUnwrapper();
        long rtxSsrc = b.length >= 12 ? ((b[8] & 0xFFL) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF) : 1;
        u.addStream(rtxSsrc, 0x01020304L);
        u.addPayloadType(b.length >= 2 ? b[1] & 0x7F : 97, 96);
        int n = u.unwrap(buf, offset, b.length);
        if (n < 0) {
            assertEquals(1, u.padding() + u.invalid());
            return;
        }
        RtpPacket p = new RtpPacket();
        RtpParseStatus status = p.wrap(buf, offset, n);
        // The header was well formed before (headerLength checked it), so it still is; RFC 8285 elements are not.
        assertTrue(status == RtpParseStatus.OK || status == RtpParseStatus.BAD_EXTENSION, status.toString());
        assertEquals(0x01020304L, p.ssrc());
        assertEquals(96, p.payloadType());
        NackGenerator g = new NackGenerator(1, 2, NackSettings.defaults());
        g.handlePacket(0, p.sequenceNumber());
        g.handlePacket(0, p.sequenceNumber() + 100);
        g.handleTimeout(0);
        assertEquals(99, g.pollNack().lostSequenceNumbers().size());
    }
}
