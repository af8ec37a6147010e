package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handshake recovers when single records of a flight are lost while the rest of their datagram arrives
 * (RFC 6347 §4.2.4: the retransmitted flight must get it going again). Each case once hung Bouncy Castle 1.82 for
 * good, because its record layer (a) applies a ChangeCipherSpec as soon as it has a pending epoch, even while a
 * handshake message sent before the CCS is still missing, and from then on drops every epoch-0 record, and (b)
 * drops a whole datagram when its first record is of an epoch it no longer reads. The links here remove one chosen
 * record from one datagram and deliver the rest, which is what a lossy path does once records travel in separate
 * datagrams.
 */
class DtlsFlightRecoveryTest {
    private static final int HANDSHAKE = 22;
    private static final int CERTIFICATE_VERIFY = 15;
    private static DtlsCertificate clientCert;
    private static DtlsCertificate serverCert;
    private DtlsPair pair;

    @BeforeAll
    static void certificates() {
        clientCert = DtlsCertificate.generateEcdsaP256();
        serverCert = DtlsCertificate.generateEcdsaP256();
    }

    @AfterEach
    void close() {
        if (pair != null) pair.close();
    }

    private DtlsPair fastRetransmitPair() {
        Duration resend = Duration.ofMillis(50);
        return new DtlsPair(DtlsConfig.of(DtlsRole.CLIENT, clientCert, serverCert.fingerprint()).withRetransmitTimeout(resend),
                DtlsConfig.of(DtlsRole.SERVER, serverCert, clientCert.fingerprint()).withRetransmitTimeout(resend));
    }

    /** Seeds 4 and 15 of the lossy test: [Cert, CKE] + [CertificateVerify] (lost) + [CCS, Finished]. */
    @Test
    void serverRecoversWhenCertificateVerifyIsLostButTheChangeCipherSpecArrives() throws Exception {
        pair = fastRetransmitPair();
        AtomicInteger removed = new AtomicInteger();
        pair.toServer = removeFirst(r -> epoch(r) == 0 && type(r) == HANDSHAKE && handshakeType(r) == CERTIFICATE_VERIFY, removed);
        handshake();
        assertTrue(removed.get() == 1, "the link removed the first CertificateVerify");
    }

    /** Seed 8 of the lossy test: the client's Finished is lost, its CCS arrives. */
    @Test
    void serverRecoversWhenTheClientFinishedIsLostButItsChangeCipherSpecArrives() throws Exception {
        pair = fastRetransmitPair();
        AtomicInteger removed = new AtomicInteger();
        pair.toServer = removeFirst(r -> epoch(r) == 1 && type(r) == HANDSHAKE, removed);
        handshake();
        assertTrue(removed.get() == 1, "the link removed the client's first Finished");
    }

    /** The hang that made the previous session hold a lone CCS back: the server's Finished is lost, its CCS arrives. */
    @Test
    void clientRecoversWhenTheServerFinishedIsLostButItsChangeCipherSpecArrives() throws Exception {
        pair = fastRetransmitPair();
        AtomicInteger removed = new AtomicInteger();
        pair.toClient = removeFirst(r -> epoch(r) == 1 && type(r) == HANDSHAKE, removed);
        handshake();
        assertTrue(removed.get() == 1, "the link removed the server's first Finished");
    }

    /** A Finished that overtakes its ChangeCipherSpec cannot be read yet; the retransmitted flight completes it. */
    @Test
    void serverRecoversWhenTheClientFinishedOvertakesItsChangeCipherSpec() throws Exception {
        pair = fastRetransmitPair();
        byte[][] held = new byte[1][];
        AtomicInteger calls = new AtomicInteger();
        pair.toServer = d -> {
            calls.incrementAndGet();
            if (held[0] == null && containsRecord(d, r -> type(r) == 20)) {
                // Deliver the epoch-1 records of this datagram now and the rest with the next datagram.
                held[0] = filter(d, r -> epoch(r) == 0);
                return filter(d, r -> epoch(r) == 1);
            }
            return d;
        };
        pair.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!pair.bothConnected() && System.nanoTime() < deadline) {
            pair.pumpUntil(pair::bothConnected, 5);
            if (held[0] != null && held[0].length > 0) {
                byte[] late = held[0];
                held[0] = new byte[0];
                pair.server.handleDatagram(System.nanoTime(), late, 0, late.length);
            }
        }
        assertTrue(pair.bothConnected(), "handshake: " + pair.clientEvents + " " + pair.serverEvents);
    }

    private void handshake() throws InterruptedException {
        pair.start();
        assertTrue(pair.pumpUntil(pair::bothConnected, 10_000), "handshake: " + pair.clientEvents + " " + pair.serverEvents);
    }

    /** Removes the first record matching {@code which} from the datagrams passing by; the rest of it is delivered. */
    private static UnaryOperator<byte[]> removeFirst(Predicate<Record> which, AtomicInteger removed) {
        return d -> {
            if (removed.get() > 0 || !containsRecord(d, which)) {
                return d;
            }
            removed.incrementAndGet();
            boolean[] done = {false};
            return filter(d, r -> {
                if (!done[0] && which.test(r)) {
                    done[0] = true;
                    return false;
                }
                return true;
            });
        };
    }

    record Record(byte[] d, int off, int len) {}

    private static int type(Record r) { return r.d[r.off] & 0xff; }

    private static int epoch(Record r) { return ((r.d[r.off + 3] & 0xff) << 8) | (r.d[r.off + 4] & 0xff); }

    private static int handshakeType(Record r) { return r.len > 13 ? r.d[r.off + 13] & 0xff : -1; }

    private static boolean containsRecord(byte[] d, Predicate<Record> which) {
        for (int at = 0; at + 13 <= d.length; ) {
            int len = 13 + (((d[at + 11] & 0xff) << 8) | (d[at + 12] & 0xff));
            if (at + len > d.length) return false;
            if (which.test(new Record(d, at, len))) return true;
            at += len;
        }
        return false;
    }

    private static byte[] filter(byte[] d, Predicate<Record> keep) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at + 13 <= d.length; ) {
            int len = 13 + (((d[at + 11] & 0xff) << 8) | (d[at + 12] & 0xff));
            if (at + len > d.length) break;
            if (keep.test(new Record(d, at, len))) out.write(d, at, len);
            at += len;
        }
        return out.toByteArray();
    }
}
