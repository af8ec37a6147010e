package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.sdp.CodecCapability;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunBindingResponder;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.Nat;
import dev.jrtc.testkit.NatType;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
        // Loopback addresses of the virtual network: the loopback-only settings' address filters allow them.
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withMdns(MdnsSettings.disabled());
        a = peer(ip(127, 0, 0, 1), null, settings, seeds.nextLong(), configuration);
        b = peer(ip(127, 0, 0, 2), null, settings, seeds.nextLong(), configuration);
        watch("A", a, b, pendingForB);
        watch("B", b, a, pendingForA);
    }

    /** The public STUN server of {@link #behindNats}. */
    static final InetSocketAddress STUN = new InetSocketAddress(ip(198, 51, 100, 1), 3478);

    /**
     * A behind a NAT of {@code natA} at 203.0.113.1 (host 10.0.0.1), B behind one of {@code natB} at 203.0.113.2
     * (host 10.0.0.2), and a STUN server on the public side ({@link #STUN}) both use. Nothing here is a real
     * address: the virtual network never leaves the process, so the address filters let everything through.
     */
    static VirtualPeers behindNats(long seed, LinkConditions conditions, NatType natA, NatType natB) {
        return new VirtualPeers(seed, conditions, natA, natB);
    }

    private VirtualPeers(long seed, LinkConditions conditions, NatType natA, NatType natB) {
        world = new VirtualWorld(seed);
        world.network.setDefaultConditions(conditions);
        StunBindingResponder stun = new StunBindingResponder("jrtc-virtual");
        VirtualSocket[] stunSocket = new VirtualSocket[1];
        stunSocket[0] = world.network.bind(STUN, (now, from, to, d) -> {
            stun.handleDatagram(now, from, to, d);
            for (Transmit t = stun.pollTransmit(); t != null; t = stun.pollTransmit()) {
                stunSocket[0].send(now, t.destination(), t.data());
            }
        });
        Random seeds = new Random(seed);
        RtcSettings settings = RtcSettings.defaults().withLoopbackOnly(false).withMdns(MdnsSettings.disabled())
                .withRemoteAddressFilter(address -> true);
        RtcConfiguration configuration = RtcConfiguration.defaults().withIceServers(
                List.of(IceServer.stun("stun:" + STUN.getAddress().getHostAddress() + ":" + STUN.getPort())));
        a = peer(ip(10, 0, 0, 1), world.network.addNat(natA, ip(203, 0, 113, 1)), settings, seeds.nextLong(), configuration);
        b = peer(ip(10, 0, 0, 2), world.network.addNat(natB, ip(203, 0, 113, 2)), settings, seeds.nextLong(), configuration);
        watch("A", a, b, pendingForB);
        watch("B", b, a, pendingForA);
    }

    static InetAddress ip(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("four bytes are an address", e);
        }
    }

    /** A peer bound at {@code address} (behind {@code nat}, or public when null) of the virtual network. */
    private PeerConnection peer(InetAddress address, Nat nat, RtcSettings settings, long seed,
                                RtcConfiguration configuration) {
        PeerConnectionFactory factory = new PeerConnectionFactory(settings, CodecCapability.chromeDefaults(),
                List.of(address), f -> new VirtualDriver(world, seed, nat));
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
