package dev.jrtc.ice.udp;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * Receives datagrams from the UDP transport (on the socket's event loop thread).
 *
 * <p>Ownership: {@code payload} is borrowed for the duration of the call (zero-copy, straight from the socket
 * read). The transport releases it when the call returns; a handler that keeps the bytes copies them (for example
 * {@code ByteBufUtil.getBytes(payload)}) or calls {@code payload.retain()} and releases it later itself. A handler
 * must not change the buffer's reader or writer index in ways other handlers would see; use absolute getters or
 * {@code payload.duplicate()}.
 */
@FunctionalInterface
public interface DatagramHandler {

    /**
     * A datagram arrived.
     *
     * @param nowNanos when it was read ({@code System.nanoTime()} unless the transport was given another clock)
     * @param local    the local socket address it arrived on
     * @param remote   the address it came from
     * @param payload  the datagram, borrowed for this call only
     */
    void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload);

    /**
     * The socket's read round is over: every datagram that was waiting has been handed over (Netty's
     * channelReadComplete, after up to 16 datagrams read by one recvmmsg). A handler that processes its input in
     * batches (one SCTP SACK, one batched send per round) does that work here. Called on the socket's event loop;
     * routers that fan datagrams out to other handlers do not forward it.
     */
    default void readComplete() {
    }
}
