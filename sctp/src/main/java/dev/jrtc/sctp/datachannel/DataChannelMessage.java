package dev.jrtc.sctp.datachannel;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * DCEP messages (RFC 8832 §5), carried with PPID 50: DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK.
 *
 * <pre>
 * OPEN: | 0x03 | channel type | priority (16) | reliability parameter (32) | label length (16) | protocol length (16) | label | protocol
 * ACK:  | 0x02 |
 * </pre>
 */
public sealed interface DataChannelMessage {
    int OPEN = 0x03;
    int ACK = 0x02;
    /** Payload protocol identifiers of RFC 8831 §8 (and the deprecated 52/54 some stacks still send). */
    long PPID_DCEP = 50;
    long PPID_STRING = 51;
    long PPID_BINARY_PARTIAL_DEPRECATED = 52;
    long PPID_BINARY = 53;
    long PPID_STRING_PARTIAL_DEPRECATED = 54;
    long PPID_STRING_EMPTY = 56;
    long PPID_BINARY_EMPTY = 57;

    byte[] encode();

    /**
     * An OPEN request.
     *
     * @param channelType          0x00 reliable, 0x01 rexmit, 0x02 timed; +0x80 unordered (RFC 8832 §5.1)
     * @param reliabilityParameter max retransmissions or max lifetime in ms; 0 for reliable channels
     */
    record Open(int channelType, int priority, long reliabilityParameter, String label, String protocol)
            implements DataChannelMessage {
        public Open {
            int base = channelType & 0x7F;
            if (base > 2 || channelType > 0xFF || channelType < 0) {
                throw new IllegalArgumentException("unknown channel type 0x" + Integer.toHexString(channelType));
            }
            if (label.getBytes(StandardCharsets.UTF_8).length > 65535 || protocol.getBytes(StandardCharsets.UTF_8).length > 65535) {
                throw new IllegalArgumentException("label and protocol are at most 65535 bytes");
            }
        }

        public boolean ordered() {
            return (channelType & 0x80) == 0;
        }

        @Override
        public byte[] encode() {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            byte[] p = protocol.getBytes(StandardCharsets.UTF_8);
            byte[] b = new byte[12 + l.length + p.length];
            b[0] = OPEN;
            b[1] = (byte) channelType;
            b[2] = (byte) (priority >>> 8);
            b[3] = (byte) priority;
            b[4] = (byte) (reliabilityParameter >>> 24);
            b[5] = (byte) (reliabilityParameter >>> 16);
            b[6] = (byte) (reliabilityParameter >>> 8);
            b[7] = (byte) reliabilityParameter;
            b[8] = (byte) (l.length >>> 8);
            b[9] = (byte) l.length;
            b[10] = (byte) (p.length >>> 8);
            b[11] = (byte) p.length;
            System.arraycopy(l, 0, b, 12, l.length);
            System.arraycopy(p, 0, b, 12 + l.length, p.length);
            return b;
        }
    }

    /** The ACK answering an OPEN. */
    record Ack() implements DataChannelMessage {
        @Override
        public byte[] encode() {
            return new byte[] {ACK};
        }
    }

    /** Parses a DCEP message; empty for anything malformed or unknown (the caller drops and counts it). */
    static Optional<DataChannelMessage> decode(byte[] b, int off, int len) {
        if (len < 1) return Optional.empty();
        int type = b[off] & 0xFF;
        if (type == ACK) return len == 1 ? Optional.of(new Ack()) : Optional.empty();
        if (type != OPEN || len < 12) return Optional.empty();
        int channelType = b[off + 1] & 0xFF;
        if ((channelType & 0x7F) > 2) return Optional.empty();
        int priority = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        long reliability = ((long) (b[off + 4] & 0xFF) << 24) | ((b[off + 5] & 0xFF) << 16) | ((b[off + 6] & 0xFF) << 8) | (b[off + 7] & 0xFF);
        int labelLength = ((b[off + 8] & 0xFF) << 8) | (b[off + 9] & 0xFF);
        int protocolLength = ((b[off + 10] & 0xFF) << 8) | (b[off + 11] & 0xFF);
        if (12 + labelLength + protocolLength != len) return Optional.empty();
        String label = new String(b, off + 12, labelLength, StandardCharsets.UTF_8);
        String protocol = new String(b, off + 12 + labelLength, protocolLength, StandardCharsets.UTF_8);
        return Optional.of(new Open(channelType, priority, reliability, label, protocol));
    }
}
