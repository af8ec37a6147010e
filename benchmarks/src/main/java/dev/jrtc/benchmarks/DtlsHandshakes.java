package dev.jrtc.benchmarks;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsEvent;

/** Pumps two in-memory DTLS transports until both report their handshake, spinning so latency is not hidden by sleeps. */
final class DtlsHandshakes {
    private DtlsHandshakes() {}

    static void connect(BcDtlsTransport client, BcDtlsTransport server, long timeoutMillis) {
        server.start();
        client.start();
        boolean clientDone = false;
        boolean serverDone = false;
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!(clientDone && serverDone)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("DTLS handshake did not complete in " + timeoutMillis + " ms");
            }
            for (byte[] d = client.pollTransmit(); d != null; d = client.pollTransmit()) server.handleDatagram(0, d, 0, d.length);
            for (byte[] d = server.pollTransmit(); d != null; d = server.pollTransmit()) client.handleDatagram(0, d, 0, d.length);
            clientDone |= done(client);
            serverDone |= done(server);
            Thread.onSpinWait();
        }
    }

    private static boolean done(BcDtlsTransport t) {
        for (DtlsEvent e = t.pollEvent(); e != null; e = t.pollEvent()) {
            if (e instanceof DtlsEvent.HandshakeComplete) return true;
            if (e instanceof DtlsEvent.Failed f) throw new IllegalStateException(f.reason(), f.cause());
        }
        return false;
    }
}
