package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Arbitrary text into the SDP parser: only {@link SdpParseException}, and what parses serializes back stably. */
class SessionDescriptionFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parseSerializeParseIsStable(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        SessionDescription first;
        try {
            first = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            return;
        }
        String again = first.serialize();
        try {
            assertEquals(first, SessionDescription.parse(again));
            assertEquals(again, SessionDescription.parse(again).serialize());
        } catch (SdpParseException e) {
            throw new AssertionError("our own output did not parse: " + e.getMessage(), e);
        }
    }
}
