package dev.jrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which ChangeCipherSpec records reach Bouncy Castle during a handshake (see {@link ChangeCipherSpecGate}). */
class ChangeCipherSpecGateTest {

    /** An epoch-0 handshake record with one whole message, or a fragment of one. */
    private static byte[] handshake(long recordSeq, int type, int messageSeq, int length, int fragmentOffset, int fragmentLength) {
        byte[] r = new byte[13 + 12 + fragmentLength];
        r[0] = 22;
        r[1] = (byte) 0xFE;
        r[2] = (byte) 0xFD;
        r[10] = (byte) recordSeq;
        r[9] = (byte) (recordSeq >>> 8);
        r[11] = (byte) ((12 + fragmentLength) >>> 8);
        r[12] = (byte) (12 + fragmentLength);
        int h = 13;
        r[h] = (byte) type;
        r[h + 1] = (byte) (length >>> 16);
        r[h + 2] = (byte) (length >>> 8);
        r[h + 3] = (byte) length;
        r[h + 4] = (byte) (messageSeq >>> 8);
        r[h + 5] = (byte) messageSeq;
        r[h + 6] = (byte) (fragmentOffset >>> 16);
        r[h + 7] = (byte) (fragmentOffset >>> 8);
        r[h + 8] = (byte) fragmentOffset;
        r[h + 9] = (byte) (fragmentLength >>> 16);
        r[h + 10] = (byte) (fragmentLength >>> 8);
        r[h + 11] = (byte) fragmentLength;
        return r;
    }

    private static byte[] whole(long recordSeq, int type, int messageSeq, int length) {
        return handshake(recordSeq, type, messageSeq, length, 0, length);
    }

    private static byte[] changeCipherSpec(long recordSeq) {
        byte[] r = {20, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        r[10] = (byte) recordSeq;
        return r;
    }

    private static void deliver(ChangeCipherSpecGate gate, byte[] record) {
        gate.delivered(record, 0, record.length);
    }

    @Test
    void aServerAdmitsTheClientCcsOnlyAfterEveryMessageBeforeIt() {
        ChangeCipherSpecGate gate = new ChangeCipherSpecGate(DtlsRole.SERVER, new HandshakeFragments());
        deliver(gate, whole(0, 1, 0, 150));  // ClientHello
        deliver(gate, whole(1, 11, 1, 300)); // Certificate
        deliver(gate, whole(2, 16, 2, 33));  // ClientKeyExchange
        // CertificateVerify (record 3) lost: the CCS (record 4) must not pass.
        assertFalse(gate.admits(changeCipherSpec(4), 0));
        // The retransmitted flight: records 5..8, CCS 9.
        deliver(gate, whole(5, 11, 1, 300));
        deliver(gate, whole(6, 16, 2, 33));
        deliver(gate, whole(7, 15, 3, 75));
        assertTrue(gate.admits(changeCipherSpec(8), 0));
    }

    @Test
    void aFragmentedMessageMustBeWholeBeforeTheCcsPasses() {
        ChangeCipherSpecGate gate = new ChangeCipherSpecGate(DtlsRole.SERVER, new HandshakeFragments());
        deliver(gate, whole(0, 1, 0, 150));
        deliver(gate, handshake(1, 11, 1, 2000, 0, 1000)); // the first half of a Certificate
        deliver(gate, whole(3, 16, 2, 33));
        deliver(gate, whole(4, 15, 3, 75));
        assertFalse(gate.admits(changeCipherSpec(5), 0), "Certificate bytes 1000..2000 are missing");
        deliver(gate, handshake(7, 11, 1, 2000, 1000, 1000));
        deliver(gate, whole(8, 16, 2, 33));
        deliver(gate, whole(9, 15, 3, 75));
        assertTrue(gate.admits(changeCipherSpec(10), 0));
    }

    @Test
    void anUnknownPredecessorStopsAServerOnlyAFewTimesAndNeverAClient() {
        ChangeCipherSpecGate server = new ChangeCipherSpecGate(DtlsRole.SERVER, new HandshakeFragments());
        for (int i = 0; i < ChangeCipherSpecGate.UNKNOWN_PREDECESSORS_DROPPED; i++) {
            assertFalse(server.admits(changeCipherSpec(10 + 2 * i), 0));
        }
        assertTrue(server.admits(changeCipherSpec(20), 0), "a peer numbering records oddly still finishes");
        ChangeCipherSpecGate client = new ChangeCipherSpecGate(DtlsRole.CLIENT, new HandshakeFragments());
        assertTrue(client.admits(changeCipherSpec(7), 0), "a server's final flight may be CCS + Finished alone");
    }
}
