package dev.jrtc.dtls;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Two transports wired back to back in memory, pumped in real time (BC's handshake keeps its own clock).
 * Every pump is bounded by a deadline.
 */
final class DtlsPair {
    final BcDtlsTransport client;
    final BcDtlsTransport server;
    final List<DtlsEvent> clientEvents = new ArrayList<>();
    final List<DtlsEvent> serverEvents = new ArrayList<>();
    /** Decides per datagram whether it is delivered (true) or lost; default: all delivered. */
    Predicate<byte[]> link = d -> true;
    /** Rewrites each client-to-server datagram that {@link #link} let through; null drops it. */
    UnaryOperator<byte[]> toServer = d -> d;
    /** Rewrites each server-to-client datagram that {@link #link} let through; null drops it. */
    UnaryOperator<byte[]> toClient = d -> d;
    /** More datagrams delivered right after each one the client sent (e.g. corrupted copies of it). */
    Function<byte[], List<byte[]>> afterToServer = d -> List.of();
    /** More datagrams delivered right after each one the server sent. */
    Function<byte[], List<byte[]>> afterToClient = d -> List.of();

    private boolean queueStuck;

    DtlsPair(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        client = new BcDtlsTransport(clientConfig);
        server = new BcDtlsTransport(serverConfig);
    }

    static DtlsPair matching(DtlsCertificate clientCert, DtlsCertificate serverCert) {
        return new DtlsPair(DtlsConfig.of(DtlsRole.CLIENT, clientCert, serverCert.fingerprint()),
                DtlsConfig.of(DtlsRole.SERVER, serverCert, clientCert.fingerprint()));
    }

    void start() {
        server.start();
        client.start();
    }

    /** Moves datagrams and collects events until {@code done} holds or {@code millis} pass; returns done. */
    boolean pumpUntil(java.util.function.BooleanSupplier done, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            boolean moved = move(client, server) | move(server, client);
            collect();
            if (done.getAsBoolean()) {
                return true;
            }
            if (!moved) {
                Thread.sleep(1);
            }
        }
        return done.getAsBoolean();
    }

    private boolean move(BcDtlsTransport from, BcDtlsTransport to) {
        boolean moved = false;
        for (byte[] d = from.pollTransmit(); d != null; d = from.pollTransmit()) {
            moved = true;
            if (link.test(d)) {
                byte[] rewritten = (to == server ? toServer : toClient).apply(d);
                if (rewritten != null && rewritten.length > 0) {
                    to.handleDatagram(System.nanoTime(), rewritten, 0, rewritten.length);
                }
                for (byte[] extra : (to == server ? afterToServer : afterToClient).apply(d)) {
                    deliverPaced(to, extra);
                }
            }
        }
        return moved;
    }

    /**
     * Delivers {@code d} once at most half the receiver's queue of records waits for BC's handshake thread, so a
     * burst of extra datagrams is not cut short by the queue's bound. A queue that does not drain within 2 s (no
     * handshake thread reads it any more) is not waited for again.
     */
    private void deliverPaced(BcDtlsTransport to, byte[] d) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!queueStuck && to.inboundQueued() > 256) {
            if (System.nanoTime() > deadline) {
                queueStuck = true;
            }
            LockSupport.parkNanos(200_000);
        }
        to.handleDatagram(System.nanoTime(), d, 0, d.length);
    }

    void collect() {
        for (DtlsEvent e = client.pollEvent(); e != null; e = client.pollEvent()) clientEvents.add(e);
        for (DtlsEvent e = server.pollEvent(); e != null; e = server.pollEvent()) serverEvents.add(e);
    }

    static <T extends DtlsEvent> T first(List<DtlsEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    boolean bothConnected() {
        return first(clientEvents, DtlsEvent.HandshakeComplete.class) != null
                && first(serverEvents, DtlsEvent.HandshakeComplete.class) != null;
    }

    boolean anyFailed() {
        return first(clientEvents, DtlsEvent.Failed.class) != null || first(serverEvents, DtlsEvent.Failed.class) != null;
    }

    void close() {
        client.close();
        server.close();
    }
}
