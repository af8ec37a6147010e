package dev.jrtc.peerconnection.sdp;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.IceCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Both SDP forms of the data-channel section (RFC 8841 and the older a=sctpmap of draft-ietf-mmusic-sctp-sdp-05)
 * are read, and each is answered in its own form. Fixtures: an offer captured from aiortc 1.4 and a Firefox 52
 * description (SOURCES.md), both in the older form, and Chromium 156 and Firefox 82 offers in the RFC form.
 */
class SctpDescriptionTest {
    private static final IceCredentials ICE = new IceCredentials("abcd", "0123456789abcdefghijkl");
    private static final DtlsFingerprint FP = DtlsFingerprint.ofDigest("sha-256", new byte[32]);

    private static SessionDescription answer(SessionDescription offer) throws SdpParseException {
        return new AnswerBuilder(Origin.of(7, 2), ICE, FP, CodecCapability.chromeDefaults()).build(offer);
    }

    private static MediaDescription application(SessionDescription sd) {
        return sd.media().stream().filter(m -> m.media().equals("application")).findFirst().orElseThrow();
    }

    @Test
    void readsTheSctpmapFormOfARealAiortcOffer() throws Exception {
        SessionDescription aiortc = SessionDescription.parse(Fixtures.load("aiortc-1.4-offer.sdp"));
        MediaDescription m = application(aiortc);
        assertEquals("DTLS/SCTP", m.proto());
        assertEquals(List.of("5000"), m.formats());
        assertEquals(Optional.of(new SctpDescription(5000, 65536L, true)), SctpDescription.of(m));
    }

    @Test
    void answersAiortcInTheSctpmapFormItUnderstands() throws Exception {
        SessionDescription aiortc = SessionDescription.parse(Fixtures.load("aiortc-1.4-offer.sdp"));
        SessionDescription answer = SessionDescription.parse(answer(aiortc).serialize());
        MediaDescription m = application(answer);
        assertEquals("application 9 DTLS/SCTP 5000", m.mediaLineValue(), "accepted, the offer's proto and port format");
        assertEquals(List.of("5000 webrtc-datachannel 65535"), m.attributeValues("sctpmap"));
        assertEquals(List.of("262144"), m.attributeValues("max-message-size"));
        assertFalse(m.hasAttribute("sctp-port"), "an a=sctpmap peer does not know a=sctp-port");
        assertEquals("0", m.mid().orElseThrow());
        assertEquals(DtlsSetup.ACTIVE, m.setup().orElseThrow());
        assertEquals(List.of("0"), answer.bundle().orElseThrow().mids());
        assertEquals(Optional.of(new SctpDescription(5000, 262144L, true)), SctpDescription.of(m));
    }

    @Test
    void answersFirefox52InTheSctpmapFormWithoutAMaxMessageSizeOfItsOwn() throws Exception {
        SessionDescription ff = SessionDescription.parse(Fixtures.load("firefox-52-datachannel.sdp"));
        SctpDescription offered = SctpDescription.of(application(ff)).orElseThrow();
        assertEquals(5000, offered.port());
        assertNull(offered.maxMessageSize(), "absent: the peer takes 64 KiB (RFC 8841 §6.1)");
        assertTrue(offered.sctpmap());
        MediaDescription m = application(answer(ff));
        assertEquals("application 9 DTLS/SCTP 5000", m.mediaLineValue());
        assertEquals("sdparta_0", m.mid().orElseThrow());
        assertEquals(List.of("5000 webrtc-datachannel 65535"), m.attributeValues("sctpmap"));
        assertEquals(DtlsSetup.PASSIVE, m.setup().orElseThrow(), "an active offerer gets a passive answer");
    }

