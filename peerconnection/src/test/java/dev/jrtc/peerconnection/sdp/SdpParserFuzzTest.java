package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the SDP parser: arbitrary text either parses or throws SdpParseException (never an unchecked exception),
 * and whatever parses is a fixed point: parse(serialize(parse(x))) equals parse(x) and serialize is stable.
 * Seeds: the real browser fixtures plus edge cases under SdpParserFuzzTestInputs/parseSerializeParse.
 */
class SdpParserFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parseSerializeParse(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        SessionDescription first;
        try {
            first = SessionDescription.parse(text);
        } catch (SdpParseException expected) {
            return;
        }
        String serialized = first.serialize();
        SessionDescription second;
        try {
            second = SessionDescription.parse(serialized);
        } catch (SdpParseException e) {
            throw new AssertionError("serialized output does not parse: " + e.getMessage(), e);
        }
        assertEquals(first, second);
        assertEquals(serialized, second.serialize());
        // The typed views must also never throw anything but SdpParseException.
        for (MediaDescription m : first.media()) {
            try {
                m.rtpMaps(); m.fmtps(); m.rtcpFbs(); m.extMaps(); m.ssrcs(); m.ssrcGroups(); m.rids();
                m.candidates(); m.setup(); m.fingerprint(); m.msid(); m.sctpPort(); m.maxMessageSize();
                SctpDescription.of(m);
                m.direction();
            } catch (SdpParseException ignored) {
                // malformed attribute values are reported, not crashed on
            }
        }
        try {
            first.groups();
            first.fingerprint();
            first.iceOptions();
        } catch (SdpParseException ignored) {
            // as above
        }
    }
}
