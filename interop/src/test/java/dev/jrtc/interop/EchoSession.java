package dev.jrtc.interop;

import dev.jrtc.interop.peer.ChannelSpec;
import dev.jrtc.interop.peer.RemotePeer;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcDataChannelMessage;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * jrtc and a real peer with the two channels of the issue 10 report, {@code echo} (ordered, reliable) and
 * {@code echo-unordered} (unordered, maxRetransmits 0, RFC 8831 §6.1), either side offering and creating them. The
 * peer echoes every message back, so what jrtc sends crosses the association both ways.
 */
final class EchoSession implements AutoCloseable {
    static final String ECHO = "echo";
    static final String UNORDERED = "echo-unordered";
    static final Duration STEP = Duration.ofSeconds(15);

    final PeerConnection pc;
    final String offer;
    final String answer;
    /** From applying the answer (jrtc's, or the peer's) until both channels were open on both sides. */
    final long openNanos;
    private final Map<String, CompletableFuture<RtcDataChannel>> channels = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<RtcDataChannelMessage>> received = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> opened = new ConcurrentHashMap<>();

    private EchoSession(PeerConnectionFactory factory, RemotePeer peer, boolean peerOffers) throws Exception {
        pc = factory.createPeerConnection(RtcConfiguration.defaults());
        try {
            long t0;
            if (peerOffers) {
                pc.onDataChannel(dc -> {
                    dc.onMessage(queue(dc.label())::add); // registered before the first message can be delivered
                    opened.computeIfAbsent(dc.label(), k -> new CompletableFuture<>()).complete(System.nanoTime());
                    future(dc.label()).complete(dc);
                });
                offer = peer.createOffer(false, false, ChannelSpec.reliable(ECHO), ChannelSpec.unordered(UNORDERED, 0));
                pc.setRemoteDescription(RtcSessionDescription.offer(offer)).get(STEP.toSeconds(), TimeUnit.SECONDS);
                answer = pc.setLocalDescription().get(STEP.toSeconds(), TimeUnit.SECONDS).sdp();
                t0 = System.nanoTime();
                peer.acceptAnswer(answer);
            } else {
                create(DataChannelInit.reliable(ECHO));
                create(DataChannelInit.reliable(UNORDERED).withReliability(false, 0, null));
                offer = pc.setLocalDescription().get(STEP.toSeconds(), TimeUnit.SECONDS).sdp();
                answer = peer.createAnswer(offer);
                t0 = System.nanoTime();
                pc.setRemoteDescription(RtcSessionDescription.answer(answer)).get(STEP.toSeconds(), TimeUnit.SECONDS);
            }
            long open = 0;
            for (String label : new String[] {ECHO, UNORDERED}) {
                // jrtc's side: the peer's DCEP OPEN arrived, or the peer's DCEP ACK (RFC 8832 §6).
                open = Math.max(open, opened.computeIfAbsent(label, k -> new CompletableFuture<>())
                        .get(STEP.toSeconds(), TimeUnit.SECONDS));
                open = Math.max(open, peer.awaitChannelOpen(label, STEP).nanoTime()); // and the other way round
            }
            openNanos = open - t0;
        } catch (Exception | Error e) {
            pc.close();
            throw e;
        }
    }

    /** Lets the peer create the channels and offer, answers it and waits for both channels to open on both sides. */
    static EchoSession peerOffers(PeerConnectionFactory factory, RemotePeer peer) throws Exception {
        return new EchoSession(factory, peer, true);
    }

    /** Creates the channels, offers, applies the peer's answer and waits for both channels to open on both sides. */
    static EchoSession jrtcOffers(PeerConnectionFactory factory, RemotePeer peer) throws Exception {
        return new EchoSession(factory, peer, false);
    }

    private void create(DataChannelInit init) {
        RtcDataChannel dc = pc.createDataChannel(init);
        dc.onMessage(queue(init.label())::add);
        CompletableFuture<Long> open = opened.computeIfAbsent(init.label(), k -> new CompletableFuture<>());
        dc.onOpen(() -> open.complete(System.nanoTime()));
        future(init.label()).complete(dc);
    }

    /**
     * Connects two jrtc PeerConnections of {@code factory} over loopback and opens a channel once, so the open time
     * measured against a real peer is not that of a cold JVM (class loading and the first DTLS handshake took
     * over a second of it on this machine).
     */
    static void warmUp(PeerConnectionFactory factory) throws Exception {
        try (PeerConnection a = factory.createPeerConnection(RtcConfiguration.defaults());
             PeerConnection b = factory.createPeerConnection(RtcConfiguration.defaults())) {
            CompletableFuture<Void> open = new CompletableFuture<>();
            RtcDataChannel dc = a.createDataChannel("warm-up");
            dc.onOpen(() -> open.complete(null));
            // Non-trickle: each description is taken once gathering is complete, with every candidate in it.
            CompletableFuture<Void> aGathered = new CompletableFuture<>();
            CompletableFuture<Void> bGathered = new CompletableFuture<>();
            a.onIceCandidate(c -> {
                if (c == null) aGathered.complete(null);
            });
            b.onIceCandidate(c -> {
                if (c == null) bGathered.complete(null);
            });
            a.setLocalDescription().get(STEP.toSeconds(), TimeUnit.SECONDS);
            aGathered.get(STEP.toSeconds(), TimeUnit.SECONDS);
            b.setRemoteDescription(a.localDescription()).get(STEP.toSeconds(), TimeUnit.SECONDS);
            b.setLocalDescription().get(STEP.toSeconds(), TimeUnit.SECONDS);
            bGathered.get(STEP.toSeconds(), TimeUnit.SECONDS);
            a.setRemoteDescription(b.localDescription()).get(STEP.toSeconds(), TimeUnit.SECONDS);
            open.get(STEP.toSeconds(), TimeUnit.SECONDS);
        }
    }

    RtcDataChannel channel(String label) throws Exception {
        return future(label).get(STEP.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message echoed on {@code label}, or null when none came within {@link #STEP}. */
    RtcDataChannelMessage nextEcho(String label) throws InterruptedException {
        return queue(label).poll(STEP.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next message echoed on {@code label} if one comes within {@code millis}, else null. */
    RtcDataChannelMessage nextEcho(String label, long millis) throws InterruptedException {
        return queue(label).poll(millis, TimeUnit.MILLISECONDS);
    }

    private CompletableFuture<RtcDataChannel> future(String label) {
        return channels.computeIfAbsent(label, k -> new CompletableFuture<>());
    }

    private BlockingQueue<RtcDataChannelMessage> queue(String label) {
        return received.computeIfAbsent(label, k -> new LinkedBlockingQueue<>());
    }

    @Override
    public void close() {
        pc.close();
    }
}