    @Test
    void stillAnswersTheRfc8841FormInKind() throws Exception {
        for (String fixture : List.of("chromium-156-offer.sdp", "firefox-offer.sdp")) {
            SessionDescription offer = SessionDescription.parse(Fixtures.load(fixture));
            SctpDescription offered = SctpDescription.of(application(offer)).orElseThrow();
            assertEquals(5000, offered.port(), fixture);
            assertFalse(offered.sctpmap(), fixture);
            assertEquals(application(offer).maxMessageSize().orElseThrow(), offered.maxMessageSize(), fixture);
            MediaDescription m = application(answer(offer));
            assertEquals("application 9 UDP/DTLS/SCTP webrtc-datachannel", m.mediaLineValue(), fixture);
            assertEquals(List.of("5000"), m.attributeValues("sctp-port"), fixture);
            assertEquals(List.of("262144"), m.attributeValues("max-message-size"), fixture);
            assertFalse(m.hasAttribute("sctpmap"), fixture);
        }
    }

    @Test
    void theOfferersSctpPortIsAnsweredInEitherForm() throws Exception {
        String aiortc = Fixtures.load("aiortc-1.4-offer.sdp")
                .replace("DTLS/SCTP 5000", "DTLS/SCTP 5001").replace("a=sctpmap:5000", "a=sctpmap:5001");
        MediaDescription legacy = application(answer(SessionDescription.parse(aiortc)));
        assertEquals("application 9 DTLS/SCTP 5001", legacy.mediaLineValue());
        assertEquals(List.of("5001 webrtc-datachannel 65535"), legacy.attributeValues("sctpmap"));

        String chromium = Fixtures.load("chromium-156-offer.sdp").replace("a=sctp-port:5000", "a=sctp-port:5001");
        MediaDescription rfc = application(answer(SessionDescription.parse(chromium)));
        assertEquals(List.of("5001"), rfc.attributeValues("sctp-port"));

        String noPort = Fixtures.load("chromium-156-offer.sdp").replace("a=sctp-port:5000\r\n", "");
        assertEquals(5000, SctpDescription.of(application(SessionDescription.parse(noPort))).orElseThrow().port(),
                "RFC 8841 §5: 5000 when a=sctp-port is absent");
    }

    @Test
    void anSctpmapForAnotherApplicationOrPortIsNoDataChannel() throws Exception {
        String base = Fixtures.load("aiortc-1.4-offer.sdp");
        for (String variant : List.of(
                base.replace("a=sctpmap:5000 webrtc-datachannel", "a=sctpmap:5000 t38"),
                base.replace("a=sctpmap:5000", "a=sctpmap:5001"),
                base.replace("a=sctpmap:5000 webrtc-datachannel 65535\r\n", ""),
                base.replace("DTLS/SCTP", "RTP/AVP"))) {
            SessionDescription offer = SessionDescription.parse(variant);
            assertEquals(Optional.empty(), SctpDescription.of(application(offer)), variant);
            assertEquals(0, application(answer(offer)).port(), "rejected: " + variant);
        }
    }

    @Test
    void malformedSctpAttributesAreParseErrors() throws Exception {
        String base = Fixtures.load("aiortc-1.4-offer.sdp");
        for (String variant : List.of(
                base.replace("a=sctpmap:5000 webrtc-datachannel 65535", "a=sctpmap:x webrtc-datachannel 65535"),
                base.replace("a=sctpmap:5000 webrtc-datachannel 65535", "a=sctpmap:70000 webrtc-datachannel"),
                base.replace("a=sctpmap:5000 webrtc-datachannel 65535", "a=sctpmap:5000"),
                base.replace("a=sctpmap:5000 webrtc-datachannel 65535", "a=sctpmap:5000 webrtc-datachannel 0"),
                base.replace("a=sctpmap:5000 webrtc-datachannel 65535", "a=sctpmap:5000  webrtc-datachannel"),
                base.replace("a=max-message-size:65536", "a=max-message-size:-1"))) {
            MediaDescription m = application(SessionDescription.parse(variant));
            assertThrows(SdpParseException.class, () -> SctpDescription.of(m), variant);
        }
        assertThrows(IllegalArgumentException.class, () -> new SctpDescription(65536, null, true));
    }
}
