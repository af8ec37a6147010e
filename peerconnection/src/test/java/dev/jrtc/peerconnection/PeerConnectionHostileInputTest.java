package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.ice.RemoteAddressFilter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a remote peer controls through signaling, seen at the facade: an offer without a usable candidate ends in
 * failed when the checking timeout expires (W3C iceConnectionState and connectionState), a trickle flood is capped
 * and counted in getStats, an oversize description is an OperationError naming its limit, and an expired
 * certificate is an InvalidAccessError (W3C webrtc §4.4.1.1).
 */
class PeerConnectionHostileInputTest {
    private static final Duration CHECKING = Duration.ofSeconds(2);
    private static PeerConnectionFactory factory;
    private static RtcConfiguration config;

    @BeforeAll
    static void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1)
                .withIceTimeouts(Duration.ofSeconds(8), Duration.ofSeconds(30), CHECKING));
        config = RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256());
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    /** A real offer from another connection, with its candidates removed and {@code extra} lines in its m-section. */
    private static String offerWithoutCandidates(String extra) {
        try (PeerConnection offerer = factory.createPeerConnection(config)) {
            offerer.createDataChannel("x");
            String sdp = offerer.setLocalDescription().join().sdp();
            StringBuilder out = new StringBuilder();
            for (String line : sdp.split("\r\n")) {
                if (line.startsWith("a=candidate:") || line.startsWith("a=end-of-candidates")) continue;
                out.append(line).append("\r\n");
            }
            return out.append(extra).toString();
        }
    }

    @Test
    void anOfferWithoutUsableCandidatesEndsInFailedAfterTheCheckingTimeout() throws Exception {
        String[] variants = {
            "", // no candidates, more may trickle
            "a=end-of-candidates\r\n", // no candidates, and none will come
            "a=candidate:1 1 udp 2130706431 169.254.169.254 80 typ host\r\n", // only one the filter refuses
        };
        for (String extra : variants) {
            try (PeerConnection pc = factory.createPeerConnection(config)) {
                pc.setRemoteDescription(RtcSessionDescription.offer(offerWithoutCandidates(extra))).get(5, TimeUnit.SECONDS);
                pc.setLocalDescription().get(5, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + CHECKING.toNanos() + TimeUnit.SECONDS.toNanos(15);
                while (pc.connectionState() != RtcPeerConnectionState.FAILED && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(RtcIceConnectionState.FAILED, pc.iceConnectionState(), "variant '" + extra.trim() + "'");
                assertEquals(RtcPeerConnectionState.FAILED, pc.connectionState(), "variant '" + extra.trim() + "'");
                if (extra.contains("169.254")) {
                    assertEquals(1L, transportStat(pc, "jrtcRemoteCandidatesFiltered"));
                }
            }
        }
    }

    @Test
    void aTrickleFloodIsCappedAndCountedInGetStats() throws Exception {
        try (PeerConnection pc = factory.createPeerConnection(config)) {
            pc.setRemoteDescription(RtcSessionDescription.offer(offerWithoutCandidates(""))).get(5, TimeUnit.SECONDS);
            int sent = 1_000;
            for (int i = 0; i < sent; i++) {
                // Loopback ports below the ephemeral range: the few checks that go out reach nothing of anyone's.
                pc.addIceCandidate(new RtcIceCandidate("candidate:" + i + " 1 udp " + (2_000_000 + i) + " 127.0.0.1 "
                        + (20_000 + i) + " typ host", "0", 0, null)).get(5, TimeUnit.SECONDS);
            }
            assertEquals((long) sent - 100, transportStat(pc, "jrtcIceCandidatesDropped"));
            assertTrue(pc.getStats().get(5, TimeUnit.SECONDS).ofType("candidate-pair").size() <= 100);
            assertEquals(0L, transportStat(pc, "jrtcIcePairsPruned"), "one base: 100 candidates make 100 pairs");
            assertEquals(0L, transportStat(pc, "jrtcSrtpKeyExhausted"));
            assertEquals(0L, transportStat(pc, "jrtcSinglePortForgedRequests"));
        }
    }

    @Test
    void anOversizeDescriptionIsAnOperationErrorNamingTheLimit() {
        StringBuilder many = new StringBuilder("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < 257; i++) many.append("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:").append(i).append("\r\n");
        try (PeerConnection pc = factory.createPeerConnection(config)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> pc.setRemoteDescription(RtcSessionDescription.offer(many.toString())).join());
            RtcException r = (RtcException) e.getCause();
            assertEquals("OperationError", r.errorName());
            assertTrue(r.getMessage().contains("MAX_MEDIA_SECTIONS"), r.getMessage());
        }
    }

    @Test
    void anExpiredCertificateIsAnInvalidAccessError() throws Exception {
        Instant now = Instant.now();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Name name = new X500Name("CN=expired");
        DtlsCertificate expired = DtlsCertificate.of(keys, new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.TEN, Date.from(now.minus(Duration.ofDays(40))),
                        Date.from(now.minus(Duration.ofDays(10))), name, keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))));
        RtcException e = assertThrows(RtcException.class, () -> RtcConfiguration.defaults().withCertificate(expired));
        assertEquals("InvalidAccessError", e.errorName());
        assertTrue(e.getMessage().contains("expired at " + expired.expires()), e.getMessage());
    }

    @Test
    void theDefaultRemoteFilterDeniesLinkLocalAndMetadataAddresses() {
        assertSame(RemoteAddressFilter.DEFAULT, RtcSettings.defaults().remoteAddressFilter());
    }

    private static long transportStat(PeerConnection pc, String name) throws Exception {
        return ((Number) pc.getStats().get(5, TimeUnit.SECONDS).get("T01").get(name)).longValue();
    }
}
