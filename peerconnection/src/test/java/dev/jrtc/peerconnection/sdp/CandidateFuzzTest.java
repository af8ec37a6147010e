package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Fuzzes the candidate-line parser (RFC 8839 §5.1): only SdpParseException, and toValue() re-parses to an equal value. */
class CandidateFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseToValueParse(byte[] data) throws SdpParseException {
        String text = new String(data, StandardCharsets.UTF_8);
        Candidate c;
        try {
            c = Candidate.parse(text);
        } catch (SdpParseException expected) {
            return;
        }
        Candidate again = Candidate.parse(c.toValue());
        assertEquals(c, again);
        assertEquals(c.toValue(), again.toValue());
    }
}
