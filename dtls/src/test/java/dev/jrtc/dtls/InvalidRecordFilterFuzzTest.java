package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bouncycastle.tls.CipherSuite;

/**
 * Arbitrary datagrams from the peer, as {@link QueueDatagramTransport} splits and screens them for Bouncy Castle
 * during a handshake: no exception, and what reaches BC is what {@link InvalidRecordFilter} promises: whole records
 * within the receive limit, plaintext ones numbered 0, 1, 2 ... and well formed, epoch-1 ones long enough for the
 * suite's nonce and tag. Seeds: real handshake records, and broken copies of them. The seeds replay in every build;
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class InvalidRecordFilterFuzzTest {
    private static final int[] SUITES = {-1, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};

    /**
     * {@code data}: one byte choosing the suite (its value modulo 3 indexes {@link #SUITES}) and role (bit 7), then
     * datagrams, each a 2-byte length and that many bytes (the last one may be short).
     */
    @FuzzTest(maxDuration = "30s")
    void onlyValidRecordsReachBouncyCastle(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        int suite = SUITES[(data[0] & 0x7f) % SUITES.length];
        DtlsRole role = data[0] < 0 ? DtlsRole.CLIENT : DtlsRole.SERVER;
        QueueDatagramTransport q = new QueueDatagramTransport(role, 1200, null, () -> suite);
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        long plaintextRecords = 0;
        for (int at = 1; at + 2 <= data.length; ) {
            int len = Math.min(((data[at] & 0xff) << 8) | (data[at + 1] & 0xff), data.length - at - 2);
            q.offer(data, at + 2, len);
            at += 2 + len;
            for (int n = q.receive(buf, 0, buf.length, 0); n >= 0; n = q.receive(buf, 0, buf.length, 0)) {
                assertEquals(n, DtlsRecords.recordLength(buf, 0, n), "a whole record");
                int epoch = DtlsRecords.epoch(buf, 0);
                if (epoch == 0) {
                    assertEquals(plaintextRecords++, DtlsRecords.sequenceNumber(buf, 0), "renumbered in order");
                    if (buf[0] == DtlsRecords.HANDSHAKE) {
                        assertTrue(DtlsRecords.wellFormedHandshake(buf, 0, n));
                        assertTrue(DtlsRecords.largestHandshakeMessage(buf, 0, n) <= QueueDatagramTransport.MAX_HANDSHAKE_MESSAGE_LENGTH);
                    }
                } else {
                    assertEquals(1, epoch);
                    assertTrue(n - DtlsRecords.HEADER_LENGTH >= InvalidRecordFilter.minimumCiphertext(suite));
                }
            }
        }
    }
}
