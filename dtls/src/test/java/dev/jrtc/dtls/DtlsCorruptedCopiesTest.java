package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bit-flipped copies of the peer's own datagrams, arriving from the peer's address right after the genuine ones,
 * neither stall a handshake nor end a session: RFC 6347 §4.1.2.7 discards invalid records and keeps the
 * association. Found by the soak (its impairment proxy sends such copies); each named case below once broke
 * Bouncy Castle 1.82:
 * <ul>
 * <li>an epoch-0 (plaintext) record is not authenticated, yet BC's replay window takes its sequence number: a copy
 *     whose number has a high bit flipped moved the window past every genuine record still to come, so the peer's
 *     ChangeCipherSpec was discarded as "too old" until the handshake timed out (and the timed-out side's
 *     internal_error alert then killed the peer that had finished);</li>
 * <li>a record of epoch 1 too short to hold an AEAD nonce and tag (a ChangeCipherSpec copy with its epoch bit
 *     flipped) made BC raise decode_error instead of discarding it, which ended the session.</li>
 * </ul>
 */
class DtlsCorruptedCopiesTest {
    private static final int SEEDS = Integer.getInteger("jrtc.dtls.corruptSeeds", 3);
    private static final int HANDSHAKE = 22;
    private static final int CHANGE_CIPHER_SPEC = 20;
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

    private static DtlsPair newPair() {
        // Fast resends, so a lost record costs little real time; 20 s is far beyond what the handshake needs.
        Duration resend = Duration.ofMillis(100);
        Duration timeout = Duration.ofSeconds(20);
        return new DtlsPair(
                DtlsConfig.of(DtlsRole.CLIENT, clientCert, serverCert.fingerprint()).withRetransmitTimeout(resend).withHandshakeTimeout(timeout),
                DtlsConfig.of(DtlsRole.SERVER, serverCert, clientCert.fingerprint()).withRetransmitTimeout(resend).withHandshakeTimeout(timeout));
    }

    @Test
    void aCopyWhoseSequenceNumberJumpsDoesNotStallTheHandshake() throws Exception {
        pair = newPair();
        // Each plaintext handshake record comes again with 256 added to its sequence number (a ChangeCipherSpec does
        // not: shifted too, it would be read in place of the genuine one and hide the damage).
        pair.afterToClient = d -> List.of(flipInEachRecord(d, r -> d[r] == HANDSHAKE && epoch(d, r) == 0, 9, 0));
        pair.afterToServer = d -> List.of(flipInEachRecord(d, r -> d[r] == HANDSHAKE && epoch(d, r) == 0, 9, 0));
        handshake();
    }

    @Test
    void aChangeCipherSpecCopyMovedToEpochOneDoesNotEndTheSession() throws Exception {
        pair = newPair();
        List<byte[]> toClient = new ArrayList<>();
        List<byte[]> toServer = new ArrayList<>();
        pair.afterToClient = d -> {
            toClient.add(d);
            return List.of();
        };
        pair.afterToServer = d -> {
            toServer.add(d);
            return List.of();
        };
        handshake();
        long droppedBefore = pair.client.droppedDatagrams() + pair.server.droppedDatagrams();
        // The final flights again, their ChangeCipherSpec now claiming epoch 1 (a 1-byte "ciphertext").
        for (byte[] d : toClient) {
            byte[] copy = flipInEachRecord(d, r -> d[r] == CHANGE_CIPHER_SPEC, 4, 0);
            pair.client.handleDatagram(System.nanoTime(), copy, 0, copy.length);
        }
        for (byte[] d : toServer) {
            byte[] copy = flipInEachRecord(d, r -> d[r] == CHANGE_CIPHER_SPEC, 4, 0);
            pair.server.handleDatagram(System.nanoTime(), copy, 0, copy.length);
        }
        exchange(20, d -> List.of());
        assertTrue(pair.client.droppedDatagrams() + pair.server.droppedDatagrams() > droppedBefore, "the copies were counted");
    }

