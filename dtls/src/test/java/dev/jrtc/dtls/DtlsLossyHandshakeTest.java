package dev.jrtc.dtls;

import static dev.jrtc.dtls.DtlsPair.first;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The handshake survives a path losing 20% of datagrams through BC's retransmissions (RFC 6347 §4.2.4). The
 * testkit network decides loss and reordering by seed; time is real, because BC's timers read the clock. Before
 * records were coalesced into datagrams, seeds 1 and 2 hung: a lost Finished behind a delivered ChangeCipherSpec
 * left BC's client waiting without retransmitting.
 */
class DtlsLossyHandshakeTest {
    private static final int SEEDS = 5;
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.1", 5000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.2", 5000);

    /**
     * Disabled, on purpose and not as "done": about 1 handshake in 25 stalls here with no loss involved. The
     * client's flight 5 arrives whole, the server keeps resending flight 4 and never accepts it (trace and
     * hypotheses in the closing note of the DTLS issue). Re-enable once that race is fixed.
     */
    @Disabled("known handshake stall under real-time pumping: server ignores a complete client flight 5; see DTLS issue note")
    @Test
    void handshakeCompletesOverTwentyPercentLoss() throws Exception {
        DtlsCertificate clientCert = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate serverCert = DtlsCertificate.generateEcdsaP256();
        int completed = 0;
        long lost = 0;
        long sent = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            // 100 ms first resend (instead of browsers' 1 s) so enough retries fit in the test's real-time budget.
            Duration resend = Duration.ofMillis(100);
            BcDtlsTransport client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, clientCert, serverCert.fingerprint()).withRetransmitTimeout(resend));
            BcDtlsTransport server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, serverCert, clientCert.fingerprint()).withRetransmitTimeout(resend));
            VirtualNetwork net = new VirtualNetwork(seed);
            net.setDefaultConditions(new LinkConditions(1_000_000, 2_000_000, 0.20, 0.0, 0.0));
            VirtualSocket cs = net.bind(CLIENT, (now, from, to, d) -> client.handleDatagram(now, d, 0, d.length));
            VirtualSocket ss = net.bind(SERVER, (now, from, to, d) -> server.handleDatagram(now, d, 0, d.length));
            List<DtlsEvent> clientEvents = new ArrayList<>();
            List<DtlsEvent> serverEvents = new ArrayList<>();
            server.start();
            client.start();
            long start = System.nanoTime();
            long deadline = start + 20_000_000_000L;
            while (System.nanoTime() < deadline && !(first(clientEvents, DtlsEvent.HandshakeComplete.class) != null
                    && first(serverEvents, DtlsEvent.HandshakeComplete.class) != null)) {
                long now = System.nanoTime() - start;
                for (byte[] d = client.pollTransmit(); d != null; d = client.pollTransmit()) cs.send(now, SERVER, d);
                for (byte[] d = server.pollTransmit(); d != null; d = server.pollTransmit()) ss.send(now, CLIENT, d);
                net.deliverDue(now);
                for (DtlsEvent e = client.pollEvent(); e != null; e = client.pollEvent()) clientEvents.add(e);
                for (DtlsEvent e = server.pollEvent(); e != null; e = server.pollEvent()) serverEvents.add(e);
                Thread.sleep(1);
            }
            assertTrue(first(clientEvents, DtlsEvent.HandshakeComplete.class) != null
                    && first(serverEvents, DtlsEvent.HandshakeComplete.class) != null,
                    "seed " + seed + ": " + clientEvents + " " + serverEvents + ", lost " + net.lost() + " of " + net.sent());
            lost += net.lost();
            sent += net.sent();
            assertArrayEquals(first(clientEvents, DtlsEvent.HandshakeComplete.class).srtp().localMasterKey(),
                    first(serverEvents, DtlsEvent.HandshakeComplete.class).srtp().remoteMasterKey());
            completed++;
            client.close();
            server.close();
        }
        assertTrue(completed == SEEDS);
        assertTrue(lost >= sent / 10, "the path really lost datagrams: " + lost + " of " + sent);
    }
}
