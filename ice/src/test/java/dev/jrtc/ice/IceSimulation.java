package dev.jrtc.ice;

import dev.jrtc.ice.stun.StunBindingResponder;
import dev.jrtc.testkit.Nat;
import dev.jrtc.testkit.VirtualClock;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * Two ICE agents (and optionally a STUN server) on a testkit {@link VirtualNetwork} in virtual time. Candidates
 * trickle between the agents as they appear, as signalling would carry them; every run is bounded.
 */
final class IceSimulation {
    final VirtualNetwork net;
    final VirtualClock clock = new VirtualClock();
    final List<Peer> peers = new ArrayList<>();
    private final List<Runnable> servers = new ArrayList<>();
    final Random random;

    IceSimulation(long seed) {
        net = new VirtualNetwork(seed);
        random = new Random(seed);
    }

    final class Peer {
        final IceAgent agent;
        final Map<InetSocketAddress, VirtualSocket> sockets = new HashMap<>();
        final List<IceEvent> events = new ArrayList<>();
        final List<byte[]> received = new ArrayList<>();
        final List<long[]> stateTimes = new ArrayList<>();
        Peer other;
        boolean trickle = true;

        Peer(IceAgentConfig config, Nat nat) {
            agent = new IceAgent(config);
            for (InetSocketAddress a : config.localAddresses()) {
                VirtualSocket s = nat == null
                        ? net.bind(a, (now, from, to, d) -> agent.handleDatagram(now, from, to, d))
                        : net.bind(nat, a, (now, from, to, d) -> agent.handleDatagram(now, from, to, d));
                sockets.put(a, s);
            }
        }

        IceConnectionState state() {
            return agent.connectionState();
        }

        void drain(long now) {
            for (Transmit t = agent.pollTransmit(); t != null; t = agent.pollTransmit()) {
                sockets.get(t.source()).send(now, t.destination(), t.data());
            }
            for (IceEvent e = agent.pollEvent(); e != null; e = agent.pollEvent()) {
                events.add(e);
                if (e instanceof IceEvent.LocalCandidate c && trickle && other != null) {
                    other.agent.addRemoteCandidate(now, c.candidate());
                } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == IceGatheringState.COMPLETE && other != null) {
                    other.agent.endOfRemoteCandidates(now);
                } else if (e instanceof IceEvent.ConnectionStateChanged s) {
                    stateTimes.add(new long[] {s.state().ordinal(), now});
                } else if (e instanceof IceEvent.ApplicationData d) {
                    received.add(d.data());
                }
            }
        }

        /** When the agent first entered {@code state}, or -1. */
        long enteredAt(IceConnectionState state) {
            for (long[] st : stateTimes) if (st[0] == state.ordinal()) return st[1];
            return -1;
        }
    }

    Peer peer(IceRole role, Nat nat, InetSocketAddress... addresses) {
        Peer p = new Peer(IceAgentConfig.of(role, List.of(addresses), new Random(random.nextLong())), nat);
        peers.add(p);
        return p;
    }

    Peer peer(IceAgentConfig config, Nat nat) {
        Peer p = new Peer(config, nat);
        peers.add(p);
        return p;
    }

    /** A STUN server on a public address. */
    void stunServer(InetSocketAddress address) {
        StunBindingResponder responder = new StunBindingResponder("jrtc-test");
        VirtualSocket s = net.bind(address, (now, from, to, d) -> responder.handleDatagram(now, from, to, d));
        servers.add(() -> {
            for (Transmit t = responder.pollTransmit(); t != null; t = responder.pollTransmit()) {
                s.send(clock.nowNanos(), t.destination(), t.data());
            }
        });
    }

    /** A relaying TURN server on a public address (see {@link RelayingTurnServer} for its credentials). */
    RelayingTurnServer turnServer(InetSocketAddress address) {
        return new RelayingTurnServer(net, address);
    }

    /** Introduces the peers to each other (credentials both ways) and starts gathering on both. */
    void connect(Peer a, Peer b) {
        a.other = b;
        b.other = a;
        a.agent.setRemoteCredentials(b.agent.localCredentials());
        b.agent.setRemoteCredentials(a.agent.localCredentials());
        a.agent.gather(clock.nowNanos());
        b.agent.gather(clock.nowNanos());
        drainAll();
    }

    void drainAll() {
        for (Peer p : peers) p.drain(clock.nowNanos());
        for (Runnable s : servers) s.run();
    }

    /** Advances virtual time event by event until {@code done} or {@code limitNanos} of virtual time has passed. */
    boolean runUntil(BooleanSupplier done, long limitNanos) {
        long end = clock.nowNanos() + limitNanos;
        for (int steps = 0; steps < 2_000_000; steps++) {
            drainAll();
            if (done.getAsBoolean()) return true;
            long next = net.nextDeliveryNanos();
            for (Peer p : peers) next = Math.min(next, p.agent.pollTimeout());
            if (next > end) {
                clock.advanceTo(end);
                for (Peer p : peers) p.agent.handleTimeout(end);
                drainAll();
                return done.getAsBoolean();
            }
            clock.advanceTo(Math.max(next, clock.nowNanos()));
            long now = clock.nowNanos();
            net.deliverDue(now);
            for (Peer p : peers) {
                if (p.agent.pollTimeout() <= now) p.agent.handleTimeout(now);
            }
        }
        throw new IllegalStateException("simulation did not settle within its step bound");
    }

    static boolean connected(Peer p) {
        return p.state() == IceConnectionState.CONNECTED || p.state() == IceConnectionState.COMPLETED;
    }

    static long seconds(double s) {
        return (long) (s * 1_000_000_000L);
    }
}