    /**
     * Every datagram of the handshake is followed by copies with each header bit flipped, and random flips.
     * {@code -Djrtc.dtls.corruptSeeds=30} runs more seeds.
     */
    @Test
    void handshakeCompletesWhenEveryDatagramIsFollowedByBitFlippedCopies() throws Exception {
        for (long seed = 1; seed <= SEEDS; seed++) {
            pair = newPair();
            Random random = new Random(seed);
            pair.afterToClient = d -> bitFlippedCopies(d, random);
            pair.afterToServer = d -> bitFlippedCopies(d, random);
            handshake();
            String at = "seed " + seed + ": ";
            assertTrue(pair.client.droppedDatagrams() > 0 && pair.server.droppedDatagrams() > 0,
                    at + "drops counted: client " + pair.client.droppedDatagrams() + ", server " + pair.server.droppedDatagrams());
            pair.close();
        }
    }

    /**
     * Once connected, every datagram both ways (application data, and whatever of the handshake is still in flight)
     * is followed by bit-flipped copies: every message arrives once and intact, the session stays up.
     */
    @Test
    void anEstablishedSessionKeepsEveryMessageWhileBitFlippedCopiesFollowEachRecord() throws Exception {
        pair = newPair();
        List<byte[]> handshakeToClient = new ArrayList<>();
        List<byte[]> handshakeToServer = new ArrayList<>();
        pair.afterToClient = d -> {
            handshakeToClient.add(d);
            return List.of();
        };
        pair.afterToServer = d -> {
            handshakeToServer.add(d);
            return List.of();
        };
        handshake();
        Random random = new Random(7);
        // The handshake's datagrams again, corrupted, as late copies do.
        for (byte[] d : handshakeToClient) {
            for (byte[] copy : bitFlippedCopies(d, random)) pair.client.handleDatagram(System.nanoTime(), copy, 0, copy.length);
        }
        for (byte[] d : handshakeToServer) {
            for (byte[] copy : bitFlippedCopies(d, random)) pair.server.handleDatagram(System.nanoTime(), copy, 0, copy.length);
        }
        long droppedBefore = pair.client.droppedDatagrams() + pair.server.droppedDatagrams();
        exchange(40, d -> bitFlippedCopies(d, random));
        assertTrue(pair.client.droppedDatagrams() + pair.server.droppedDatagrams() > droppedBefore + 40 * 100,
                "the copies were counted: client " + pair.client.droppedDatagrams() + ", server " + pair.server.droppedDatagrams());
    }

    private void handshake() throws InterruptedException {
        pair.start();
        assertTrue(pair.pumpUntil(() -> pair.bothConnected() || pair.anyFailed(), 30_000),
                "handshake timed out: " + pair.clientEvents + " " + pair.serverEvents);
        assertTrue(pair.bothConnected(), "handshake: " + pair.clientEvents + " " + pair.serverEvents);
        assertArrayEquals(DtlsPair.first(pair.clientEvents, DtlsEvent.HandshakeComplete.class).srtp().localMasterKey(),
                DtlsPair.first(pair.serverEvents, DtlsEvent.HandshakeComplete.class).srtp().remoteMasterKey());
    }

