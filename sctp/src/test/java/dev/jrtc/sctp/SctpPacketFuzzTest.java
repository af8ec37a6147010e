package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary packets (with the checksum fixed up so the chunk parsers are reached): never an exception, and what
 * parses writes back to bytes that parse equal and are stable from then on.
 */
class SctpPacketFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parseSerializeParseIsStable(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        if (b.length >= 12) {
            SctpPacketTest.withValidChecksum(b);
        }
        SctpPacket.ParseResult first = SctpPacket.parse(b, 0, b.length);
        if (!first.isOk()) {
            return;
        }
        byte[] again = first.packet().serialize();
        SctpPacket.ParseResult second = SctpPacket.parse(again, 0, again.length);
        assertTrue(second.isOk(), second.error());
        assertEquals(first.packet(), second.packet());
        assertArrayEquals(again, second.packet().serialize());
    }
}
