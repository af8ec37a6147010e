package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.SignalingState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * W3C "perfect negotiation" (webrtc §10.7) driven by negotiationneeded, in virtual time over a lossy path: both
 * sides change something at the same instant, both offer, the offers cross on the signaling channel (RFC 9429
 * §4.1.8.1 glare); the impolite side ignores the polite side's offer, the polite side rolls back implicitly and
 * answers, then offers its own change once stable, and both converge. The same for every seed.
 */
class VirtualPerfectNegotiationTest {
    private static final long SECOND = VirtualPeers.SECOND;

    /** One side of the W3C example, with futures instead of await (nothing may block the virtual world). */
    private static final class Side {
        final VirtualPeers peers;
        final String name;
        final PeerConnection pc;
        final boolean polite;
        final List<Throwable> errors = new ArrayList<>();
        Side other;
        boolean makingOffer;
        int offersMade;
        int offersIgnored;

        Side(VirtualPeers peers, String name, PeerConnection pc, boolean polite) {
            this.peers = peers;
            this.name = name;
            this.pc = pc;
            this.polite = polite;
            pc.onNegotiationNeeded(this::negotiationNeeded);
        }

        private void negotiationNeeded() {
            peers.log(name, "negotiationneeded");
            makingOffer = true;
            pc.setLocalDescription().whenComplete((d, e) -> {
                makingOffer = false;
                if (e != null) {
                    errors.add(e);
                } else if (d.type() == SdpType.OFFER) {
                    offersMade++;
                    send(d);
                }
            });
        }

        private void send(RtcSessionDescription d) {
            peers.world.schedule(() -> other.receive(d), VirtualPeers.SIGNALING_DELAY_NANOS);
        }

        void receive(RtcSessionDescription d) {
            boolean collision = d.type() == SdpType.OFFER && (makingOffer || pc.signalingState() != SignalingState.STABLE);
            if (!polite && collision) {
                offersIgnored++;
                peers.log(name, "ignores the colliding offer");
                return;
            }
            pc.setRemoteDescription(d)
                    .thenCompose(v -> d.type() == SdpType.OFFER ? pc.setLocalDescription()
                            : CompletableFuture.<RtcSessionDescription>completedFuture(null))
                    .whenComplete((answer, e) -> {
                        if (e != null) errors.add(e);
                        else if (answer != null) send(answer);
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void bothOfferAtOnceAndConverge(long seed) {
        try (VirtualPeers p = new VirtualPeers(seed, VirtualTimePeerConnectionTest.LOSSY)) {
            Side a = new Side(p, "A", p.a, false);
            Side b = new Side(p, "B", p.b, true);
            a.other = b;
            b.other = a;
            List<RtcTrackEvent> tracksAtA = new ArrayList<>();
            p.a.onTrack(tracksAtA::add);
            // At the same instant: A wants a data channel, B wants to send audio.
            RtcDataChannel chat = p.a.createDataChannel("chat");
            p.watchChannel("A", chat);
            p.b.addTrack(MediaStreamTrack.audio("mic"), "stream");
            p.world.runUntil(() -> tracksAtA.size() == 1 && p.trace.stream().anyMatch(l -> l.endsWith("B open chat")),
                    30 * SECOND, "B's track at A and A's channel open at B");
            p.world.runUntil(() -> p.a.signalingState() == SignalingState.STABLE
                    && p.b.signalingState() == SignalingState.STABLE, 5 * SECOND, "both stable");
            assertTrue(a.errors.isEmpty() && b.errors.isEmpty(), a.errors + " " + b.errors);
            assertEquals(1, a.offersIgnored, "the impolite side ignored the crossing offer:\n" + String.join("\n", p.trace));
            assertTrue(b.offersMade >= 2, "the polite side offered again after its rollback");
            p.awaitConnected(10 * SECOND);
            chat.send("converged");
            p.awaitMessage("B chat converged", 10 * SECOND);
        }
    }
}
