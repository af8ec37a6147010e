package dev.jrtc.dtls;

import java.util.function.IntSupplier;
import org.bouncycastle.tls.CipherSuite;

/**
 * Discards invalid records before Bouncy Castle reads them (RFC 6347 §4.1.2.7: invalid records SHOULD be silently
 * discarded and the association kept), because Bouncy Castle 1.82 ends the connection, or stalls the handshake,
 * on some of them. Found with bit-flipped copies of genuine records sent from the peer's address:
 *
 * <ul>
 * <li><b>Too short for the AEAD.</b> {@code TlsAEADCipher.decodeCiphertext} throws {@code decode_error} for a
 *     ciphertext shorter than the explicit nonce plus the tag (24 bytes for AES-GCM, 16 for ChaCha20-Poly1305),
 *     and {@code DTLSRecordLayer.processRecord} discards only {@code bad_record_mac}: {@code DTLSTransport.receive}
 *     fails the connection (a copy of a ChangeCipherSpec with its epoch bit flipped did it). Such records are
 *     dropped here, as are epochs other than 0 and 1 and content types epoch 1 never carries.</li>
 * <li><b>Plaintext sequence numbers.</b> Epoch-0 records carry no MAC, yet BC's replay window takes their
 *     sequence numbers as authenticated ({@code DTLSReplayWindow.reportAuthenticated}): a copy with a high bit of
 *     its sequence number flipped moved the window so far ahead that every genuine record still to come, the
 *     peer's ChangeCipherSpec among them, was discarded as too old, and the handshake timed out (after which the
 *     timed-out side's {@code internal_error} alert ended the peer that had finished). Here epoch-0 records are
 *     checked for repeats against the sequence numbers seen (not a window: nothing unauthenticated moves it), and
 *     each is handed to BC under a sequence number of our own, one more than the last, so BC's window for
 *     epoch 0 never discards a record and is never moved far. A record whose number is more than
 *     {@value #MAX_SEQUENCE_JUMP} past the highest seen is not the peer's.</li>
 * <li><b>Plaintext contents.</b> A ChangeCipherSpec must be the single byte 1 (BC switches epochs on any byte 1 in
 *     a record of that type), an alert two bytes, a handshake record whole fragments within their messages, none
 *     announcing more than {@link QueueDatagramTransport#MAX_HANDSHAKE_MESSAGE_LENGTH}, and, during the handshake,
 *     agreeing with what already arrived of its message ({@link HandshakeFragments}).</li>
 * </ul>
 *
 * <p>What remains for BC to drop silently: epoch-1 records that fail authentication or repeat (its replay window
 * there only moves for authenticated records). What cannot be told from genuine: an epoch-0 record that is the
 * first of its message to arrive; DTLS 1.2 does not protect plaintext handshake messages until the Finished
 * messages compare them.
 *
 * <p>Only the event-loop thread uses an instance. Zero allocation for records of epoch 1.
 */
final class InvalidRecordFilter {
    /** How far past the highest sequence number seen an epoch-0 record may be: far more than a handshake sends. */
    static final long MAX_SEQUENCE_JUMP = 1024;
    private static final int DTLS_1_0 = 0xFEFF;
    private static final int DTLS_1_2 = 0xFEFD;
    /** Epoch-0 sequence numbers remembered for the repeat check. */
    private static final int REMEMBERED = 256;

    private final IntSupplier cipherSuite;
    private final long[] seen = new long[REMEMBERED];
    private int seenCount;
    private int seenNext;
    private long highest = -1;
    private long nextSequenceForBc;
    /** Null once the handshake completed. */
    private HandshakeFragments fragments;

    /**
     * @param cipherSuite the negotiated suite once known, else -1 (read from another thread)
     * @param fragments   the peer's handshake messages so far, as noted by the {@link ChangeCipherSpecGate}
     */
    InvalidRecordFilter(IntSupplier cipherSuite, HandshakeFragments fragments) {
        this.cipherSuite = cipherSuite;
        this.fragments = fragments;
    }

