package dev.jrtc.dtls;

import java.util.BitSet;
import java.util.HashMap;
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
 * is bounded: it remembers at most {@value #MAX_RECORDS} records and {@value #MAX_MESSAGES} messages, and is
 * dropped once the handshake completed.
 */
final class ChangeCipherSpecGate {
    private static final int MAX_RECORDS = 128;
    private static final int MAX_MESSAGES = 64;
    /** Longer handshake messages are not tracked byte by byte; WebRTC's are a few hundred bytes. */
    private static final int MAX_TRACKED_LENGTH = 1 << 16;
    private static final int MESSAGE_HEADER_LENGTH = 12;
    /** CCS records a server drops in a row for want of the record before them, before it admits one. */
    static final int UNKNOWN_PREDECESSORS_DROPPED = 3;

    private final boolean admitWhenUnknown;
    /** Epoch-0 record sequence number of a handshake record handed to BC, to the last message_seq it carried. */
    private final Map<Long, Integer> lastMessageOfRecord = new LinkedHashMap<>(32, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > MAX_RECORDS;
        }
    };
    private final Map<Integer, Coverage> messages = new HashMap<>();
    private int unknownInARow;

    /** @param role our role; see the class comment for what it changes */
    ChangeCipherSpecGate(DtlsRole role) {
        this.admitWhenUnknown = role == DtlsRole.CLIENT;
    }

    /** Notes an epoch-0 handshake record (header included) that was handed to BC. */
    void delivered(byte[] d, int off, int len) {
        int at = off + DtlsRecords.HEADER_LENGTH;
        int end = off + len;
        int last = -1;
        while (end - at >= MESSAGE_HEADER_LENGTH) {
            int length = u24(d, at + 1);
            int messageSeq = ((d[at + 4] & 0xff) << 8) | (d[at + 5] & 0xff);
            int fragmentOffset = u24(d, at + 6);
            int fragmentLength = u24(d, at + 9);
            if (fragmentLength > end - at - MESSAGE_HEADER_LENGTH || fragmentOffset + fragmentLength > length) {
                break; // malformed; BC ignores the rest of the record too
            }
            Coverage c = messages.get(messageSeq);
            if (c == null && messages.size() < MAX_MESSAGES) {
                c = new Coverage(length);
                messages.put(messageSeq, c);
            }
            if (c != null) {
                c.add(fragmentOffset, fragmentLength);
            }
            last = messageSeq;
            at += MESSAGE_HEADER_LENGTH + fragmentLength;
        }
        if (last >= 0) {
            lastMessageOfRecord.put(sequenceNumber(d, off), last);
        }
    }

    /** Whether the epoch-0 ChangeCipherSpec record at {@code off} may be handed to BC now. */
    boolean admits(byte[] d, int off) {
        long seq = sequenceNumber(d, off);
        Integer previous = seq == 0 ? null : lastMessageOfRecord.get(seq - 1);
        if (previous == null) {
            return admitWhenUnknown || ++unknownInARow > UNKNOWN_PREDECESSORS_DROPPED;
        }
        unknownInARow = 0;
        for (int m = 0; m <= previous; m++) {
            Coverage c = messages.get(m);
            if (c == null || !c.complete()) {
                return false;
            }
        }
        return true;
    }

    private static long sequenceNumber(byte[] d, int off) {
        long seq = 0;
        for (int i = 5; i < 11; i++) {
            seq = (seq << 8) | (d[off + i] & 0xff);
        }
        return seq;
    }

    private static int u24(byte[] d, int at) {
        return ((d[at] & 0xff) << 16) | ((d[at + 1] & 0xff) << 8) | (d[at + 2] & 0xff);
    }

    /** Which bytes of one handshake message have arrived. */
    private static final class Coverage {
        private final int length;
        private final BitSet bytes;
        private boolean any;

        Coverage(int length) {
            this.length = length;
            this.bytes = length <= MAX_TRACKED_LENGTH ? new BitSet(length) : null;
        }

        void add(int offset, int fragmentLength) {
            any = true;
            if (bytes != null && offset < length) {
                bytes.set(offset, offset + fragmentLength);
            }
        }

        boolean complete() {
            return bytes == null ? any : any && bytes.nextClearBit(0) >= length;
        }
    }
}
