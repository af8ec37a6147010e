package dev.jrtc.testkit;

import java.net.InetSocketAddress;
import java.util.Objects;

/** One bound UDP address on a {@link VirtualNetwork}, public or behind a {@link Nat}. */
public final class VirtualSocket {
    private final VirtualNetwork network;
    private final Nat nat;
    private final InetSocketAddress localAddress;
    private final DatagramReceiver receiver;
    private LinkConditions outgoing;
    private Bottleneck bottleneck;
    private boolean closed;

    VirtualSocket(VirtualNetwork network, Nat nat, InetSocketAddress localAddress, DatagramReceiver receiver) {
        this.network = network;
        this.nat = nat;
        this.localAddress = localAddress;
        this.receiver = receiver;
    }

    /** The address the socket is bound to (a private one when behind a NAT). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** The NAT this socket sits behind, or null for a public host. */
    public Nat nat() {
        return nat;
    }

    /**
     * Sends a datagram; the network owns {@code data} afterwards.
     *
     * @throws IllegalStateException when the socket is closed
     */
    public void send(long nowNanos, InetSocketAddress destination, byte[] data) {
        if (closed) {
            throw new IllegalStateException("socket " + localAddress + " is closed");
        }
        network.send(this, nowNanos, Objects.requireNonNull(destination, "destination"), Objects.requireNonNull(data, "data"));
    }

    /** Overrides the network's default conditions for what this socket sends; null restores the default. */
    public void setOutgoingConditions(LinkConditions conditions) {
        this.outgoing = conditions;
    }

    /**
     * Puts a rate-limited link with a drop-tail queue in front of what this socket sends (before the delay, jitter
     * and loss of the link conditions); null removes it.
     */
    public void setOutgoingBottleneck(Bottleneck b) {
        this.bottleneck = b;
    }

    Bottleneck outgoingBottleneck() {
        return bottleneck;
    }

    LinkConditions outgoingConditions() {
        return outgoing;
    }

    DatagramReceiver receiver() {
        return receiver;
    }

    /** Unbinds the socket; datagrams still in flight to it are dropped. */
    public void close() {
        if (!closed) {
            closed = true;
            network.unbind(this);
        }
    }

    @Override
    public String toString() {
        return "VirtualSocket" + localAddress + (nat == null ? "" : " behind " + nat);
    }
}