    /**
     * Why the record at {@code off} ({@code n} bytes, header included, a whole record) must not reach BC, or null
     * when it may.
     */
    String invalid(byte[] d, int off, int n) {
        int epoch = DtlsRecords.epoch(d, off);
        if (epoch == 0) {
            return invalidPlaintext(d, off, n);
        }
        if (epoch != 1) {
            return "an epoch never negotiated";
        }
        int type = d[off] & 0xff;
        if (type != DtlsRecords.APPLICATION_DATA && type != DtlsRecords.HANDSHAKE && type != DtlsRecords.ALERT) {
            return "a content type epoch 1 does not carry";
        }
        if (DtlsRecords.version(d, off) != DTLS_1_2) {
            return "not DTLS 1.2";
        }
        if (n - DtlsRecords.HEADER_LENGTH < minimumCiphertext(cipherSuite.getAsInt())) {
            return "shorter than the cipher's nonce and tag";
        }
        return null;
    }

    private String invalidPlaintext(byte[] d, int off, int n) {
        int version = DtlsRecords.version(d, off);
        if (version != DTLS_1_2 && version != DTLS_1_0) {
            return "not DTLS 1.0 or 1.2";
        }
        long seq = DtlsRecords.sequenceNumber(d, off);
        if (highest >= 0 && seq > highest + MAX_SEQUENCE_JUMP) {
            return "a sequence number far beyond the peer's";
        }
        if (wasSeen(seq)) {
            return "a repeated sequence number";
        }
        int length = n - DtlsRecords.HEADER_LENGTH;
        switch (d[off] & 0xff) {
            case DtlsRecords.CHANGE_CIPHER_SPEC:
                return length == 1 && d[off + DtlsRecords.HEADER_LENGTH] == 1 ? null : "a malformed ChangeCipherSpec";
            case DtlsRecords.ALERT:
                return length == 2 ? null : "a malformed alert";
            case DtlsRecords.HANDSHAKE:
                if (!DtlsRecords.wellFormedHandshake(d, off, n)) {
                    return "malformed handshake fragments";
                }
                if (DtlsRecords.largestHandshakeMessage(d, off, n) > QueueDatagramTransport.MAX_HANDSHAKE_MESSAGE_LENGTH) {
                    return "a handshake message announced over " + QueueDatagramTransport.MAX_HANDSHAKE_MESSAGE_LENGTH + " bytes";
                }
                HandshakeFragments f = fragments;
                return f == null || f.consistent(d, off, n) ? null : "a handshake fragment contradicting bytes already received";
            default:
                return "a content type that is never plaintext";
        }
    }

    /**
     * Notes that the valid epoch-0 record at {@code off} goes to BC, and returns the sequence number to give it
     * there: one more than the previous one's.
     */
    long handedToBc(byte[] d, int off) {
        long seq = DtlsRecords.sequenceNumber(d, off);
        seen[seenNext] = seq;
        seenNext = (seenNext + 1) % REMEMBERED;
        seenCount = Math.min(seenCount + 1, REMEMBERED);
        highest = Math.max(highest, seq);
        return nextSequenceForBc++;
    }

    /** The handshake completed: its messages need no checking any more (BC only answers a repeated final flight). */
    void connected() {
        fragments = null;
    }

    private boolean wasSeen(long seq) {
        for (int i = 0; i < seenCount; i++) {
            if (seen[i] == seq) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shortest ciphertext BC's AEAD accepts (TlsAEADCipher.getPlaintextDecodeLimit): the tag, plus the explicit
     * nonce of RFC 5288 suites. Before the suite is known, the larger.
     */
    static int minimumCiphertext(int suite) {
        return switch (suite) {
            case CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                 CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 -> 16;
            default -> 8 + 16;
        };
    }
}
