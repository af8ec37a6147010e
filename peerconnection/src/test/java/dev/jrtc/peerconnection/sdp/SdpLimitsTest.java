package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A remote description cannot make the parser build unbounded state: total length, line length and the number of
 * media sections are capped, each refusal naming its limit; real browser descriptions are far inside all three.
 */
class SdpLimitsTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private static String sections(int n) {
        StringBuilder sb = new StringBuilder(HEAD);
        for (int i = 0; i < n; i++) sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:").append(i).append("\r\n");
        return sb.toString();
    }

    @Test
    void mediaSectionsUpToTheLimitParseAndOneMoreIsRefused() throws Exception {
        assertEquals(SessionDescription.MAX_MEDIA_SECTIONS,
                SessionDescription.parse(sections(SessionDescription.MAX_MEDIA_SECTIONS)).media().size());
        SdpParseException e = assertThrows(SdpParseException.class,
                () -> SessionDescription.parse(sections(SessionDescription.MAX_MEDIA_SECTIONS + 1)));
        assertTrue(e.getMessage().contains("MAX_MEDIA_SECTIONS") && e.getMessage().contains("256"), e.getMessage());
    }

    @Test
    void aLineOverTheLimitIsRefusedWithItsNumber() throws Exception {
        String ok = HEAD + "a=x:" + "y".repeat(SessionDescription.MAX_LINE_LENGTH - 4) + "\r\n";
        SessionDescription.parse(ok);
        String tooLong = HEAD + "a=x:" + "y".repeat(SessionDescription.MAX_LINE_LENGTH - 3) + "\r\n";
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(tooLong));
        assertEquals(5, e.lineNumber());
        assertTrue(e.getMessage().contains("MAX_LINE_LENGTH"), e.getMessage());
    }

    @Test
    void aDescriptionOverTheTotalLimitIsRefusedBeforeItIsSplit() {
        StringBuilder sb = new StringBuilder(HEAD);
        while (sb.length() <= SessionDescription.MAX_LENGTH) sb.append("a=filler:0123456789abcdef\r\n");
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(sb.toString()));
        assertTrue(e.getMessage().contains("MAX_LENGTH") && e.getMessage().contains("262144"), e.getMessage());
    }

    @Test
    void browserDescriptionsAreFarInsideTheLimits() throws Exception {
        for (String name : new String[] {"chromium-156-offer.sdp", "chrome-offer.sdp", "firefox-offer.sdp"}) {
            String sdp;
            try (InputStream in = SdpLimitsTest.class.getResourceAsStream(name)) {
                sdp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(sdp.length() * 20 < SessionDescription.MAX_LENGTH, name);
            for (String line : sdp.split("\r\n")) assertTrue(line.length() * 20 < SessionDescription.MAX_LINE_LENGTH, line);
            assertEquals(3, SessionDescription.parse(sdp).media().size(), name);
        }
    }
}
