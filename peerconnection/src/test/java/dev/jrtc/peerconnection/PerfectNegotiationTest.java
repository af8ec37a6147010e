package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.SignalingState;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Glare (RFC 8829 §4.1.8.1) resolved by W3C "perfect negotiation" (W3C webrtc §10.7): both sides add a channel and
 * a track at once, so both fire negotiationneeded and offer; the impolite peer ignores the colliding offer, the
 * polite one rolls back implicitly and answers, then offers its own changes, and both converge.
 */
class PerfectNegotiationTest {

    /**
     * The W3C example's logic, with an in-memory signaling channel that keeps message order and one signaling
     * thread per side. The channel holds
     * the first offer it carries until both sides have made theirs, so the two offers always cross (on a fast
     * machine one side could otherwise answer before the other side's negotiationneeded fired, and no glare
     * would happen at all).
     */
    private static final class Negotiator {
        final PeerConnection pc;
        final boolean polite;
        final ExecutorService channel = Executors.newSingleThreadExecutor();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger offersIgnored = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();
        final CountDownLatch bothOffered;
        Negotiator other;
        volatile boolean makingOffer;

        Negotiator(PeerConnection pc, boolean polite, CountDownLatch bothOffered) {
            this.pc = pc;
            this.polite = polite;
            this.bothOffered = bothOffered;
            // The handler runs on this side's signaling thread, as a page's runs on its one event loop: an offer
            // made after an answer is then sent after that answer. Run from jrtc's callback thread instead, it could
            // overtake the answer still being sent, reach the impolite side before it was stable and be ignored.
            pc.onNegotiationNeeded(() -> channel.execute(this::offer));
        }

        private void offer() {
            if (pc.signalingState() != SignalingState.STABLE) return; // negotiationneeded fires again once stable
            makingOffer = true;
            try {
                RtcSessionDescription d = pc.setLocalDescription().join();
                if (d.type() == SdpType.OFFER) {
                    bothOffered.countDown();
                    other.receive(d);
                }
            } catch (RuntimeException e) {
                errors.add(e);
            } finally {
                makingOffer = false;
            }
        }

        void receive(RtcSessionDescription description) {
            channel.execute(() -> {
                try {
                    if (description.type() == SdpType.OFFER && !bothOffered.await(10, TimeUnit.SECONDS)) {
                        errors.add(new AssertionError("only one side made an offer"));
                    }
                    boolean collision = description.type() == SdpType.OFFER
                            && (makingOffer || pc.signalingState() != SignalingState.STABLE);
                    if (!polite && collision) {
                        offersIgnored.incrementAndGet();
                        return;
                    }
                    if (collision) rollbacks.incrementAndGet();
                    pc.setRemoteDescription(description).join();
                    if (description.type() == SdpType.OFFER) {
                        other.receive(pc.setLocalDescription().join());
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    errors.add(e);
                }
            });
        }
    }

    @Test
    void bothOfferAtOnceAndConverge() throws Exception {
        DtlsCertificate cert = DtlsCertificate.generateEcdsaP256();
        try (PeerConnectionFactory factory = new PeerConnectionFactory(
                RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2))) {
            RtcConfiguration config = RtcConfiguration.defaults().withCertificate(cert);
            PeerPair pair = new PeerPair(factory, config);
            CountDownLatch bothOffered = new CountDownLatch(2);
            Negotiator polite = new Negotiator(pair.a, true, bothOffered);
            Negotiator impolite = new Negotiator(pair.b, false, bothOffered);
            polite.other = impolite;
            impolite.other = polite;
            BlockingQueue<String> aOpen = new LinkedBlockingQueue<>();
            BlockingQueue<String> bOpen = new LinkedBlockingQueue<>();
            BlockingQueue<String> aTracks = new LinkedBlockingQueue<>();
            BlockingQueue<String> bTracks = new LinkedBlockingQueue<>();
            pair.a.onDataChannel(c -> aOpen.add("remote:" + c.label()));
            pair.b.onDataChannel(c -> bOpen.add("remote:" + c.label()));
            pair.a.onTrack(e -> aTracks.add(e.track().kind()));
            pair.b.onTrack(e -> bTracks.add(e.track().kind()));

            // Both sides change at the same moment: two negotiationneeded events, two offers in flight.
            RtcDataChannel fromA = pair.a.createDataChannel("from-a");
            RtcDataChannel fromB = pair.b.createDataChannel("from-b");
            fromA.onOpen(() -> aOpen.add("local:from-a"));
            fromB.onOpen(() -> bOpen.add("local:from-b"));
            pair.a.addTrack(MediaStreamTrack.audio("a-mic"), "a");
            pair.b.addTrack(MediaStreamTrack.video("b-cam"), "b");

            boolean ok = pair.awaitConnected(20);
            assertTrue(ok, pair.a.connectionState() + " / " + pair.b.connectionState()
                    + " errors " + polite.errors + impolite.errors + pair.errors);
            List<String> expectA = List.of("local:from-a", "remote:from-b");
            List<String> expectB = List.of("local:from-b", "remote:from-a");
            assertTrue(waitFor(aOpen, expectA), "A: " + aOpen);
            assertTrue(waitFor(bOpen, expectB), "B: " + bOpen);
            assertEquals("video", aTracks.poll(10, TimeUnit.SECONDS));
            assertEquals("audio", bTracks.poll(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((pair.a.signalingState() != SignalingState.STABLE || pair.b.signalingState() != SignalingState.STABLE)
                    && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(SignalingState.STABLE, pair.a.signalingState());
            assertEquals(SignalingState.STABLE, pair.b.signalingState());
            assertTrue(polite.errors.isEmpty() && impolite.errors.isEmpty(), polite.errors + " " + impolite.errors);
            assertTrue(impolite.offersIgnored.get() >= 1 && polite.rollbacks.get() >= 1,
                    "the offers crossed: the impolite side ignored one, the polite side rolled back");
            assertNotNull(fromA.id());
            assertTrue(pair.errors.isEmpty(), "signaling errors: " + pair.errors);
            pair.close();
            polite.channel.shutdownNow();
            impolite.channel.shutdownNow();
        }
    }

    private static boolean waitFor(BlockingQueue<String> q, List<String> expected) throws InterruptedException {
        List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
            String s = q.poll(100, TimeUnit.MILLISECONDS);
            if (s != null) seen.add(s);
        }
        return seen.containsAll(expected);
    }
}


