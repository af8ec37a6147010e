package dev.jrtc.dtls;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What has arrived of each of the peer's handshake messages (RFC 6347 §4.2.3: a message may come in fragments, and
 * again in each retransmitted flight): its type, length, which bytes, and the bytes themselves, so that a fragment
 * that contradicts what arrived before can be recognised.
 *
 * <p>Plaintext handshake records carry no MAC, so a corrupted copy of a genuine record (one with its sequence
 * number changed, which the replay check cannot catch) would otherwise reach Bouncy Castle, whose reassembler
 * (1.82) keeps the first bytes it gets for each range and ignores every later fragment whose type or length differs
 * from the first one's: the message would then complete with wrong bytes, or never. A sender repeats a message
 * byte for byte (in retransmissions too), so a fragment that disagrees with what was already received is corrupt.
 *
 * <p>Only the event-loop thread uses an instance, during the handshake. Memory is bounded: {@value #MAX_MESSAGES}
 * messages, and message bytes are kept for at most {@value #MAX_KEPT_BYTES} bytes in all (beyond that a message's
 * type, length and coverage are still checked).
 */
final class HandshakeFragments {
    /** Bytes of a handshake message header before its fragment (RFC 6347 §4.2.2). */
    static final int MESSAGE_HEADER_LENGTH = 12;
    private static final int MAX_MESSAGES = 64;
    private static final int MAX_KEPT_BYTES = 64 * 1024;

    private final Map<Integer, Message> messages = new HashMap<>();
    private int keptBytes;

    /**
     * Whether every fragment in the well-formed epoch-0 handshake record at {@code off} ({@code n} bytes, header
     * included) agrees with what arrived before of its message: the same type and length, the same bytes where
     * ranges overlap.
     */
    boolean consistent(byte[] d, int off, int n) {
        int end = off + n;
        for (int at = off + DtlsRecords.HEADER_LENGTH; end - at >= MESSAGE_HEADER_LENGTH; ) {
            int fragmentLength = u24(d, at + 9);
            Message m = messages.get(u16(d, at + 4));
            if (m != null && !m.agrees(d, at, fragmentLength)) {
                return false;
            }
            at += MESSAGE_HEADER_LENGTH + fragmentLength;
        }
        return true;
    }

    /**
     * Notes the fragments of a well-formed epoch-0 handshake record that went to BC; returns the message_seq of its
     * last fragment, or -1 when it held none.
     */
    int add(byte[] d, int off, int n) {
        int end = off + n;
        int last = -1;
        for (int at = off + DtlsRecords.HEADER_LENGTH; end - at >= MESSAGE_HEADER_LENGTH; ) {
            int messageSeq = u16(d, at + 4);
            int fragmentLength = u24(d, at + 9);
            Message m = messages.get(messageSeq);
            if (m == null && messages.size() < MAX_MESSAGES) {
                int length = u24(d, at + 1);
                boolean keep = keptBytes + length <= MAX_KEPT_BYTES;
                if (keep) {
                    keptBytes += length;
                }
                m = new Message(d[at], length, keep);
                messages.put(messageSeq, m);
            }
            if (m != null) {
                m.add(d, at, fragmentLength);
            }
            last = messageSeq;
            at += MESSAGE_HEADER_LENGTH + fragmentLength;
        }
        return last;
    }

    /** Whether every byte of message {@code messageSeq} has arrived. */
    boolean complete(int messageSeq) {
        Message m = messages.get(messageSeq);
        return m != null && m.complete();
    }

    private static int u16(byte[] d, int at) {
        return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
    }

    private static int u24(byte[] d, int at) {
        return ((d[at] & 0xff) << 16) | ((d[at + 1] & 0xff) << 8) | (d[at + 2] & 0xff);
    }

    /** One message: its type and length as first seen, which bytes arrived, and (within budget) those bytes. */
    private static final class Message {
        private final byte type;
        private final int length;
        private final BitSet received;
        private final byte[] body;
        /** An empty message is complete once its (empty) fragment arrived. */
        private boolean any;

        Message(byte type, int length, boolean keepBytes) {
            this.type = type;
            this.length = length;
            this.received = new BitSet(length);
            this.body = keepBytes ? new byte[length] : null;
        }

        /** Whether the fragment whose header starts at {@code at} agrees with this message. */
        boolean agrees(byte[] d, int at, int fragmentLength) {
            if (d[at] != type || u24(d, at + 1) != length) {
                return false;
            }
            if (body == null) {
                return true;
            }
            int offset = u24(d, at + 6);
            int from = at + MESSAGE_HEADER_LENGTH - offset;
            for (int i = received.nextSetBit(offset); i >= 0 && i < offset + fragmentLength; i = received.nextSetBit(i + 1)) {
                if (body[i] != d[from + i]) {
                    return false;
                }
            }
            return true;
        }

        void add(byte[] d, int at, int fragmentLength) {
            any = true;
            int offset = u24(d, at + 6);
            if (fragmentLength == 0 || d[at] != type || u24(d, at + 1) != length) {
                return;
            }
            if (body != null) {
                System.arraycopy(d, at + MESSAGE_HEADER_LENGTH, body, offset, fragmentLength);
            }
            received.set(offset, offset + fragmentLength);
        }

        boolean complete() {
            return any && received.nextClearBit(0) >= length;
        }
    }
}
