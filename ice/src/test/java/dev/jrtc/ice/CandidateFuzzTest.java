package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the candidate-attribute parser (RFC 8839 §5.1): only IllegalArgumentException, and the attribute value
 * re-parses to an equal candidate that prints the same.
 */
class CandidateFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseToValueParse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Candidate c;
        try {
            c = Candidate.parse(text);
        } catch (IllegalArgumentException expected) {
            return;
        }
        Candidate again = Candidate.parse(c.attributeValue());
        assertEquals(c, again);
        assertEquals(c.attributeValue(), again.attributeValue());
        assertEquals(c, Candidate.parse(c.toSdp()));
    }
}
