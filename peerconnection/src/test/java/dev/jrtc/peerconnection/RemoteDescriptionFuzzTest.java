package dev.jrtc.peerconnection;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.jsep.SignalingState;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes what a peer controls most: the remote offer (RFC 8829 §5.10). Any text is either applied (and then
 * answerable) or rejected with an {@link RtcException} carrying a W3C error name; nothing else may escape, and the
 * connection stays usable. Loopback-only settings keep the remote candidates of mutated offers from ever being
 * checked (RtcSettings.remoteAddressFilter). Seeds: real browser offers and edge cases.
 */
class RemoteDescriptionFuzzTest {
    private static final PeerConnectionFactory FACTORY =
            new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1));
    private static final RtcConfiguration CONFIG = RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256());

    @AfterAll
    static void stop() {
        FACTORY.close();
    }

    @FuzzTest(maxDuration = "20s")
    void anyRemoteOfferIsAppliedOrRejectedWithAW3cError(byte[] data) throws Exception {
        String sdp = new String(data, StandardCharsets.UTF_8);
        try (PeerConnection pc = FACTORY.createPeerConnection(CONFIG)) {
            boolean applied = outcome(() -> pc.setRemoteDescription(RtcSessionDescription.offer(sdp)).get(5, TimeUnit.SECONDS));
            if (applied) {
                if (pc.signalingState() != SignalingState.HAVE_REMOTE_OFFER) {
                    throw new AssertionError("applied offer left state " + pc.signalingState());
                }
                if (outcome(() -> pc.setLocalDescription().get(5, TimeUnit.SECONDS))
                        && pc.signalingState() != SignalingState.STABLE) {
                    throw new AssertionError("applied answer left state " + pc.signalingState());
                }
            }
            pc.getStats().get(5, TimeUnit.SECONDS); // still serving its event loop
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** True when the step succeeded, false for an RtcException; anything else fails the test. */
    private static boolean outcome(Step step) throws Exception {
        try {
            step.run();
            return true;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RtcException) return false;
            throw new AssertionError("not a W3C error: " + e.getCause(), e.getCause());
        }
    }
}
