package dev.jrtc.dtls;

/**
 * A DTLS 1.2 connection (RFC 6347) seen as a sans-IO core: datagrams in, records and events out. Implementations
 * may do the handshake elsewhere (see {@link BcDtlsTransport}), but every method here returns at once.
 *
 * <p>Threading: call {@link #handleDatagram}, {@link #send}, {@link #pollTransmit}, {@link #pollEvent} and
 * {@link #close} from one thread (the connection's event loop). The {@code wakeup} hook of {@link DtlsConfig} is
 * called from other threads when output appears, so that thread knows to poll.
 */
public interface DtlsTransport {
    /** Starts the handshake: a client sends its ClientHello, a server waits for one. */
    void start();

    /**
     * A datagram from the peer whose first byte is 20..63 (RFC 7983). The transport copies what it keeps: the
     * caller still owns {@code data} after the call.
     */
    void handleDatagram(long nowNanos, byte[] data, int off, int len);

    /**
     * Encrypts and queues application data (one SCTP packet, RFC 8261) for the peer. The caller still owns
     * {@code data}.
     *
     * @throws IllegalStateException when the handshake has not completed or the connection is closed
     */
    void send(byte[] data, int off, int len);

    /** The next datagram to send to the peer, or null; the caller owns it. */
    byte[] pollTransmit();

    /** The next event, or null. */
    DtlsEvent pollEvent();

    /**
     * When {@link #handleTimeout} wants to be called, in the {@code nowNanos} time base, or {@link Long#MAX_VALUE}.
     * An engine that keeps its own retransmission clock (Bouncy Castle on a worker, in real time) has none.
     */
    default long pollTimeout() {
        return Long.MAX_VALUE;
    }

    /** The deadline of {@link #pollTimeout} has passed: retransmit what is due. */
    default void handleTimeout(long nowNanos) {
    }

    /** Sends close_notify if connected, stops a running handshake, and ends with a {@link DtlsEvent.Closed}. */
    void close();

    /**
     * Datagrams, or records within them, dropped: bytes that are not whole DTLS records, records beyond the receive
     * limit or with no room left, invalid records (RFC 6347 §4.1.2.7: among others plaintext records repeating a
     * sequence number or contradicting handshake bytes already received, a handshake fragment announcing a message
     * over 32 KiB, records too short to decrypt), a ChangeCipherSpec held back during the handshake, anything
     * arriving after close, and once connected the records Bouncy Castle discards (failed authentication, replays).
     */
    long droppedDatagrams();
}
