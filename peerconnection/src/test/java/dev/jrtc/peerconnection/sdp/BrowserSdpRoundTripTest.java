package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.CandidateType;
import dev.jrtc.dtls.DtlsSetup;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Real Chrome and Firefox SDP parses to the right typed values and serializes back byte-for-byte. */
class BrowserSdpRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"chrome-offer.sdp", "chrome-answer.sdp", "firefox-offer.sdp"})
    void roundTripsByteForByte(String name) throws Exception {
        String text = Fixtures.load(name);
        assertTrue(text.contains("\r\n"));
        assertEquals(text, SessionDescription.parse(text).serialize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chrome-offer.sdp", "chrome-answer.sdp", "firefox-offer.sdp"})
    void acceptsLfOnlyInputAndNormalizesToCrlf(String name) throws Exception {
        String crlf = Fixtures.load(name);
        SessionDescription fromLf = SessionDescription.parse(crlf.replace("\r\n", "\n"));
        assertEquals(SessionDescription.parse(crlf), fromLf);
        assertEquals(crlf, fromLf.serialize());
    }

    @Test
    void chromeOfferTypedValues() throws Exception {
        SessionDescription sd = SessionDescription.parse(Fixtures.load("chrome-offer.sdp"));
        assertEquals("4846147289032659091", sd.origin().sessionId());
        assertEquals("2", sd.origin().sessionVersion());
        assertEquals(List.of("0", "1", "2"), sd.bundle().orElseThrow().mids());
        assertEquals(3, sd.media().size());

        MediaDescription video = sd.media().get(0);
        assertEquals("video", video.media());
        assertEquals(9, video.port());
        assertEquals("UDP/TLS/RTP/SAVPF", video.proto());
        assertEquals(18, video.formats().size());
        assertEquals("0", video.mid().orElseThrow());
        assertEquals(Direction.RECVONLY, video.direction().orElseThrow());
        assertTrue(video.rtcpMux());
        assertTrue(video.rtcpRsize());
        assertEquals("XvdX", video.iceUfrag().orElseThrow());
        assertEquals("VbwqLiodQFWAt3YVdyK/HG04", video.icePwd().orElseThrow());
        assertEquals(DtlsSetup.ACTPASS, video.setup().orElseThrow());
        DtlsFingerprint fp = video.fingerprint().orElseThrow();
        assertEquals("sha-256", fp.hashFunction());
        assertEquals(32, fp.value().length);
        assertEquals((byte) 0xF0, fp.value()[0]);
        assertEquals((byte) 0x44, fp.value()[31]);
        assertEquals(new RtpMap(96, "VP8", 90000, 0), video.rtpMap(96).orElseThrow());
        assertEquals("apt=96", video.fmtp("97").orElseThrow().parameters());
        Fmtp h264 = video.fmtp("125").orElseThrow();
        assertEquals("42e01f", h264.parameter("profile-level-id").orElseThrow());
        assertEquals("1", h264.parameter("packetization-mode").orElseThrow());
        assertEquals("0", video.fmtp("98").orElseThrow().parameter("profile-id").orElseThrow());
        assertTrue(video.rtcpFbs().contains(new RtcpFb("96", "nack", "pli")));
        assertTrue(video.rtcpFbs().contains(new RtcpFb("96", "transport-cc", null)));
        List<ExtMap> ext = video.extMaps();
        assertEquals(11, ext.size());
        assertEquals(ExtMap.of(9, ExtMap.SDES_MID), ext.get(8));
        assertEquals(ExtMap.of(4, ExtMap.TRANSPORT_WIDE_CC), ext.get(3));

        MediaDescription audio = sd.media().get(1);
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
        assertEquals("minptime=10;useinbandfec=1", audio.fmtp("111").orElseThrow().parameters());

        MediaDescription data = sd.media().get(2);
        assertEquals("application", data.media());
        assertEquals("UDP/DTLS/SCTP", data.proto());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertEquals(5000, data.sctpPort().orElseThrow());
        assertEquals(262144L, data.maxMessageSize().orElseThrow());
        assertTrue(data.direction().isEmpty());
    }

    @Test
    void chromeAnswerTypedValues() throws Exception {
        SessionDescription sd = SessionDescription.parse(Fixtures.load("chrome-answer.sdp"));
        MediaDescription data = sd.media().get(0);
        assertEquals(DtlsSetup.ACTIVE, data.setup().orElseThrow());
        assertTrue(sd.hasAttribute("extmap-allow-mixed"));
        Candidate c = data.candidates().get(0);
        assertEquals("4151477631", c.foundation());
        assertEquals(1, c.component());
        assertEquals("udp", c.transport());
        assertEquals(2113937151L, c.priority());
        assertEquals("f48832f3-5606-47f1-8cd3-af7c3563c5bf.local", c.address().getHostString());
        assertTrue(c.isMdns());
        assertEquals(52617, c.address().getPort());
        assertEquals(CandidateType.HOST, c.type());
        assertNull(c.related());
        assertEquals("999", c.extension("network-cost"));
        assertEquals("0", c.extension("generation"));
    }

    @Test
    void firefoxOfferTypedValues() throws Exception {
        SessionDescription sd = SessionDescription.parse(Fixtures.load("firefox-offer.sdp"));
        assertEquals("mozilla...THIS_IS_SDPARTA-82.0", sd.origin().username());
        assertEquals(List.of("trickle"), sd.iceOptions());
        assertEquals(32, sd.fingerprint().orElseThrow().value().length);
        assertFalse(sd.iceLite());
        MediaDescription video = sd.media().get(0);
        ExtMap playout = video.extMaps().get(3);
        assertEquals(6, playout.id());
        assertEquals(Direction.RECVONLY, playout.direction());
        assertEquals("6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", playout.toValue());
        Ssrc ssrc = video.ssrcs().get(0);
        assertEquals(3469574630L, ssrc.ssrc());
        assertEquals("cname", ssrc.attribute());
        assertEquals("{080eadab-2d5f-4ba3-abc2-0ccc305a028d}", ssrc.value());
        MediaDescription audio = sd.media().get(1);
        assertEquals(new RtpMap(9, "G722", 8000, 1), audio.rtpMap(9).orElseThrow());
        assertEquals("1", audio.fmtp("109").orElseThrow().parameter("stereo").orElseThrow());
        MediaDescription data = sd.media().get(2);
        assertEquals(Direction.SENDRECV, data.direction().orElseThrow());
        assertEquals(1073741823L, data.maxMessageSize().orElseThrow());
    }
}
