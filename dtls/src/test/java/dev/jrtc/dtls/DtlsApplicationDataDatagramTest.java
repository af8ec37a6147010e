package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How records are packed into datagrams (RFC 6347 §4.1.1): handshake flights share datagrams, application data
 * never does. libdatachannel (node-datachannel 0.33.4) runs OpenSSL with one {@code SSL_read} per received
 * datagram, so a second record in a datagram only came out when the next datagram arrived: SCTP packets bundled
 * behind another reached usrsctp late or never, channels opened in seconds and the association stalled once
 * messages were bigger than a packet.
 */
class DtlsApplicationDataDatagramTest {
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

    @Test
    void handshakeRecordsStillShareADatagram() throws Exception {
        pair = DtlsPair.matching(clientCert, serverCert);
        List<Integer> recordsPerDatagram = new ArrayList<>();
        pair.link = d -> {
            recordsPerDatagram.add(records(d).size());
            return true;
        };
        pair.start();
        assertTrue(pair.pumpUntil(pair::bothConnected, 10_000), "handshake: " + pair.clientEvents + " " + pair.serverEvents);
        assertTrue(recordsPerDatagram.stream().anyMatch(n -> n > 1),
                "a flight's records (ChangeCipherSpec and Finished at least) are packed: " + recordsPerDatagram);
    }

    @Test
    void eachApplicationDataRecordTravelsInADatagramOfItsOwn() throws Exception {
        connect();
        Random r = new Random(10);
        int[] sizes = {16, 28, 1, 1100, 44, 60, 300, 12};
        for (int size : sizes) {
            byte[] m = new byte[size];
            r.nextBytes(m);
            pair.server.send(m, 0, m.length);
        }
        int datagrams = 0;
        for (byte[] d = pair.server.pollTransmit(); d != null; d = pair.server.pollTransmit()) {
            List<byte[]> records = records(d);
            assertEquals(1, records.size(), "datagram " + datagrams + " holds " + DtlsRecords.describe(d, 0, d.length));
            assertTrue(DtlsRecords.isApplicationData(records.get(0)));
            datagrams++;
        }
        assertEquals(sizes.length, datagrams);
    }

    /**
     * The receiver libdatachannel is: every datagram goes into OpenSSL's buffer, then one record comes out. With
     * application data one record to a datagram, each message arrives with the datagram that carries it.
     */
    @Test
    void aReceiverThatReadsOneRecordPerDatagramGetsEveryMessageAtOnce() throws Exception {
        connect();
        byte[][] messages = {
            {1, 2, 3},                      // think SACK
            new byte[] {4, 5, 6, 7, 8},     // DATA behind it
            new byte[] {9},                 // DCEP ACK
        };
        for (byte[] m : messages) pair.server.send(m, 0, m.length);
        ArrayDeque<byte[]> opensslBuffer = new ArrayDeque<>();
        for (byte[] d = pair.server.pollTransmit(); d != null; d = pair.server.pollTransmit()) {
            opensslBuffer.addAll(records(d));
            byte[] one = opensslBuffer.poll();
            pair.client.handleDatagram(System.nanoTime(), one, 0, one.length);
        }
        pair.collect();
        List<byte[]> received = pair.clientEvents.stream().filter(DtlsEvent.ApplicationData.class::isInstance)
                .map(e -> ((DtlsEvent.ApplicationData) e).data()).toList();
        assertEquals(messages.length, received.size(), "records left waiting in the reader: " + opensslBuffer.size());
        for (int i = 0; i < messages.length; i++) assertArrayEquals(messages[i], received.get(i));
    }

    private void connect() throws InterruptedException {
        pair = DtlsPair.matching(clientCert, serverCert);
        pair.start();
        assertTrue(pair.pumpUntil(pair::bothConnected, 10_000), "handshake: " + pair.clientEvents + " " + pair.serverEvents);
        // Nothing of the handshake left in flight (a late retransmission would share no datagram with data anyway).
        pair.pumpUntil(() -> false, 50);
        pair.clientEvents.clear();
        pair.serverEvents.clear();
    }

    private static List<byte[]> records(byte[] datagram) {
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < datagram.length; ) {
            int n = DtlsRecords.recordLength(datagram, at, datagram.length);
            assertTrue(n > 0, "whole records only");
            out.add(Arrays.copyOfRange(datagram, at, at + n));
            at += n;
        }
        return out;
    }
}
