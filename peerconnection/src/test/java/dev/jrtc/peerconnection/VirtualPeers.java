package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.sdp.CodecCapability;
import dev.jrtc.testkit.LinkConditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Two PeerConnections on one {@link VirtualWorld}: the public API as an application uses it, on a seeded virtual
 * network in virtual time. Signaling (descriptions and trickled candidates) takes {@link #SIGNALING_DELAY_NANOS};
 * candidates that arrive before a remote description wait for it. Every event either side fires is written to
 * {@link #trace} with its virtual time, so two runs of a seed can be compared line by line.
 */
final class VirtualPeers implements AutoCloseable {
    static final long SIGNALING_DELAY_NANOS = 20_000_000L;
    static final long SECOND = 1_000_000_000L;

    final VirtualWorld world;
    final PeerConnection a;
    final PeerConnection b;
    final List<String> trace = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    /** Every channel either side created or received, by "peer label". */
    final java.util.Map<String, RtcDataChannel> channels = new java.util.HashMap<>();
    /** Text messages received, as "peer label text". */
    final List<String> messages = new ArrayList<>();
    private final List<RtcIceCandidate> pendingForA = new ArrayList<>();
    private final List<RtcIceCandidate> pendingForB = new ArrayList<>();

    VirtualPeers(long seed, LinkConditions conditions) {
        this(seed, conditions, RtcConfiguration.defaults());
    }

    VirtualPeers(long seed, LinkConditions conditions, RtcConfiguration configuration) {
        world = new VirtualWorld(seed);
        world.network.setDefaultConditions(conditions);
        Random seeds = new Random(seed);
        a = peer(1, seeds.nextLong(), configuration);
        b = peer(2, seeds.nextLong(), configuration);
        watch("A", a, b, pendingForB);
        watch("B", b, a, pendingForA);
    }

    /** A peer at 127.0.0.{@code host} of the virtual network (loopback, so the default address filters allow it). */
    private PeerConnection peer(int host, long seed, RtcConfiguration configuration) {
        java.net.InetAddress address;
        try {
            address = java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an address", e);
        }
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withMdns(MdnsSettings.disabled());
        PeerConnectionFactory factory = new PeerConnectionFactory(settings, CodecCapability.chromeDefaults(),
                List.of(address), f -> new VirtualDriver(world, seed));
        return factory.createPeerConnection(configuration);
    }

    /** Writes {@code pc}'s events to the trace and trickles its candidates to {@code other}. */
    private void watch(String name, PeerConnection pc, PeerConnection other, List<RtcIceCandidate> pendingForOther) {
        pc.onConnectionStateChange(s -> log(name, "connectionState " + s));
        pc.onIceConnectionStateChange(s -> log(name, "iceConnectionState " + s));
        pc.onIceGatheringStateChange(s -> log(name, "iceGatheringState " + s));
        pc.onSignalingStateChange(s -> log(name, "signalingState " + s.w3cName()));
        pc.onNegotiationNeeded(() -> log(name, "negotiationneeded"));
        pc.onDataChannel(c -> {
            log(name, "datachannel " + c.label());
            watchChannel(name, c);
        });
        pc.onIceCandidate(c -> {
            log(name, c == null ? "end-of-candidates" : "candidate " + c.candidate());
            RtcIceCandidate candidate = c == null ? RtcIceCandidate.endOfCandidates() : c;
            world.schedule(() -> {
                pendingForOther.add(candidate);
                flushCandidates();
            }, SIGNALING_DELAY_NANOS);
        });
    }

    /** Writes a channel's open, messages and close to the trace. */
    void watchChannel(String name, RtcDataChannel c) {
        channels.put(name + " " + c.label(), c);
        c.onOpen(() -> log(name, "open " + c.label()));
        c.onMessage(m -> {
            String text = m.binary() ? m.data().length + " bytes" : m.text();
            log(name, "message " + c.label() + " " + text);
            messages.add(name + " " + c.label() + " " + text);
        });
        c.onClose(() -> log(name, "close " + c.label()));
    }

    void log(String who, String what) {
        trace.add(String.format("%9.3f ms %s %s", world.now() / 1e6, who, what));
    }

    private void flushCandidates() {
        flush(a, pendingForA);
        flush(b, pendingForB);
    }

    private void flush(PeerConnection to, List<RtcIceCandidate> pending) {
        if (to.remoteDescription() == null || pending.isEmpty()) return;
        for (RtcIceCandidate c : pending) {
            to.addIceCandidate(c).exceptionally(e -> {
                errors.add(e);
                return null;
            });
        }
        pending.clear();
    }

    /** One offer/answer round from {@code offerer} to {@code answerer}, each hop over signaling. */
    void negotiate(PeerConnection offerer, PeerConnection answerer) {
        RtcSessionDescription offer = world.await(offerer.setLocalDescription());
        signal();
        world.await(answerer.setRemoteDescription(offer));
        RtcSessionDescription answer = world.await(answerer.setLocalDescription());
        signal();
        world.await(offerer.setRemoteDescription(answer));
        flushCandidates();
    }

    /** Lets the signaling delay pass (in virtual time; the network and timers run meanwhile). */
    void signal() {
        world.runFor(SIGNALING_DELAY_NANOS);
        flushCandidates();
    }

    /** Runs until {@code message} ("peer label text") has arrived. */
    void awaitMessage(String message, long maxNanos) {
        world.runUntil(() -> messages.contains(message), maxNanos, "message " + message);
    }

    /** Runs until {@code line} (e.g. "B open chat") is in the trace, ignoring its time. */
    void awaitTrace(String line, long maxNanos) {
        world.runUntil(() -> trace.stream().anyMatch(t -> t.endsWith(" " + line)), maxNanos, line);
    }

    void awaitConnected(long maxNanos) {
        world.runUntil(() -> a.connectionState() == RtcPeerConnectionState.CONNECTED
                && b.connectionState() == RtcPeerConnectionState.CONNECTED, maxNanos, "both connected");
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
