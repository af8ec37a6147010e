package dev.jrtc.peerconnection;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Two PeerConnections of one factory wired as an application would: trickled candidates go to the other side once
 * it has a remote description, offers and answers are exchanged in memory (the signaling channel).
 */
final class PeerPair implements AutoCloseable {
    final PeerConnection a;
    final PeerConnection b;
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final CountDownLatch aConnected = new CountDownLatch(1);
    private final CountDownLatch bConnected = new CountDownLatch(1);

    PeerPair(PeerConnectionFactory factory, RtcConfiguration config) {
        this(factory.createPeerConnection(config), factory.createPeerConnection(config));
    }

    PeerPair(PeerConnection a, PeerConnection b) {
        this.a = a;
        this.b = b;
        trickle(a, b);
        trickle(b, a);
        a.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.CONNECTED) aConnected.countDown();
        });
        b.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.CONNECTED) bConnected.countDown();
        });
    }

    /** Candidates from {@code from} reach {@code to}; those that arrive before its remote description wait. */
    private void trickle(PeerConnection from, PeerConnection to) {
        from.onIceCandidate(c -> {
            RtcIceCandidate candidate = c == null ? RtcIceCandidate.endOfCandidates() : c;
            deliverCandidate(to, candidate, 0);
        });
    }

    private void deliverCandidate(PeerConnection to, RtcIceCandidate c, int attempt) {
        if (to.remoteDescription() == null) {
            if (attempt < 500) {
                CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS).execute(() -> deliverCandidate(to, c, attempt + 1));
            }
            return;
        }
        to.addIceCandidate(c).exceptionally(e -> {
            if (!(e.getCause() instanceof RtcException r && r.errorName().equals("InvalidStateError"))) errors.add(e);
            return null;
        });
    }

    /** One offer/answer round from {@code offerer} to {@code answerer}. */
    static void negotiate(PeerConnection offerer, PeerConnection answerer) {
        RtcSessionDescription offer = offerer.createOffer().join();
        offerer.setLocalDescription(offer).join();
        answerer.setRemoteDescription(offer).join();
        RtcSessionDescription answer = answerer.createAnswer().join();
        answerer.setLocalDescription(answer).join();
        offerer.setRemoteDescription(answer).join();
    }

    boolean awaitConnected(long seconds) throws InterruptedException {
        return aConnected.await(seconds, TimeUnit.SECONDS) && bConnected.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
