package dev.jrtc.testkit;

import java.net.InetSocketAddress;

/** Receives the datagrams a {@link VirtualNetwork} delivers to one {@link VirtualSocket}. */
@FunctionalInterface
public interface DatagramReceiver {
    /**
     * Called by {@link VirtualNetwork#deliverDue(long)}; the receiver may send from inside the call.
     *
     * @param nowNanos the delivery time
     * @param from     the source as the receiver sees it (after any NAT translation)
     * @param to       the receiving socket's own local address
     * @param data     the datagram; the receiver owns it
     */
    void receive(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data);
}
