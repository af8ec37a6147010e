package dev.jrtc.dtls;

import static dev.jrtc.dtls.DtlsPair.first;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peers that start a DTLS handshake (RFC 6347 §4.2.4) and go silent cannot hold the shared handshake workers: with
 * more stalled handshakes than workers, on both roles, an unrelated honest handshake on the same
 * {@link DtlsHandshakeWorkers} still completes long before the stalled ones time out.
 */
class DtlsStalledPeersTest {
    private static final int WORKERS = 2;

    @Test
    void moreStalledPeersThanWorkersDoNotDelayAnHonestHandshake() throws Exception {
        DtlsCertificate ours = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate theirs = DtlsCertificate.generateEcdsaP256();
        Duration stallFor = Duration.ofSeconds(120); // far beyond the test's bound: only a freed worker lets it pass
        List<BcDtlsTransport> all = new ArrayList<>();
        List<BcDtlsTransport> stalled = new ArrayList<>();
        try (DtlsHandshakeWorkers workers = new DtlsHandshakeWorkers(WORKERS, 64, "stalled-test-")) {
            // WORKERS + 1 servers whose client sent a ClientHello and then nothing more...
            for (int i = 0; i < WORKERS + 1; i++) {
                BcDtlsTransport attacker = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, theirs, ours.fingerprint()));
                BcDtlsTransport server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, ours, theirs.fingerprint())
                        .withHandshakeTimeout(stallFor).withHandshakeExecutor(workers));
                all.add(attacker);
                all.add(server);
                stalled.add(server);
                attacker.start();
                byte[] hello = awaitTransmit(attacker);
                server.start();
                server.handleDatagram(System.nanoTime(), hello, 0, hello.length);
                attacker.close();
            }
            // ... and WORKERS + 1 clients whose server never answers.
            for (int i = 0; i < WORKERS + 1; i++) {
                BcDtlsTransport client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, ours, theirs.fingerprint())
                        .withHandshakeTimeout(stallFor).withHandshakeExecutor(workers));
                all.add(client);
                stalled.add(client);
                client.start();
            }
            // Every stalled handshake got going (flights sent) and then waits for its peer.
            for (BcDtlsTransport t : stalled) {
                awaitTransmit(t);
            }
            assertTrue(workers.threadCount() >= 2 * (WORKERS + 1), "each stalled handshake has its thread");

            DtlsPair honest = new DtlsPair(
                    DtlsConfig.of(DtlsRole.CLIENT, ours, ours.fingerprint()).withHandshakeExecutor(workers),
                    DtlsConfig.of(DtlsRole.SERVER, ours, ours.fingerprint()).withHandshakeExecutor(workers));
            try {
                honest.start();
                assertTrue(honest.pumpUntil(honest::bothConnected, 20_000),
                        "the honest handshake completed beside " + 2 * (WORKERS + 1) + " stalled ones: "
                                + honest.clientEvents + " " + honest.serverEvents);
            } finally {
                honest.close();
            }
            for (BcDtlsTransport t : stalled) {
                assertNull(first(drain(t), DtlsEvent.HandshakeComplete.class));
            }
            assertTrue(workers.threadCount() <= 2 * (WORKERS + 1) + 2, "a thread per handshake, no more: "
                    + workers.threadCount());
            assertEquals(0, workers.computingCount(), "every stalled handshake waits without a worker");
        } finally {
            for (BcDtlsTransport t : all) t.close();
        }
    }

    private static List<DtlsEvent> drain(BcDtlsTransport t) {
        List<DtlsEvent> events = new ArrayList<>();
        for (DtlsEvent e = t.pollEvent(); e != null; e = t.pollEvent()) events.add(e);
        return events;
    }

    private static byte[] awaitTransmit(BcDtlsTransport t) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            byte[] d = t.pollTransmit();
            if (d != null) return d;
            Thread.sleep(5);
        }
        throw new AssertionError("no flight within 10 s");
    }
}
