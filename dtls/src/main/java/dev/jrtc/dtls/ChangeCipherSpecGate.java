package dev.jrtc.dtls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a peer's ChangeCipherSpec from overtaking the handshake messages sent before it (RFC 6347 §4.1, §4.2.4),
 * a workaround for Bouncy Castle 1.82.
 *
 * <p>BC's record layer switches its read epoch on any ChangeCipherSpec once it has a pending epoch, and a DTLS server
 * has one as soon as it has processed the ClientKeyExchange. When the client's CertificateVerify is lost but its
 * ChangeCipherSpec arrives, BC's server reads epoch 1 only from then on and discards every epoch-0 record, including
 * each retransmitted CertificateVerify: the handshake can never finish. The CCS carries no message_seq, but its
 * record sequence number places it: the peer's record just before it (sequence number minus one, same epoch) is
 * the last handshake record of its flight. A CCS passes only when that record was handed to BC and every handshake
 * message up to the one it carries is complete; otherwise it is dropped, and the peer's retransmitted flight brings
 * a new one.
 *
 * <p>When that record was never seen, the gate goes by role. A DTLS client's final flight always carries handshake
 * messages before its CCS, so a server drops such a CCS and waits for the next retransmission (which packs the
 * flight into one datagram, so its CCS comes with the record before it). Should a peer's CCS keep coming without
 * it ({@value #UNKNOWN_PREDECESSORS_DROPPED} times in a row, a peer numbering records in a way we do not expect),
 * the server lets the next one through rather than never finishing. A server's final flight is often only
 * ChangeCipherSpec and Finished (and its retransmission only those two again), while a client has every epoch-0
 * message of the server by the time it has a pending epoch, so a client lets it through.
 *
 * <p>Only the event-loop thread uses an instance (the one that hands received datagrams to the transport). Memory
 * is bounded: it remembers at most {@value #MAX_RECORDS} records (and {@link HandshakeFragments} bounds the
 * messages), and is dropped once the handshake completed.
 */
final class ChangeCipherSpecGate {
    private static final int MAX_RECORDS = 128;
    /** CCS records a server drops in a row for want of the record before them, before it admits one. */
    static final int UNKNOWN_PREDECESSORS_DROPPED = 3;

    private final boolean admitWhenUnknown;
    private final HandshakeFragments fragments;
    /** Epoch-0 record sequence number of a handshake record handed to BC, to the last message_seq it carried. */
    private final Map<Long, Integer> lastMessageOfRecord = new LinkedHashMap<>(32, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > MAX_RECORDS;
        }
    };
    private int unknownInARow;

    /**
     * @param role      our role; see the class comment for what it changes
     * @param fragments where the messages handed to BC are noted (shared with the {@link InvalidRecordFilter})
     */
    ChangeCipherSpecGate(DtlsRole role, HandshakeFragments fragments) {
        this.admitWhenUnknown = role == DtlsRole.CLIENT;
        this.fragments = fragments;
    }

    /** Notes a well-formed epoch-0 handshake record (header included, original sequence number) handed to BC. */
    void delivered(byte[] d, int off, int len) {
        int last = fragments.add(d, off, len);
        if (last >= 0) {
            lastMessageOfRecord.put(DtlsRecords.sequenceNumber(d, off), last);
        }
    }

    /** Whether the epoch-0 ChangeCipherSpec record at {@code off} may be handed to BC now. */
    boolean admits(byte[] d, int off) {
        long seq = DtlsRecords.sequenceNumber(d, off);
        Integer previous = seq == 0 ? null : lastMessageOfRecord.get(seq - 1);
        if (previous == null) {
            return admitWhenUnknown || ++unknownInARow > UNKNOWN_PREDECESSORS_DROPPED;
        }
        unknownInARow = 0;
        for (int m = 0; m <= previous; m++) {
            if (!fragments.complete(m)) {
                return false;
            }
        }
        return true;
    }
}
