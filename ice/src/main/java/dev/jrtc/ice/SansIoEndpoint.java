package dev.jrtc.ice;

import java.net.InetSocketAddress;

/**
 * A sans-IO protocol core that the I/O layer drives (DESIGN.md rule 1): datagrams and timeouts in, datagrams and a
 * next deadline out. It holds no threads, sockets or clocks; time is the {@code nowNanos} argument.
 *
 * <p>The driver calls these methods from one thread at a time. After every {@code handle*} call it drains
 * {@link #pollTransmit()} until null and re-reads {@link #pollTimeout()}.
 */
public interface SansIoEndpoint {

    /**
     * A datagram arrived.
     *
     * @param nowNanos the current time (any monotonic origin, the same for every call)
     * @param from     the remote address it came from
     * @param to       the local address it arrived on
     * @param data     the whole datagram; the endpoint owns the array afterwards (the caller never touches it again)
     */
    void handleDatagram(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data);

    /** Time passed: the endpoint runs timers due at or before {@code nowNanos}. */
    void handleTimeout(long nowNanos);

    /** The next datagram to send, or null when there is none; the caller owns the returned transmit. */
    Transmit pollTransmit();

    /** The time at which {@link #handleTimeout} should next be called, or {@link Long#MAX_VALUE} for never. */
    long pollTimeout();
}
