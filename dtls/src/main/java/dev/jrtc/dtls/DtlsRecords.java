package dev.jrtc.dtls;

/**
 * The DTLS 1.2 record header (RFC 6347 §4.1), read as far as needed to split a datagram into its records, to check
 * them before Bouncy Castle sees them ({@link InvalidRecordFilter}) and to describe them in logs. Decryption stays
 * with Bouncy Castle.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ContentType  |    ProtocolVersion (major, minor) |   epoch ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ... epoch     |            sequence_number (48 bits) ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                 ...                         |     length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 fragment (length bytes) ...
 * </pre>
 */
final class DtlsRecords {
    /** Bytes before a record's fragment. */
    static final int HEADER_LENGTH = 13;
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int ALERT = 21;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;

    private DtlsRecords() {}

    /**
     * The length (header included) of the record starting at {@code off}, or -1 when fewer than a header's bytes
     * remain or the header claims more bytes than {@code end - off}.
     */
    static int recordLength(byte[] d, int off, int end) {
        if (end - off < HEADER_LENGTH) {
            return -1;
        }
        int length = HEADER_LENGTH + (((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff));
        return length <= end - off ? length : -1;
    }

    /** Whether {@code record} (a whole record, as Bouncy Castle sends them) carries application data. */
    static boolean isApplicationData(byte[] record) {
        return record.length > 0 && (record[0] & 0xff) == APPLICATION_DATA;
    }

    /**
     * The largest handshake message length announced by a fragment header (RFC 6347 §4.2.2: msg_type, 24-bit
     * length, message_seq, fragment_offset, fragment_length) in the plaintext handshake record at {@code off}
     * (header included, {@code n} bytes), or 0 when it holds no complete fragment header.
     */
    static int largestHandshakeMessage(byte[] d, int off, int n) {
        int largest = 0;
        int end = off + n;
        for (int at = off + HEADER_LENGTH; end - at >= 12; ) {
            largest = Math.max(largest, u24(d, at + 1));
            int fragmentLength = u24(d, at + 9);
            if (fragmentLength > end - at - 12) {
                break; // BC discards the rest of a malformed record as well
            }
            at += 12 + fragmentLength;
        }
        return largest;
    }

    /**
     * Whether the plaintext handshake record at {@code off} ({@code n} bytes, header included) is exactly a series
     * of whole fragments (RFC 6347 §4.2.2), each within the message length it announces: what every DTLS stack
     * sends. Bouncy Castle would read a record that is not up to the first fragment that does not fit, and take
     * whatever bytes follow a fragment shorter than its neighbours think for the next fragment's header.
     */
    static boolean wellFormedHandshake(byte[] d, int off, int n) {
        int end = off + n;
        int at = off + HEADER_LENGTH;
        if (at == end) {
            return false;
        }
        while (at < end) {
            if (end - at < 12) {
                return false;
            }
            int length = u24(d, at + 1);
            int fragmentOffset = u24(d, at + 6);
            int fragmentLength = u24(d, at + 9);
            if (fragmentLength > end - at - 12 || fragmentOffset + fragmentLength > length) {
                return false;
            }
            at += 12 + fragmentLength;
        }
        return true;
    }

    static int epoch(byte[] d, int off) {
        return ((d[off + 3] & 0xff) << 8) | (d[off + 4] & 0xff);
    }

    /** The record's ProtocolVersion as one number: 0xFEFD for DTLS 1.2, 0xFEFF for DTLS 1.0. */
    static int version(byte[] d, int off) {
        return ((d[off + 1] & 0xff) << 8) | (d[off + 2] & 0xff);
    }

    /** The record's 48-bit sequence_number. */
    static long sequenceNumber(byte[] d, int off) {
        long seq = 0;
        for (int i = 5; i < 11; i++) {
            seq = (seq << 8) | (d[off + i] & 0xff);
        }
        return seq;
    }

    static void setSequenceNumber(byte[] d, int off, long seq) {
        for (int i = 10; i >= 5; i--) {
            d[off + i] = (byte) seq;
            seq >>>= 8;
        }
    }

    /**
     * A one-line description of every record in a datagram for trace logs: content type, epoch, record sequence,
     * and for an epoch-0 handshake record its message type, message_seq and fragment, e.g.
     * {@code [hs e0 r7 certificate#3 0+512/512, ccs e0 r10, hs e1 r0 (encrypted)]}.
     */
    static String describe(byte[] d, int off, int len) {
        StringBuilder sb = new StringBuilder("[");
        int end = off + len;
        int at = off;
        while (at < end) {
            if (at > off) sb.append(", ");
            int n = recordLength(d, at, end);
            if (n < 0) {
                sb.append("garbage ").append(end - at).append(" bytes");
                break;
            }
            int type = d[at] & 0xff;
            long seq = sequenceNumber(d, at);
            int epoch = epoch(d, at);
            sb.append(switch (type) {
                case CHANGE_CIPHER_SPEC -> "ccs";
                case ALERT -> "alert";
                case HANDSHAKE -> "hs";
                case APPLICATION_DATA -> "data";
                default -> "type" + type;
            }).append(" e").append(epoch).append(" r").append(seq);
            if (type == HANDSHAKE && epoch == 0 && n >= HEADER_LENGTH + 12) {
                int h = at + HEADER_LENGTH;
                sb.append(' ').append(handshakeName(d[h] & 0xff))
                        .append('#').append(u16(d, h + 4))
                        .append(' ').append(u24(d, h + 6)).append('+').append(u24(d, h + 9))
                        .append('/').append(u24(d, h + 1));
            } else if (type == HANDSHAKE) {
                sb.append(" (encrypted)");
            } else if (type == APPLICATION_DATA) {
                sb.append(' ').append(n - HEADER_LENGTH).append(" bytes");
            }
            at += n;
        }
        return sb.append(']').toString();
    }

    private static int u16(byte[] d, int at) {
        return ((d[at] & 0xff) << 8) | (d[at + 1] & 0xff);
    }

    private static int u24(byte[] d, int at) {
        return ((d[at] & 0xff) << 16) | ((d[at + 1] & 0xff) << 8) | (d[at + 2] & 0xff);
    }

    private static String handshakeName(int type) {
        return switch (type) {
            case 1 -> "client_hello";
            case 2 -> "server_hello";
            case 3 -> "hello_verify_request";
            case 11 -> "certificate";
            case 12 -> "server_key_exchange";
            case 13 -> "certificate_request";
            case 14 -> "server_hello_done";
            case 15 -> "certificate_verify";
            case 16 -> "client_key_exchange";
            case 20 -> "finished";
            default -> "hs" + type;
        };
    }
}
