package dev.jrtc.peerconnection.sdp;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.IceCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixtures captured from headless Chromium 156 on this machine (see SOURCES.md): Chromium's own offer, and
 * Chromium's answer to an offer built by {@link OfferBuilder} (Chromium accepted it and answered every codec).
 */
class Chromium156InteropTest {
    private static final IceCredentials ICE = new IceCredentials("abcd", "0123456789abcdefghijkl");
    private static final DtlsFingerprint FP = DtlsFingerprint.ofDigest("sha-256", new byte[32]);

    @Test
    void chromiumFixturesRoundTripExactly() throws Exception {
        for (String name : List.of("chromium-156-offer.sdp", "chromium-answer-to-jrtc-offer.sdp", "chromium-156-answer-av-data.sdp")) {
            String text = Fixtures.load(name);
            assertEquals(text, SessionDescription.parse(text).serialize(), name);
        }
    }

    @Test
    void chromiumAnsweredEveryCodecWeOffered() throws Exception {
        SessionDescription a = SessionDescription.parse(Fixtures.load("chromium-answer-to-jrtc-offer.sdp"));
        assertEquals(List.of("0", "1", "2"), a.bundle().orElseThrow().mids());
        assertEquals(List.of("111"), a.media().get(0).formats());
        assertEquals(List.of("96", "97", "98", "99", "102", "103", "106", "107", "45", "46"), a.media().get(1).formats());
        for (MediaDescription m : a.media()) assertEquals(DtlsSetup.ACTIVE, m.setup().orElseThrow());
        assertEquals(Direction.RECVONLY, a.media().get(1).direction().orElseThrow());
    }

    @Test
    void answersChromium156OfferWithOneAv1ProfileAndPacketizationModeOneH264() throws Exception {
        SessionDescription offer = SessionDescription.parse(Fixtures.load("chromium-156-offer.sdp"));
        SessionDescription answer = new AnswerBuilder(Origin.of(7, 1), ICE, FP, CodecCapability.chromeDefaults())
                .build(offer);
        MediaDescription video = answer.media().get(1);
        for (String fmt : video.formats()) {
            RtpMap r = video.rtpMap(Integer.parseInt(fmt)).orElseThrow();
            if (r.encodingName().equals("AV1")) assertEquals("0", video.fmtp(fmt).orElseThrow().parameter("profile").orElse("0"));
            if (r.encodingName().equals("H264")) {
                assertEquals("1", video.fmtp(fmt).orElseThrow().parameter("packetization-mode").orElseThrow());
            }
        }
        assertTrue(video.formats().contains("45"));
        assertTrue(!video.formats().contains("47"));
        assertEquals(5000, answer.media().get(2).sctpPort().orElseThrow());
    }
}
