package dev.jrtc.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * An in-memory UDP network with seeded delay, jitter, loss, duplication and reordering, and NATs, driven by
 * virtual time: nothing moves until a test calls {@link #deliverDue(long)}, so a run is the same for a seed.
 *
 * <p>Hosts are either public or behind a {@link Nat}. A host behind a NAT reaches public hosts, other NATs'
 * public addresses (also its own: hairpinning), and hosts behind the same NAT by their private addresses.
 * Public hosts cannot reach private addresses. Nothing here touches a real socket.
 */
public final class VirtualNetwork {
    /** A guard against two buggy cores answering each other forever with zero delay inside one call. */
    private static final int MAX_DELIVERIES_PER_CALL = 1_000_000;
    /** The realm key of hosts not behind any NAT. */
    private static final Object PUBLIC = new Object();

    private final SplittableRandom random;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
    /** Bound sockets by realm (a Nat, or PUBLIC) and local address. */
    private final Map<Object, Map<InetSocketAddress, VirtualSocket>> sockets = new HashMap<>();
    private final Map<InetAddress, Nat> natsByPublicAddress = new HashMap<>();
    private LinkConditions defaultConditions = LinkConditions.PERFECT;
    private long sequence;
    private long sent;
    private long delivered;
    private long lost;
    private long unroutable;
    private long filtered;

    public VirtualNetwork(long seed) {
        // SplittableRandom mixes its seed: java.util.Random gives correlated first draws for seeds 1, 2, 3...
        this.random = new SplittableRandom(seed);
    }

    /** Conditions for every datagram whose socket has no override of its own. */
    public void setDefaultConditions(LinkConditions conditions) {
        this.defaultConditions = Objects.requireNonNull(conditions, "conditions");
    }

    /** Adds a NAT owning {@code publicAddress}. */
    public Nat addNat(NatType type, InetAddress publicAddress) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(publicAddress, "publicAddress");
        if (natsByPublicAddress.containsKey(publicAddress) || hostBound(PUBLIC, publicAddress)) {
            throw new IllegalArgumentException("public address already in use: " + publicAddress);
        }
        Nat nat = new Nat(type, publicAddress);
        natsByPublicAddress.put(publicAddress, nat);
        return nat;
    }

    /** Binds a public host's socket. */
    public VirtualSocket bind(InetSocketAddress local, DatagramReceiver receiver) {
        if (local != null && natsByPublicAddress.containsKey(local.getAddress())) {
            throw new IllegalArgumentException(local.getAddress() + " belongs to a NAT");
        }
        return bindIn(PUBLIC, null, local, receiver);
    }

    /** Binds the socket of a host behind {@code nat}, at a private address of the NAT's realm. */
    public VirtualSocket bind(Nat nat, InetSocketAddress local, DatagramReceiver receiver) {
        return bindIn(Objects.requireNonNull(nat, "nat"), nat, local, receiver);
    }

    private VirtualSocket bindIn(Object realm, Nat nat, InetSocketAddress local, DatagramReceiver receiver) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(receiver, "receiver");
        if (local.isUnresolved() || local.getPort() == 0) {
            throw new IllegalArgumentException("bind needs a resolved address and a non-zero port: " + local);
        }
        Map<InetSocketAddress, VirtualSocket> realmSockets = sockets.computeIfAbsent(realm, r -> new HashMap<>());
        if (realmSockets.containsKey(local)) {
            throw new IllegalArgumentException("address already bound: " + local);
        }
        VirtualSocket socket = new VirtualSocket(this, nat, local, receiver);
        realmSockets.put(local, socket);
        return socket;
    }

    void unbind(VirtualSocket socket) {
        sockets.get(realmOf(socket)).remove(socket.localAddress());
    }

    void send(VirtualSocket from, long nowNanos, InetSocketAddress destination, byte[] data) {
        sent++;
        Nat nat = from.nat();
        // Traffic to a host in the same private realm does not cross the NAT.
        boolean staysInside = nat != null && socketBound(nat, destination);
        InetSocketAddress source = nat != null && !staysInside
                ? nat.translateOutgoing(from.localAddress(), destination)
                : from.localAddress();
        Object destinationRealm = staysInside ? nat : null;

        LinkConditions c = from.outgoingConditions() != null ? from.outgoingConditions() : defaultConditions;
        Bottleneck b = from.outgoingBottleneck();
        if (b != null) {
            long departed = b.depart(nowNanos, data.length);
            if (departed < 0) {
                lost++;
                return;
            }
            nowNanos = departed;
        }
        if (c.lossRate() > 0 && random.nextDouble() < c.lossRate()) {
            lost++;
            return;
        }
        int copies = c.duplicateRate() > 0 && random.nextDouble() < c.duplicateRate() ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            long delay = c.delayNanos() + jitter(c.jitterNanos());
            if (c.reorderRate() > 0 && random.nextDouble() < c.reorderRate()) {
                // Held back by up to one more base delay plus jitter (at least 1 ms) so later datagrams pass it.
                delay += 1 + (long) (random.nextDouble() * Math.max(1_000_000L, c.delayNanos() + c.jitterNanos()));
            }
            byte[] copy = i == 0 ? data : data.clone();
            inFlight.add(new InFlight(nowNanos + delay, sequence++, source, destination, destinationRealm, copy));
        }
    }

    private long jitter(long jitterNanos) {
        return jitterNanos == 0 ? 0 : (long) (random.nextDouble() * (jitterNanos + 1));
    }

    /** When the next datagram is due, or {@link Long#MAX_VALUE} when nothing is in flight. */
    public long nextDeliveryNanos() {
        InFlight next = inFlight.peek();
        return next == null ? Long.MAX_VALUE : next.deliverAtNanos;
    }

    /**
     * Delivers, in time order, every datagram due at or before {@code nowNanos}, including ones sent by receivers
     * during this call that are already due.
     *
     * @return how many datagrams reached a socket
     */
    public int deliverDue(long nowNanos) {
        int count = 0;
        int steps = 0;
        while (!inFlight.isEmpty() && inFlight.peek().deliverAtNanos <= nowNanos) {
            if (++steps > MAX_DELIVERIES_PER_CALL) {
                throw new IllegalStateException("more than " + MAX_DELIVERIES_PER_CALL + " deliveries in one call: "
                        + "two endpoints are answering each other without delay");
            }
            InFlight d = inFlight.poll();
            VirtualSocket target = route(d);
            if (target != null) {
                delivered++;
                count++;
                target.receiver().receive(d.deliverAtNanos, d.source, target.localAddress(), d.data);
            }
        }
        return count;
    }

    private VirtualSocket route(InFlight d) {
        if (d.realm != null) {
            return socketOrCount(d.realm, d.destination);
        }
        Nat nat = natsByPublicAddress.get(d.destination.getAddress());
        if (nat == null) {
            return socketOrCount(PUBLIC, d.destination);
        }
        InetSocketAddress internal = nat.translateIncoming(d.source, d.destination.getPort());
        if (internal == null) {
            filtered++;
            return null;
        }
        return socketOrCount(nat, internal);
    }

    private VirtualSocket socketOrCount(Object realm, InetSocketAddress address) {
        Map<InetSocketAddress, VirtualSocket> realmSockets = sockets.get(realm);
        VirtualSocket s = realmSockets == null ? null : realmSockets.get(address);
        if (s == null) {
            unroutable++;
        }
        return s;
    }

    private static Object realmOf(VirtualSocket socket) {
        return socket.nat() == null ? PUBLIC : socket.nat();
    }

    private boolean socketBound(Object realm, InetSocketAddress address) {
        Map<InetSocketAddress, VirtualSocket> realmSockets = sockets.get(realm);
        return realmSockets != null && realmSockets.containsKey(address);
    }

    private boolean hostBound(Object realm, InetAddress address) {
        Map<InetSocketAddress, VirtualSocket> realmSockets = sockets.get(realm);
        return realmSockets != null && realmSockets.keySet().stream().anyMatch(a -> a.getAddress().equals(address));
    }

    /** Datagrams handed to the network. */
    public long sent() { return sent; }

    /** Datagrams that reached a socket (a duplicate counts twice). */
    public long delivered() { return delivered; }

    /** Datagrams that never reached a socket: lost on the path, filtered by a NAT, or sent to nobody. */
    public long dropped() { return lost + filtered + unroutable; }

    /** Datagrams dropped by the loss rate or by a full {@link Bottleneck} queue. */
    public long lost() { return lost; }

    /** Datagrams a NAT's filter rejected. */
    public long filtered() { return filtered; }

    /** Datagrams sent to an address nobody is bound to (or that the sender's realm cannot reach). */
    public long unroutable() { return unroutable; }

    private record InFlight(long deliverAtNanos, long sequence, InetSocketAddress source, InetSocketAddress destination,
                            Object realm, byte[] data) implements Comparable<InFlight> {
        @Override
        public int compareTo(InFlight o) {
            int c = Long.compare(deliverAtNanos, o.deliverAtNanos);
            return c != 0 ? c : Long.compare(sequence, o.sequence);
        }
    }
}
