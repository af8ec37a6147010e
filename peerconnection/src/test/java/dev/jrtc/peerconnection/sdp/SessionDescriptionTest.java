package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real browser SDP: the fixtures are an offer and an answer that this machine's Chromium 156 produced
 * (RTCPeerConnection with a data channel, an audio and a video transceiver).
 */
class SessionDescriptionTest {
    static String fixture(String name) throws Exception {
        try (InputStream in = SessionDescriptionTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void chromeOfferParsesToItsValuesAndRoundTripsExactly() throws Exception {
        String text = fixture("chrome156-offer.sdp");
        SessionDescription sdp = SessionDescription.parse(text);
        assertEquals(text, sdp.serialize());
        assertEquals(List.of(List.of("0", "1", "2")), sdp.bundleGroups());
        assertEquals(3, sdp.media().size());
        MediaDescription audio = sdp.media().get(0);
        assertEquals("audio", audio.media());
        assertEquals(9, audio.port());
        assertEquals("UDP/TLS/RTP/SAVPF", audio.proto());
        assertEquals("0", audio.mid().orElseThrow());
        assertEquals("actpass", sdp.mediaOrSession(audio, "setup").orElseThrow());
        assertTrue(sdp.mediaOrSession(audio, "fingerprint").orElseThrow().startsWith("sha-256 "));
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMaps().get(0));
        assertEquals("minptime=10;useinbandfec=1", audio.fmtp(111).orElseThrow());
        assertTrue(audio.hasAttribute("rtcp-mux"));
        assertEquals("sendrecv", audio.direction());
        MediaDescription video = sdp.media().get(1);
        assertTrue(video.rtpMaps().stream().anyMatch(m -> m.encoding().equals("VP8")));
        assertTrue(video.rtpMaps().stream().anyMatch(m -> m.encoding().equals("H264")));
        MediaDescription data = sdp.media().get(2);
        assertEquals("application", data.media());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals("5000", data.attribute("sctp-port").orElseThrow());
        assertEquals("262144", data.attribute("max-message-size").orElseThrow());
    }

    @Test
    void chromeAnswerParsesAndRoundTripsExactly() throws Exception {
        String text = fixture("chrome156-answer.sdp");
        SessionDescription sdp = SessionDescription.parse(text);
        assertEquals(text, sdp.serialize());
        assertEquals("active", sdp.mediaOrSession(sdp.media().get(0), "setup").orElseThrow());
    }

    @Test
    void bareLineFeedsAreAcceptedAndCrlfIsWritten() throws Exception {
        String lf = fixture("chrome156-offer.sdp").replace("\r\n", "\n");
        assertEquals(fixture("chrome156-offer.sdp"), SessionDescription.parse(lf).serialize());
    }

    @Test
    void malformedSdpNamesTheLine() {
        SdpParseException e = assertThrows(SdpParseException.class,
                () -> SessionDescription.parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio nine UDP/TLS/RTP/SAVPF 111\r\n"));
        assertEquals(5, e.lineNumber());
        assertTrue(e.getMessage().contains("port is not a number") && e.getMessage().contains("m=audio nine"), e.getMessage());
        assertEquals(1, assertThrows(SdpParseException.class, () -> SessionDescription.parse("o=- 1 2 IN IP4 x\r\n")).lineNumber());
        assertEquals(2, assertThrows(SdpParseException.class, () -> SessionDescription.parse("v=0\r\nnot a line\r\n")).lineNumber());
        assertThrows(SdpParseException.class, () -> SessionDescription.parse(""));
        assertThrows(SdpParseException.class, () -> SessionDescription.parse("v=0\r\nm=audio 9 RTP/AVP\r\n"));
    }

    @Test
    void rejectingASectionSetsItsPortToZero() throws Exception {
        SessionDescription sdp = SessionDescription.parse(fixture("chrome156-offer.sdp"));
        MediaDescription rejected = sdp.media().get(1).withPort(0);
        assertTrue(rejected.mLine().startsWith("video 0 UDP/TLS/RTP/SAVPF"));
    }
}
