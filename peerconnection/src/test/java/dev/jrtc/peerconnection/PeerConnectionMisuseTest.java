package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API misuse gets the W3C error name (W3C webrtc §4.4.1.5, §6.2) and a message naming what was wrong, and leaves
 * the connection usable.
 */
class PeerConnectionMisuseTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generateEcdsaP256();
    private static PeerConnectionFactory factory;

    @BeforeAll
    static void start() {
        factory = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    private static PeerConnection pc() {
        return factory.createPeerConnection(RtcConfiguration.defaults().withCertificate(CERT));
    }

    private static RtcException failure(CompletableFuture<?> f) {
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertTrue(e.getCause() instanceof RtcException, "cause: " + e.getCause());
        return (RtcException) e.getCause();
    }

    @Test
    void createAnswerWithoutARemoteOfferIsInvalidState() {
        try (PeerConnection pc = pc()) {
            RtcException e = failure(pc.createAnswer());
            assertEquals("InvalidStateError", e.errorName());
            assertTrue(e.getMessage().contains("stable"), e.getMessage());
        }
    }

    @Test
    void offerWithNothingToNegotiateIsAnOperationError() {
        try (PeerConnection pc = pc()) {
            assertEquals("OperationError", failure(pc.createOffer()).errorName());
        }
    }

    @Test
    void addIceCandidateBeforeTheRemoteDescriptionIsInvalidState() {
        try (PeerConnection pc = pc()) {
            RtcIceCandidate c = new RtcIceCandidate("candidate:1 1 udp 2122317823 127.0.0.1 5000 typ host", "0", 0, null);
            assertEquals("InvalidStateError", failure(pc.addIceCandidate(c)).errorName());
        }
    }

    @Test
    void mungedLocalOfferIsInvalidModification() {
        try (PeerConnection pc = pc()) {
            pc.createDataChannel("x");
            RtcSessionDescription offer = pc.createOffer().join();
            String munged = offer.sdp().replace("a=max-message-size:262144", "a=max-message-size:1024");
            RtcException e = failure(pc.setLocalDescription(RtcSessionDescription.offer(munged)));
            assertEquals("InvalidModificationError", e.errorName());
            pc.setLocalDescription(offer).join(); // the connection is still usable
            assertEquals(SignalingState.HAVE_LOCAL_OFFER, pc.signalingState());
        }
    }

    @Test
    void malformedRemoteSdpIsAnOperationErrorNamingTheLine() {
        try (PeerConnection pc = pc()) {
            RtcException e = failure(pc.setRemoteDescription(RtcSessionDescription.offer("v=0\r\no=broken\r\n")));
            assertEquals("OperationError", e.errorName());
            assertTrue(e.getMessage().contains("o="), e.getMessage());
            assertEquals(SignalingState.STABLE, pc.signalingState());
        }
    }

    @Test
    void remoteOfferWithoutFingerprintIsInvalidAccess() {
        try (PeerConnection offerer = pc(); PeerConnection pc = pc()) {
            offerer.createDataChannel("x");
            String sdp = offerer.createOffer().join().sdp().replaceAll("a=fingerprint:[^\r\n]*\r\n", "");
            RtcException e = failure(pc.setRemoteDescription(RtcSessionDescription.offer(sdp)));
            assertEquals("InvalidAccessError", e.errorName());
            assertTrue(e.getMessage().contains("fingerprint"), e.getMessage());
        }
    }

    @Test
    void aBrokenRemoteOfferDoesNotRollBackTheLocalOne() {
        try (PeerConnection pc = pc()) {
            pc.createDataChannel("x");
            pc.setLocalDescription().join();
            RtcException e = failure(pc.setRemoteDescription(RtcSessionDescription.offer("v=0\r\nbroken\r\n")));
            assertEquals("OperationError", e.errorName());
            assertEquals(SignalingState.HAVE_LOCAL_OFFER, pc.signalingState(), "the glare rollback waits for a valid offer");
        }
    }

    @Test
    void answerInStableIsInvalidState() {
        try (PeerConnection offerer = pc(); PeerConnection pc = pc()) {
            offerer.createDataChannel("x");
            String sdp = offerer.createOffer().join().sdp();
            RtcException e = failure(pc.setRemoteDescription(new RtcSessionDescription(SdpType.ANSWER, sdp)));
            assertEquals("InvalidStateError", e.errorName());
        }
    }

    @Test
    void rollbackInStableIsInvalidState() {
        try (PeerConnection pc = pc()) {
            assertEquals("InvalidStateError", failure(pc.setLocalDescription(RtcSessionDescription.rollback())).errorName());
        }
    }

    @Test
    void rollbackOfALocalOfferReturnsToStable() {
        try (PeerConnection pc = pc()) {
            pc.createDataChannel("x");
            pc.setLocalDescription().join();
            assertEquals(SignalingState.HAVE_LOCAL_OFFER, pc.signalingState());
            pc.setLocalDescription(RtcSessionDescription.rollback()).join();
            assertEquals(SignalingState.STABLE, pc.signalingState());
        }
    }

    @Test
    void sendOnAChannelThatIsNotOpenIsInvalidState() {
        try (PeerConnection pc = pc()) {
            RtcDataChannel ch = pc.createDataChannel("x");
            RtcException e = assertThrows(RtcException.class, () -> ch.send("too early"));
            assertEquals("InvalidStateError", e.errorName());
            assertTrue(e.getMessage().contains("CONNECTING"), e.getMessage());
        }
    }

    @Test
    void duplicateNegotiatedIdIsAnOperationError() {
        try (PeerConnection pc = pc()) {
            pc.createDataChannel(DataChannelInit.reliable("a").negotiatedWithId(3));
            RtcException e = assertThrows(RtcException.class,
                    () -> pc.createDataChannel(DataChannelInit.reliable("b").negotiatedWithId(3)));
            assertEquals("OperationError", e.errorName());
        }
    }

    @Test
    void everythingAfterCloseIsInvalidState() throws Exception {
        PeerConnection pc = pc();
        pc.close();
        assertEquals(SignalingState.CLOSED, pc.signalingState());
        assertEquals(RtcPeerConnectionState.CLOSED, pc.connectionState());
        assertEquals("InvalidStateError", failure(pc.createOffer()).errorName());
        assertEquals("InvalidStateError", assertThrows(RtcException.class, () -> pc.createDataChannel("x")).errorName());
        assertEquals("InvalidStateError",
                assertThrows(RtcException.class, () -> pc.addTrack(MediaStreamTrack.audio("a"))).errorName());
        pc.close(); // idempotent
    }

    @Test
    void writingToARemoteTrackIsRejected() {
        MediaStreamTrack remote = MediaStreamTrack.remote("audio", "r");
        assertThrows(IllegalStateException.class, () -> remote.writeRtp(new byte[12], 0, 12));
        MediaStreamTrack local = MediaStreamTrack.audio("l");
        assertThrows(IllegalArgumentException.class, () -> local.writeRtp(new byte[12], 0, 12), "version 0 is not RTP");
        assertThrows(IllegalArgumentException.class, () -> MediaStreamTrack.audio("l").writeRtp(new byte[] {(byte) 0x80}, 0, 1));
    }

    @Test
    void iceServerUrlsAreCheckedWhenConfigured() {
        assertThrows(IllegalArgumentException.class, () -> IceServer.stun("http://example.org"));
        assertThrows(IllegalArgumentException.class, () -> IceServer.stun("stun:127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> new IceServer(java.util.List.of("turn:127.0.0.1"), null, null),
                "TURN needs credentials");
        IceServer.IceServerUrl u = IceServer.IceServerUrl.parse("turn:[::1]:3479?transport=udp");
        assertEquals("::1", u.host());
        assertEquals(3479, u.port());
        assertEquals("udp", u.transport());
        assertEquals(3478, IceServer.IceServerUrl.parse("stun:127.0.0.1").port());
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RtcSettings.defaults().withPortRange(6000, 5000));
        assertThrows(IllegalArgumentException.class, () -> RtcSettings.defaults().withEventLoopThreads(0));
        assertThrows(IllegalArgumentException.class, () -> RtcSettings.defaults().withSinglePort(70000));
    }

    @Test
    void negotiationNeededFiresOnceForSeveralChanges() throws Exception {
        try (PeerConnection pc = pc()) {
            java.util.concurrent.atomic.AtomicInteger fired = new java.util.concurrent.atomic.AtomicInteger();
            pc.onNegotiationNeeded(fired::incrementAndGet);
            pc.createDataChannel("a");
            pc.createDataChannel("b");
            pc.addTrack(MediaStreamTrack.audio("mic"));
            Thread.sleep(300);
            assertEquals(1, fired.get(), "one event for three changes made before it ran");
            CompletableFuture<Void> idle = new CompletableFuture<>();
            pc.getStats().thenRun(() -> idle.complete(null));
            idle.get(5, TimeUnit.SECONDS);
        }
    }
}
