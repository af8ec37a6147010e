package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Fuzzes the a=simulcast parser (RFC 8853 §5.1): only SdpParseException, and toValue() re-parses to an equal value. */
class SimulcastFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseToValueParse(byte[] data) throws SdpParseException {
        String text = new String(data, StandardCharsets.UTF_8);
        Simulcast s;
        try {
            s = Simulcast.parse(text);
        } catch (SdpParseException expected) {
            return;
        }
        Simulcast again = Simulcast.parse(s.toValue());
        assertEquals(s, again);
        assertEquals(s.toValue(), again.toValue());
    }
}
