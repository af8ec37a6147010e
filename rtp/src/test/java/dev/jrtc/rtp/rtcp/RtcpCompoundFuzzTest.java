package dev.jrtc.rtp.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary bytes into {@link RtcpCompound#parse}: never an exception, and what parses writes and parses back equal. */
class RtcpCompoundFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parseSerializeParseIsStable(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        RtcpParseResult first = RtcpCompound.parse(b, 0, b.length);
        if (!first.isOk()) {
            return;
        }
        byte[] again = RtcpCompound.serialize(first.packets());
        RtcpParseResult second = RtcpCompound.parse(again, 0, again.length);
        assertTrue(second.isOk(), second.error());
        assertEquals(first.packets(), second.packets());
    }
}
