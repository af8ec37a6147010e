package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Bouncy Castle's handshake in lock step with a virtual clock ({@link BcDtlsTransport}'s virtual-time mode): its
 * retransmission timer (RFC 6347 §4.2.4) is reported by pollTimeout on the virtual clock and fires from
 * handleTimeout, so flights go out at the same virtual instants in every run.
 */
class DtlsVirtualTimeHandshakeTest {
    private static final long MS = 1_000_000L;
    private static final long DELAY = 10 * MS;
    private static final Duration RETRANSMIT = Duration.ofMillis(200);

    @Test
    void aLostClientHelloIsResentOneRetransmitTimeoutLater() {
        // The first datagram (the ClientHello) is lost; nothing else is.
        List<String> trace = handshake(n -> n != 0, new long[1]);
        assertEquals("0 ms client datagram 0 lost", trace.get(0));
        assertEquals(RETRANSMIT.toMillis() + " ms client datagram 1", trace.get(1));
        assertTrue(trace.contains("both connected"), String.join("\n", trace));
    }

    @Test
    void theSameLossGivesTheSameFlightTimes() {
        // The server's first flight and then the client's second are lost once each.
        IntPredicate delivered = n -> n != 1 && n != 3;
        List<String> first = handshake(delivered, new long[1]);
        List<String> second = handshake(delivered, new long[1]);
        assertTrue(first.contains("both connected"), String.join("\n", first));
        assertTrue(first.stream().anyMatch(l -> l.endsWith("lost")), "some flights were lost: " + first);
        assertEquals(first, second);
    }

    private record InFlight(long at, long sequence, boolean toServer, byte[] data) {}

    /** One handshake over a 10 ms link; {@code delivered} decides for the n-th datagram (both ways counted). */
    private static List<String> handshake(IntPredicate delivered, long[] clock) {
        DtlsCertificate clientCert = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate serverCert = DtlsCertificate.generateEcdsaP256();
        BcDtlsTransport client = new BcDtlsTransport(DtlsConfig.of(DtlsRole.CLIENT, clientCert, serverCert.fingerprint())
                .withRetransmitTimeout(RETRANSMIT), () -> clock[0]);
        BcDtlsTransport server = new BcDtlsTransport(DtlsConfig.of(DtlsRole.SERVER, serverCert, clientCert.fingerprint())
                .withRetransmitTimeout(RETRANSMIT), () -> clock[0]);
        List<String> trace = new ArrayList<>();
        PriorityQueue<InFlight> link = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.sequence, b.sequence));
        int[] count = new int[1];
        boolean clientDone = false;
        boolean serverDone = false;
        try {
            server.start();
            client.start();
            while (!(clientDone && serverDone) && clock[0] < 20_000 * MS) {
                for (BcDtlsTransport from : List.of(client, server)) {
                    for (byte[] d = from.pollTransmit(); d != null; d = from.pollTransmit()) {
                        int n = count[0]++;
                        String name = (from == client ? "client" : "server") + " datagram " + n;
                        boolean ok = delivered.test(n);
                        trace.add(clock[0] / MS + " ms " + name + (ok ? "" : " lost"));
                        if (ok) link.add(new InFlight(clock[0] + DELAY, n, from == client, d));
                    }
                }
                for (DtlsEvent e = client.pollEvent(); e != null; e = client.pollEvent()) {
                    clientDone |= e instanceof DtlsEvent.HandshakeComplete;
                    assertTrue(!(e instanceof DtlsEvent.Failed), e + " after " + trace);
                }
                for (DtlsEvent e = server.pollEvent(); e != null; e = server.pollEvent()) {
                    serverDone |= e instanceof DtlsEvent.HandshakeComplete;
                    assertTrue(!(e instanceof DtlsEvent.Failed), e + " after " + trace);
                }
                if (clientDone && serverDone) break;
                long timer = Math.min(client.pollTimeout(), server.pollTimeout());
                long delivery = link.isEmpty() ? Long.MAX_VALUE : link.peek().at;
                long next = Math.min(timer, delivery);
                assertTrue(next != Long.MAX_VALUE, "stalled: " + trace);
                clock[0] = Math.max(clock[0], next);
                if (delivery <= timer) {
                    InFlight d = link.poll();
                    (d.toServer ? server : client).handleDatagram(clock[0], d.data, 0, d.data.length);
                } else {
                    client.handleTimeout(clock[0]);
                    server.handleTimeout(clock[0]);
                }
            }
        } finally {
            client.close();
            server.close();
        }
        assertNotNull(trace);
        if (clientDone && serverDone) trace.add("both connected");
        return trace;
    }
}
