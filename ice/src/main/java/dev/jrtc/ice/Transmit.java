package dev.jrtc.ice;

import java.net.InetSocketAddress;

/**
 * A datagram a sans-IO core wants sent: from which local address, to which remote address, and the bytes.
 *
 * <p>Ownership: the core hands {@code data} over with the transmit and never touches it again; the I/O layer
 * may keep, wrap or reuse it.
 *
 * @param source      the local address (socket) to send from
 * @param destination the remote address to send to
 * @param data        the whole datagram
 */
public record Transmit(InetSocketAddress source, InetSocketAddress destination, byte[] data) {}
