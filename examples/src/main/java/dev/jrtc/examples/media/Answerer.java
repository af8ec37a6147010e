package dev.jrtc.examples.media;

import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcIceGatheringState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The jrtc half of a non-trickle offer/answer (RFC 8829 §5.3 answer, with every candidate in it, as RFC 9725 §4.2
 * does for WHIP): apply the browser's offer, let the caller set up tracks, wait for gathering, answer.
 */
public final class Answerer {
    private Answerer() {}

    /** What to do between the remote offer and the answer (add tracks, set listeners). */
    @FunctionalInterface
    public interface Setup {
        void accept(PeerConnection pc) throws Exception;
    }

    /** The most connections an example keeps: each offer makes one, and the examples are demos, not servers. */
    public static final int MAX_CONNECTIONS = 32;

    /** A new connection of {@code factory}, refused past {@link #MAX_CONNECTIONS}. */
    public static PeerConnection newConnection(PeerConnectionFactory factory) {
        if (factory.connectionCount() >= MAX_CONNECTIONS) {
            throw new IllegalStateException("this example already has " + MAX_CONNECTIONS + " connections");
        }
        return factory.createPeerConnection(RtcConfiguration.defaults());
    }

    /**
     * Answers {@code offerSdp} on {@code pc} and returns the answer SDP with all of jrtc's candidates; on failure the
     * connection is closed and the cause (a malformed offer, say) is thrown.
     */
    public static String answer(PeerConnection pc, String offerSdp, Setup setup) throws Exception {
        try {
            CompletableFuture<Void> gathered = new CompletableFuture<>();
            pc.onIceGatheringStateChange(s -> {
                if (s == RtcIceGatheringState.COMPLETE) gathered.complete(null);
            });
            pc.setRemoteDescription(RtcSessionDescription.offer(offerSdp)).get(5, TimeUnit.SECONDS);
            setup.accept(pc);
            // Loopback gathering is immediate; the timeout only guards against a stuck connection.
            if (pc.iceGatheringState() != RtcIceGatheringState.COMPLETE) gathered.get(5, TimeUnit.SECONDS);
            return pc.setLocalDescription().get(5, TimeUnit.SECONDS).sdp();
        } catch (ExecutionException e) {
            pc.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (Exception e) {
            pc.close();
            throw e;
        }
    }
}