    /** Sends {@code count} messages each way with {@code copies} after each datagram; each must arrive once, intact. */
    private void exchange(int count, java.util.function.Function<byte[], List<byte[]>> copies) throws InterruptedException {
        pair.pumpUntil(() -> false, 20);
        pair.clientEvents.clear();
        pair.serverEvents.clear();
        pair.afterToClient = copies;
        pair.afterToServer = copies;
        Random r = new Random(3);
        List<byte[]> toServer = new ArrayList<>();
        List<byte[]> toClient = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] a = new byte[1 + r.nextInt(1000)];
            byte[] b = new byte[1 + r.nextInt(40)];
            r.nextBytes(a);
            r.nextBytes(b);
            toServer.add(a);
            toClient.add(b);
            pair.client.send(a, 0, a.length);
            pair.server.send(b, 0, b.length);
            pair.pumpUntil(() -> false, 1);
        }
        pair.pumpUntil(() -> received(pair.serverEvents).size() >= count && received(pair.clientEvents).size() >= count, 10_000);
        pair.pumpUntil(() -> false, 20);
        assertNull(DtlsPair.first(pair.clientEvents, DtlsEvent.Failed.class), "client: " + pair.clientEvents);
        assertNull(DtlsPair.first(pair.serverEvents, DtlsEvent.Failed.class), "server: " + pair.serverEvents);
        assertMessages(toServer, received(pair.serverEvents));
        assertMessages(toClient, received(pair.clientEvents));
    }

    private static void assertMessages(List<byte[]> sent, List<byte[]> received) {
        assertEquals(sent.size(), received.size(), "messages received");
        for (int i = 0; i < sent.size(); i++) assertArrayEquals(sent.get(i), received.get(i), "message " + i);
    }

    private static List<byte[]> received(List<DtlsEvent> events) {
        return events.stream().filter(DtlsEvent.ApplicationData.class::isInstance)
                .map(e -> ((DtlsEvent.ApplicationData) e).data()).toList();
    }

    /**
     * Copies of {@code d}: one for every bit of every record header and (plaintext) handshake fragment header
     * flipped alone, 32 with one random bit flipped, and 64 with 2 to 4 random bits flipped, one of them in a header.
     */
    static List<byte[]> bitFlippedCopies(byte[] d, Random random) {
        List<Integer> headerBytes = new ArrayList<>();
        for (int at = 0; at < d.length; ) {
            int n = DtlsRecords.recordLength(d, at, d.length);
            if (n < 0) break;
            for (int i = 0; i < DtlsRecords.HEADER_LENGTH; i++) headerBytes.add(at + i);
            if (d[at] == HANDSHAKE && epoch(d, at) == 0) {
                for (int f = at + DtlsRecords.HEADER_LENGTH; at + n - f >= 12; ) {
                    for (int i = 0; i < 12; i++) headerBytes.add(f + i);
                    f += 12 + u24(d, f + 9);
                }
            }
            at += n;
        }
        List<byte[]> copies = new ArrayList<>();
        for (int b : headerBytes) {
            for (int bit = 0; bit < 8; bit++) copies.add(flipped(d, b, bit));
        }
        for (int i = 0; i < 32; i++) copies.add(flipped(d, random.nextInt(d.length), random.nextInt(8)));
        for (int i = 0; i < 64; i++) {
            byte[] c = flipped(d, headerBytes.get(random.nextInt(headerBytes.size())), random.nextInt(8));
            for (int k = 1 + random.nextInt(3); k > 0; k--) c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
            copies.add(c);
        }
        return copies;
    }

    private static byte[] flipped(byte[] d, int at, int bit) {
        byte[] c = Arrays.copyOf(d, d.length);
        c[at] ^= (byte) (1 << bit);
        return c;
    }

    /** A copy of {@code d} with bit {@code bit} of header byte {@code headerByte} flipped in each record chosen. */
    private static byte[] flipInEachRecord(byte[] d, java.util.function.IntPredicate which, int headerByte, int bit) {
        byte[] c = Arrays.copyOf(d, d.length);
        for (int at = 0; at < d.length; ) {
            int n = DtlsRecords.recordLength(d, at, d.length);
            if (n < 0) break;
            if (which.test(at)) c[at + headerByte] ^= (byte) (1 << bit);
            at += n;
        }
        return c;
    }

    private static int epoch(byte[] d, int at) {
        return DtlsRecords.epoch(d, at);
    }

    private static int u24(byte[] d, int at) {
        return ((d[at] & 0xff) << 16) | ((d[at + 1] & 0xff) << 8) | (d[at + 2] & 0xff);
    }
}
