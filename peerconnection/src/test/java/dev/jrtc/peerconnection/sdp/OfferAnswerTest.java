package dev.jrtc.peerconnection.sdp;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.ice.Candidate;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.IceCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The offer builder writes Chrome-shaped offers; the answer builder intersects codecs and answers per RFC 3264/8829. */
class OfferAnswerTest {
    private static final IceCredentials ICE = new IceCredentials("abcd", "0123456789abcdefghijkl");
    private static final DtlsFingerprint FP;

    static {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 7);
        FP = DtlsFingerprint.ofDigest("sha-256", b);
    }

    private static SessionDescription offer() throws Exception {
        Candidate host = Candidate.parse("1 1 udp 2122260223 192.0.2.1 50000 typ host generation 0");
        return new OfferBuilder(Origin.of(42, 2), ICE, FP)
                .addTransceiver(new TransceiverDescription("0", "audio", Direction.SENDRECV, new Msid("s", "a"), "cn",
                        1111L, null), CodecCapability.chromeDefaults())
                .addTransceiver(new TransceiverDescription("1", "video", Direction.SENDRECV, new Msid("s", "v"), "cn",
                        2222L, 3333L), CodecCapability.chromeDefaults())
                .addDataChannel("2")
                .candidates(List.of(host), true)
                .build();
    }

    @Test
    void offerHasEverythingChromeNeeds() throws Exception {
        SessionDescription sd = offer();
        assertEquals(sd, SessionDescription.parse(sd.serialize()));
        assertEquals(List.of("0", "1", "2"), sd.bundle().orElseThrow().mids());
        for (MediaDescription m : sd.media()) {
            assertEquals("abcd", m.iceUfrag().orElseThrow());
            assertEquals("0123456789abcdefghijkl", m.icePwd().orElseThrow());
            assertEquals(FP, m.fingerprint().orElseThrow());
            assertEquals(DtlsSetup.ACTPASS, m.setup().orElseThrow());
            assertTrue(m.attributeValue("ice-options").orElseThrow().contains("trickle"));
        }
        assertEquals(1, sd.media().get(0).candidates().size());
        assertTrue(sd.media().get(0).endOfCandidates());

        MediaDescription audio = sd.media().get(0);
        assertTrue(audio.rtcpMux());
        assertEquals(List.of("111"), audio.formats());
        assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
        assertEquals("minptime=10;useinbandfec=1", audio.fmtp("111").orElseThrow().parameters());
        assertEquals(new Msid("s", "a"), audio.msid().orElseThrow());
        assertEquals(new Ssrc(1111L, "cname", "cn"), audio.ssrcs().get(0));

        MediaDescription video = sd.media().get(1);
        assertTrue(video.rtcpRsize());
        assertEquals(List.of("96", "97", "98", "99", "102", "103", "106", "107", "45", "46"), video.formats());
        assertEquals("profile-id=0", video.fmtp("98").orElseThrow().parameters());
        assertEquals("1", video.fmtp("106").orElseThrow().parameter("packetization-mode").orElseThrow());
        assertEquals("42e01f", video.fmtp("106").orElseThrow().parameter("profile-level-id").orElseThrow());
        assertEquals("42001f", video.fmtp("102").orElseThrow().parameter("profile-level-id").orElseThrow());
        assertEquals(new RtpMap(45, "AV1", 90000, 0), video.rtpMap(45).orElseThrow());
        assertEquals("apt=96", video.fmtp("97").orElseThrow().parameters());
        assertEquals("apt=45", video.fmtp("46").orElseThrow().parameters());
        assertEquals(new SsrcGroup("FID", List.of(2222L, 3333L)), video.ssrcGroups().get(0));
        Set<String> uris = new HashSet<>();
        for (ExtMap e : video.extMaps()) uris.add(e.uri());
        assertTrue(uris.containsAll(List.of(ExtMap.SDES_MID, ExtMap.SDES_RID, ExtMap.SDES_REPAIRED_RID,
                ExtMap.ABS_SEND_TIME, ExtMap.TRANSPORT_WIDE_CC)));
        // Every format has exactly one rtpmap.
        for (String fmt : video.formats()) assertTrue(video.rtpMap(Integer.parseInt(fmt)).isPresent(), fmt);
        assertTrue(video.rtcpFbs().contains(new RtcpFb("96", "nack", "pli")));

        MediaDescription data = sd.media().get(2);
        assertEquals("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=" + data.mediaLineValue());
        assertEquals(5000, data.sctpPort().orElseThrow());
        assertEquals(262144L, data.maxMessageSize().orElseThrow());
    }

    @Test
    void answersRealChromeOffer() throws Exception {
        SessionDescription chrome = SessionDescription.parse(Fixtures.load("chrome-offer.sdp"));
        SessionDescription answer = new AnswerBuilder(Origin.of(7, 1), ICE, FP, CodecCapability.chromeDefaults())
                .transceiver(new TransceiverDescription("0", "video", Direction.SENDRECV, new Msid("s", "v"), "cn", 5L, 6L))
                .build(chrome);
        assertEquals(answer, SessionDescription.parse(answer.serialize()));
        assertEquals(List.of("0", "1", "2"), answer.bundle().orElseThrow().mids());
        MediaDescription video = answer.media().get(0);
        assertEquals("0", video.mid().orElseThrow());
        assertEquals(DtlsSetup.ACTIVE, video.setup().orElseThrow());
        // Offer is recvonly, we want sendrecv -> sendonly.
        assertEquals(Direction.SENDONLY, video.direction().orElseThrow());
        // VP8+rtx, VP9 profile 0 + rtx, H264 42001f pm1 + rtx, H264 42e01f pm1 + rtx; not VP9 profiles 1/2, not pm0.
        assertEquals(List.of("96", "97", "98", "99", "102", "121", "125", "107"), video.formats());
        assertEquals("apt=102", video.fmtp("121").orElseThrow().parameters());
        assertEquals(new SsrcGroup("FID", List.of(5L, 6L)), video.ssrcGroups().get(0));
        assertTrue(video.rtcpMux());
        assertTrue(video.rtcpRsize());
        for (ExtMap e : video.extMaps()) assertTrue(MediaSections.VIDEO_EXTENSIONS.contains(e.uri()), e.uri());
        assertTrue(video.extMaps().contains(ExtMap.of(9, ExtMap.SDES_MID)));

        MediaDescription audio = answer.media().get(1);
        assertEquals(List.of("111"), audio.formats());
        assertEquals("1", audio.mid().orElseThrow());
        // Offer recvonly, we only want to receive -> inactive.
        assertEquals(Direction.INACTIVE, audio.direction().orElseThrow());
        assertTrue(audio.ssrcs().isEmpty());

        MediaDescription data = answer.media().get(2);
        assertEquals(9, data.port());
        assertEquals(DtlsSetup.ACTIVE, data.setup().orElseThrow());
        assertEquals(5000, data.sctpPort().orElseThrow());
    }

    @Test
    void answersRealFirefoxOfferKeepingItsPayloadTypes() throws Exception {
        SessionDescription ff = SessionDescription.parse(Fixtures.load("firefox-offer.sdp"));
        SessionDescription answer = new AnswerBuilder(Origin.of(7, 1), ICE, FP, CodecCapability.chromeDefaults()).build(ff);
        MediaDescription video = answer.media().get(0);
        // 120 VP8 + 124 rtx, 121 VP9 + 125 rtx, 126 H264 42e01f pm1 + 127 rtx; 97 (H264 pm0) is not ours.
        assertEquals(List.of("120", "124", "121", "125", "126", "127"), video.formats());
        assertEquals(new RtpMap(126, "H264", 90000, 0), video.rtpMap(126).orElseThrow());
        assertEquals(Direction.INACTIVE, video.direction().orElseThrow());
        MediaDescription audio = answer.media().get(1);
        assertEquals(List.of("109"), audio.formats());
        assertEquals(new RtpMap(109, "opus", 48000, 2), audio.rtpMap(109).orElseThrow());
        assertEquals(List.of("0", "1", "2"), answer.bundle().orElseThrow().mids());
    }

    @Test
    void rejectsUnsupportedSectionsWithPortZero() throws Exception {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a b c\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\na=rtpmap:0 PCMU/8000\r\na=setup:actpass\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:b\r\na=rtpmap:96 VP8/90000\r\na=sendonly\r\na=setup:actpass\r\n"
                + "m=text 9 RTP/AVP 98\r\na=mid:c\r\n";
        SessionDescription answer = new AnswerBuilder(Origin.of(7, 1), ICE, FP, CodecCapability.chromeDefaults())
                .acceptDataChannel(false).build(SessionDescription.parse(sdp));
        assertEquals(0, answer.media().get(0).port());
        assertEquals("a", answer.media().get(0).mid().orElseThrow());
        assertEquals(9, answer.media().get(1).port());
        assertEquals(Direction.RECVONLY, answer.media().get(1).direction().orElseThrow());
        assertEquals(0, answer.media().get(2).port());
        assertEquals("c", answer.media().get(2).mid().orElseThrow());
        assertEquals(List.of("b"), answer.bundle().orElseThrow().mids());
    }

    @Test
    void answerToOurOwnOfferRoundTrips() throws Exception {
        SessionDescription o = offer();
        SessionDescription a = new AnswerBuilder(Origin.of(9, 1), ICE, FP, CodecCapability.chromeDefaults())
                .transceiver(new TransceiverDescription("0", "audio", Direction.SENDRECV, new Msid("t", "x"), "c2", 9L, null))
                .build(o);
        assertEquals(Direction.SENDRECV, a.media().get(0).direction().orElseThrow());
        assertEquals(Direction.RECVONLY, a.media().get(1).direction().orElseThrow());
        assertEquals(o.media().get(1).formats(), a.media().get(1).formats());
        assertNotNull(a.media().get(0).msid().orElse(null));
        assertFalse(a.media().get(1).msid().isPresent());
    }

    @Test
    void misuseIsReportedClearly() {
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("ab", "0123456789abcdefghijkl"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abcd", "short"));
        assertThrows(IllegalArgumentException.class,
                () -> new TransceiverDescription("0", "audio", Direction.SENDONLY, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new OfferBuilder(Origin.of(1, 1), ICE, FP).build());
        assertThrows(IllegalArgumentException.class,
                () -> new OfferBuilder(Origin.of(1, 1), ICE, FP).addDataChannel("0").addDataChannel("0"));
    }
}
