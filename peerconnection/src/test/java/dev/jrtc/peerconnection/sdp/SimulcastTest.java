package dev.jrtc.peerconnection.sdp;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.ice.IceCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * a=simulcast (RFC 8853) and the answer to Chromium's simulcast offer: jrtc receives the layers the offer sends
 * (RFC 8853 §5.3, RFC 8851 §7), in their order, with the RtpStreamId header extensions kept (RFC 8852).
 */
class SimulcastTest {
    private static final IceCredentials ICE = new IceCredentials("abcd", "0123456789abcdefghijkl");
    private static final DtlsFingerprint FP = DtlsFingerprint.ofDigest("sha-256", new byte[32]);

    @Test
    void parsesTheExamplesOfRfc8853() throws Exception {
        Simulcast chrome = Simulcast.parse("send q;h;f");
        assertEquals(List.of("q", "h", "f"), Simulcast.rids(chrome.send()));
        assertTrue(chrome.receive().isEmpty());
        assertEquals("send q;h;f", chrome.toValue());

        // RFC 8853 §5.1: "a=simulcast:send 1;2,3 recv 4": two send streams, the second with alternatives 2 or 3.
        Simulcast both = Simulcast.parse("send 1;2,3 recv 4");
        assertEquals(2, both.send().size());
        assertEquals(List.of(new Simulcast.Stream("2", false), new Simulcast.Stream("3", false)), both.send().get(1));
        assertEquals(List.of("4"), Simulcast.rids(both.receive()));
        assertEquals("send 1;2,3 recv 4", both.toValue());

        // "~" pauses a stream (§5.1); recv may come first.
        Simulcast paused = Simulcast.parse("recv 1,~4;2;3");
        assertEquals(new Simulcast.Stream("4", true), paused.receive().get(0).get(1));
        assertEquals("recv 1,~4;2;3", paused.toValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "send", "send q h", "sideways q", "send q;;h", "send q, recv h", "send ~", "send q recv h send f",
            "send q;h recv", "send q\u00e9", "send  q"})
    void refusesWhatTheGrammarDoesNot(String value) {
        assertThrows(SdpParseException.class, () -> Simulcast.parse(value));
    }

    @Test
    void refusesOverlongValues() {
        assertThrows(SdpParseException.class, () -> Simulcast.parse("send " + "a;".repeat(600) + "b"));
    }

    @Test
    void theAnswerToChromiumsSimulcastOfferReceivesItsThreeLayers() throws Exception {
        SessionDescription offer = SessionDescription.parse(Fixtures.load("chromium-156-simulcast-offer.sdp"));
        MediaDescription video = answer(offer).media().get(0);
        assertEquals(List.of(new Rid("q", "recv", null), new Rid("h", "recv", null), new Rid("f", "recv", null)), video.rids());
        assertEquals("recv q;h;f", video.simulcast().orElseThrow());
        assertEquals(Direction.RECVONLY, video.direction().orElseThrow());
        List<String> extensions = new ArrayList<>();
        for (ExtMap e : video.extMaps()) extensions.add(e.id() + " " + e.uri());
        assertTrue(extensions.contains("9 " + ExtMap.SDES_MID), extensions.toString());
        assertTrue(extensions.contains("10 " + ExtMap.SDES_RID), extensions.toString());
        assertTrue(extensions.contains("11 " + ExtMap.SDES_REPAIRED_RID), extensions.toString());
        // Audio is not simulcast.
        assertTrue(answer(offer).media().get(1).rids().isEmpty());
        assertFalse(answer(offer).media().get(1).simulcast().isPresent());
    }

    @Test
    void withoutTheRidExtensionOrWhenNotReceivingThereIsNoSimulcast() throws Exception {
        String sdp = Fixtures.load("chromium-156-simulcast-offer.sdp");
        SessionDescription noRid = SessionDescription.parse(sdp.replace("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", ""));
        assertTrue(answer(noRid).media().get(0).rids().isEmpty(), "the layers could not be told apart");
        assertFalse(answer(noRid).media().get(0).simulcast().isPresent());

        // An offer whose rids are not all declared keeps only those that are (RFC 8853 §5.2).
        SessionDescription undeclared = SessionDescription.parse(sdp.replace("a=rid:h send\r\n", ""));
        assertEquals("recv q;f", answer(undeclared).media().get(0).simulcast().orElseThrow());
    }

    private static SessionDescription answer(SessionDescription offer) throws Exception {
        return new AnswerBuilder(Origin.of(7, 1), ICE, FP, CodecCapability.chromeDefaults()).build(offer);
    }
}
