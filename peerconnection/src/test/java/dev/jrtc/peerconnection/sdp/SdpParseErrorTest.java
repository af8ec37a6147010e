package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import org.junit.jupiter.api.Test;

/** Malformed SDP is rejected with SdpParseException naming the line number and the line. */
class SdpParseErrorTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    private static SdpParseException reject(String sdp) {
        return assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
    }

    @Test
    void emptyInput() {
        reject("");
    }

    @Test
    void wrongVersion() {
        SdpParseException e = reject("v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n");
        assertEquals(1, e.lineNumber());
        assertEquals("v=1", e.line());
    }

    @Test
    void originWithTooFewFields() {
        SdpParseException e = reject("v=0\r\no=- 1 2 IN IP4\r\ns=-\r\n");
        assertEquals(2, e.lineNumber());
        assertTrue(e.getMessage().contains("o= needs 6"), e.getMessage());
    }

    @Test
    void lineWithoutEquals() {
        SdpParseException e = reject(HEAD + "garbage\r\n");
        assertEquals(5, e.lineNumber());
        assertEquals("garbage", e.line());
        assertTrue(e.getMessage().contains("line 5"));
    }

    @Test
    void blankLineInTheMiddle() {
        assertEquals(5, reject(HEAD + "\r\na=x\r\n").lineNumber());
    }

    @Test
    void mediaLineWithBadPort() {
        SdpParseException e = reject(HEAD + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n");
        assertEquals(5, e.lineNumber());
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }

    @Test
    void mediaLineWithoutFormats() {
        assertEquals(5, reject(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n").lineNumber());
    }

    @Test
    void duplicateVersionLine() {
        assertEquals(5, reject(HEAD + "v=0\r\n").lineNumber());
    }

    @Test
    void controlCharacter() {
        assertEquals(5, reject(HEAD + "a=x\u0000y\r\n").lineNumber());
    }

    @Test
    void typedValuesRejectGarbage() {
        assertThrows(SdpParseException.class, () -> RtpMap.parse("abc opus/48000"));
        assertThrows(SdpParseException.class, () -> RtpMap.parse("111 opus"));
        assertThrows(SdpParseException.class, () -> RtpMap.parse("128 opus/48000"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256 ZZ:00"));
        assertThrows(IllegalArgumentException.class, () -> DtlsFingerprint.parse("sha-256"));
        assertThrows(IllegalArgumentException.class, () -> DtlsSetup.parse("both"));
        assertThrows(SdpParseException.class, () -> ExtMap.parse("0 urn:x"));
        assertThrows(SdpParseException.class, () -> ExtMap.parse("1/sideways urn:x"));
        assertThrows(SdpParseException.class, () -> Ssrc.parse("4294967296 cname:x"));
        assertThrows(SdpParseException.class, () -> SsrcGroup.parse("FID"));
        assertThrows(SdpParseException.class, () -> Msid.parse(""));
        assertThrows(SdpParseException.class, () -> Rid.parse("q sideways"));
        assertThrows(SdpParseException.class, () -> Group.parse(""));
    }

    @Test
    void malformedSetupAndFingerprintAreSdpParseErrorsOfTheirSection() throws Exception {
        SessionDescription sd = SessionDescription.parse(HEAD + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                + "a=setup:both\r\na=fingerprint:sha-256 ZZ:00\r\n");
        MediaDescription m = sd.media().get(0);
        assertThrows(SdpParseException.class, m::setup);
        assertThrows(SdpParseException.class, m::fingerprint);
        String tooLong = "sha-512 " + "AB:".repeat(64) + "AB";
        assertThrows(SdpParseException.class, () -> SessionDescription.parse(HEAD + "a=fingerprint:" + tooLong + "\r\n").fingerprint());
    }

    @Test
    void unknownFingerprintHashFunctionStillParsesButCannotAuthenticate() throws Exception {
        // RFC 8122 §5: hash-func may be any token; the SDP stays lossless, the DTLS layer refuses to use it.
        SessionDescription sd = SessionDescription.parse(HEAD + "a=fingerprint:MD5 ab:cd\r\na=setup:ACTIVE\r\n");
        DtlsFingerprint fp = sd.fingerprint().orElseThrow();
        assertEquals("md5 AB:CD", fp.sdpValue());
        assertEquals(false, fp.isSupported());
        assertEquals(DtlsSetup.ACTIVE, sd.setup().orElseThrow(), "setup values compare case-insensitively");
    }

    @Test
    void typedValuesRoundTrip() throws Exception {
        for (String v : new String[] {"111 opus/48000/2", "96 VP8/90000"}) assertEquals(v, RtpMap.parse(v).toValue());
        for (String v : new String[] {"1 urn:ietf:params:rtp-hdrext:sdes:mid", "2/sendonly urn:x attr1 attr2"}) {
            assertEquals(v, ExtMap.parse(v).toValue());
        }
        assertEquals("attr1 attr2", ExtMap.parse("2/sendonly urn:x attr1 attr2").extensionAttributes());
        assertEquals("FID 1 2", SsrcGroup.parse("FID 1 2").toValue());
        assertEquals("SIM 1 2 3", SsrcGroup.parse("SIM 1 2 3").toValue());
        assertEquals("5 msid:s t", Ssrc.parse("5 msid:s t").toValue());
        assertEquals("s t", Ssrc.parse("5 msid:s t").value());
        assertEquals("q send pt=96;max-width=320", Rid.parse("q send pt=96;max-width=320").toValue());
        assertEquals("96 nack pli", RtcpFb.parse("96 nack pli").toValue());
        assertEquals("- track", Msid.parse("- track").toValue());
        assertEquals("BUNDLE 0 1", Group.parse("BUNDLE 0 1").toValue());
        assertEquals("sha-256 AB:CD", DtlsFingerprint.parse("SHA-256 ab:cd").sdpValue());
    }

    @Test
    void iceLiteAndEndOfCandidatesAreVisible() throws Exception {
        SessionDescription sd = SessionDescription.parse(HEAD + "a=ice-lite\r\na=ice-options:trickle ice2\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=end-of-candidates\r\n");
        assertTrue(sd.iceLite());
        assertEquals(java.util.List.of("trickle", "ice2"), sd.iceOptions());
        assertTrue(sd.media().get(0).endOfCandidates());
    }

    @Test
    void builtValuesCannotInjectLines() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Field.of(Attribute.of("mid", "0\r\na=ice-lite")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SessionDescription(Origin.of(1, 1), "x\ny", java.util.List.of(), java.util.List.of()));
    }
}
