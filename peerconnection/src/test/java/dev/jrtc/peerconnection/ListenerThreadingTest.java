package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.jsep.SdpType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Listeners run off the event loop, serially per connection, and may block on the connection's own futures
 * (DESIGN.md rule 2): more connections blocking at once than there are callback threads still complete.
 */
class ListenerThreadingTest {

    @Test
    void listenersThatJoinTheirOwnFuturesDoNotDeadlock() throws Exception {
        try (PeerConnectionFactory f = new PeerConnectionFactory(RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(1))) {
            RtcConfiguration config = RtcConfiguration.defaults().withCertificate(DtlsCertificate.generateEcdsaP256());
            List<CompletableFuture<RtcSessionDescription>> offers = new ArrayList<>();
            List<PeerConnection> pcs = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // more than the callback pool's threads
                PeerConnection pc = f.createPeerConnection(config);
                CompletableFuture<RtcSessionDescription> offer = new CompletableFuture<>();
                pc.onNegotiationNeeded(() -> {
                    assertFalse(Thread.currentThread().getName().startsWith("multiThreadIoEventLoopGroup"),
                            "listeners never run on an event loop");
                    offer.complete(pc.setLocalDescription().join()); // blocks this callback thread
                });
                pc.createDataChannel("c" + i);
                offers.add(offer);
                pcs.add(pc);
            }
            for (CompletableFuture<RtcSessionDescription> o : offers) {
                assertEquals(SdpType.OFFER, o.get(10, TimeUnit.SECONDS).type());
            }
            for (PeerConnection pc : pcs) {
                assertTrue(pc.localDescription().sdp().contains("webrtc-datachannel"));
                pc.close();
            }
        }
    }
}
