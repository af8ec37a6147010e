package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.CipherSuite;
import org.junit.jupiter.api.Test;

/** Which records {@link InvalidRecordFilter} keeps from Bouncy Castle, and how plaintext ones are renumbered. */
class InvalidRecordFilterTest {
    private static final int GCM = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    private static final int CHACHA = CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256;

    private static byte[] record(int type, int epoch, long seq, byte[] fragment) {
        byte[] r = new byte[13 + fragment.length];
        r[0] = (byte) type;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[3] = (byte) (epoch >>> 8);
        r[4] = (byte) epoch;
        DtlsRecords.setSequenceNumber(r, 0, seq);
        r[11] = (byte) (fragment.length >>> 8);
        r[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 13, fragment.length);
        return r;
    }

    /** A handshake fragment: message {@code messageSeq} of {@code length} bytes, {@code body} at {@code offset}. */
    private static byte[] fragment(int type, int messageSeq, int length, int offset, byte[] body) {
        byte[] f = new byte[12 + body.length];
        f[0] = (byte) type;
        f[1] = (byte) (length >>> 16);
        f[2] = (byte) (length >>> 8);
        f[3] = (byte) length;
        f[4] = (byte) (messageSeq >>> 8);
        f[5] = (byte) messageSeq;
        f[6] = (byte) (offset >>> 16);
        f[7] = (byte) (offset >>> 8);
        f[8] = (byte) offset;
        f[9] = (byte) (body.length >>> 16);
        f[10] = (byte) (body.length >>> 8);
        f[11] = (byte) body.length;
        System.arraycopy(body, 0, f, 12, body.length);
        return f;
    }

    private static byte[] bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    private static List<byte[]> taken(QueueDatagramTransport q) throws Exception {
        List<byte[]> out = new ArrayList<>();
        byte[] buf = new byte[QueueDatagramTransport.RECEIVE_LIMIT];
        for (int n = q.receive(buf, 0, buf.length, 0); n >= 0; n = q.receive(buf, 0, buf.length, 0)) {
            out.add(java.util.Arrays.copyOf(buf, n));
        }
        return out;
    }

    private static boolean offer(QueueDatagramTransport q, byte[] r) {
        return q.offer(r, 0, r.length);
    }

    @Test
    void plaintextRecordsRepeatingASequenceNumberOrJumpingFarAheadAreDroppedTheRestRenumbered() throws Exception {
        QueueDatagramTransport q = new QueueDatagramTransport(DtlsRole.CLIENT, 1200, null, () -> GCM);
        assertTrue(offer(q, record(22, 0, 0, fragment(2, 1, 4, 0, bytes(4, 1)))));
        assertTrue(offer(q, record(22, 0, 1, fragment(11, 2, 4, 0, bytes(4, 2)))));
        assertFalse(offer(q, record(22, 0, 1, fragment(11, 2, 4, 0, bytes(4, 2)))), "a repeat");
        assertFalse(offer(q, record(22, 0, 1 + 1 + InvalidRecordFilter.MAX_SEQUENCE_JUMP, fragment(14, 3, 0, 0, new byte[0]))),
                "far beyond the highest seen");
        assertTrue(offer(q, record(22, 0, 1 + 256, fragment(14, 3, 0, 0, new byte[0]))), "a jump a peer could make");
        assertTrue(offer(q, record(22, 0, 2, fragment(14, 4, 0, 0, new byte[0]))), "an older record not seen yet");
        assertEquals(2, q.dropped());
        List<byte[]> toBc = taken(q);
        assertEquals(4, toBc.size());
        for (int i = 0; i < toBc.size(); i++) {
            assertEquals(i, DtlsRecords.sequenceNumber(toBc.get(i), 0), "BC sees plaintext records numbered in order");
        }
    }

    @Test
    void plaintextContentsMustBeWellFormedAndAgreeWithBytesAlreadyReceived() throws Exception {
        QueueDatagramTransport q = new QueueDatagramTransport(DtlsRole.CLIENT, 1200, null, () -> GCM);
        assertTrue(offer(q, record(22, 0, 0, fragment(11, 1, 8, 0, bytes(4, 7)))));
        assertFalse(offer(q, record(22, 0, 1, fragment(11, 1, 8, 2, new byte[] {9, 9, 9, 9}))), "bytes 2-3 differ");
        assertFalse(offer(q, record(22, 0, 2, fragment(12, 1, 8, 4, bytes(4, 9)))), "another type for message 1");
        assertFalse(offer(q, record(22, 0, 3, fragment(11, 1, 9, 4, bytes(4, 9)))), "another length for message 1");
        assertTrue(offer(q, record(22, 0, 4, fragment(11, 1, 8, 2, new byte[] {7, 7, 9, 9, 9, 9}))), "agrees, and completes");
        byte[] twoFragmentsOneShort = record(22, 0, 5, concat(fragment(14, 2, 0, 0, new byte[0]), new byte[] {1, 2, 3}));
        assertFalse(offer(q, twoFragmentsOneShort), "trailing bytes that are no whole fragment");
        assertFalse(offer(q, record(22, 0, 6, fragment(14, 2, 2, 1, bytes(2, 0)))), "a fragment beyond its message");
        assertFalse(offer(q, record(20, 0, 7, new byte[] {1, 1})), "a ChangeCipherSpec of two bytes");
        assertFalse(offer(q, record(20, 0, 8, new byte[] {2})), "a ChangeCipherSpec that is not 1");
        assertFalse(offer(q, record(21, 0, 9, new byte[] {2, 40, 0})), "an alert of three bytes");
        assertFalse(offer(q, record(23, 0, 10, bytes(30, 0))), "application data in plaintext");
        assertEquals(9, q.dropped());
        assertEquals(2, taken(q).size());
    }

    @Test
    void encryptedRecordsMustHoldTheAeadNonceAndTagAndBeOfEpochOne() {
        QueueDatagramTransport gcm = new QueueDatagramTransport(DtlsRole.CLIENT, 1200, null, () -> GCM);
        assertFalse(offer(gcm, record(20, 1, 9, new byte[] {1})), "a ChangeCipherSpec copy moved to epoch 1");
        assertFalse(offer(gcm, record(23, 1, 9, bytes(23, 0))), "23 bytes: less than 8 of nonce and 16 of tag");
        assertTrue(offer(gcm, record(23, 1, 9, bytes(24, 0))));
        assertFalse(offer(gcm, record(23, 2, 9, bytes(40, 0))), "epoch 2 never exists without renegotiation");
        assertFalse(offer(gcm, record(24, 1, 10, bytes(40, 0))), "heartbeat, never negotiated");
        assertEquals(4, gcm.dropped());
        QueueDatagramTransport chacha = new QueueDatagramTransport(DtlsRole.CLIENT, 1200, null, () -> CHACHA);
        assertTrue(offer(chacha, record(21, 1, 1, bytes(18, 0))), "a ChaCha20-Poly1305 alert: 2 bytes and a 16-byte tag");
        assertFalse(offer(chacha, record(21, 1, 2, bytes(15, 0))));
        QueueDatagramTransport unknown = new QueueDatagramTransport(DtlsRole.CLIENT, 1200, null, () -> -1);
        assertFalse(offer(unknown, record(21, 1, 1, bytes(18, 0))), "before the suite is known, the larger overhead");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
