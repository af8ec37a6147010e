package dev.jrtc.rtp.cc;

import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.RtpHeaderExtensions;

/**
 * Writes the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) into every
 * outgoing RTP packet of a connection, one counter for all its streams, as an RFC 8285 header extension element
 * with the id negotiated in SDP ({@code a=extmap:<id> ...transport-wide-cc-extensions-01}).
 *
 * <pre>
 * one-byte form:  | ID | L=1 | transport-wide sequence number (16) |
 * </pre>
 * The element is overwritten when present, added to an existing RFC 8285 block otherwise (growing it by one word
 * when its padding has no room), or a block is inserted after the CSRCs. Works in place, without allocation; the
 * buffer needs up to 8 spare bytes after the packet.
 */
public final class TransportSequenceStamper {
    /** Bytes a packet may grow by when stamped. */
    public static final int MAX_GROWTH = 8;

    private final int extensionId;
    private int next;
    private long stamped;
    private long unstampable;

    /** @param extensionId 1..14 for the one-byte form (browsers use 1..14), up to 255 in a two-byte block */
    public TransportSequenceStamper(int extensionId, int firstSequence) {
        if (extensionId < 1 || extensionId > 255) throw new IllegalArgumentException("extension id must be 1..255: " + extensionId);
        this.extensionId = extensionId;
        this.next = firstSequence & 0xFFFF;
    }

    /** The sequence number the next stamped packet gets. */
    public int nextSequence() {
        return next;
    }

    /**
     * Stamps {@code b[off, off+len)} with the next sequence number; {@code capacity} is where the buffer room ends.
     *
     * @return the packet's new length, or -1 when it cannot carry the element (not RTP, a foreign extension
     *         profile, or no room); the sequence number is then not used
     */
    public int stamp(byte[] b, int off, int len, int capacity) {
        int n = setElement(b, off, len, capacity, extensionId, next);
        if (n < 0) {
            unstampable++;
            return -1;
        }
        next = (next + 1) & 0xFFFF;
        stamped++;
        return n;
    }

    public long stamped() {
        return stamped;
    }

    public long unstampable() {
        return unstampable;
    }

    /** Reads the transport-wide sequence number of a received packet, or -1 when it has none. */
    public static int read(byte[] b, int off, int len, int extensionId) {
        int header = RtpHeader.headerLength(b, off, len);
        if (header < 0 || !RtpHeader.hasExtension(b, off)) return -1;
        int at = off + RtpHeader.FIXED_LENGTH + 4 * RtpHeader.csrcCount(b, off);
        int profile = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
        int blockLen = 4 * (((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF));
        long e = RtpHeaderExtensions.find(b, at + 4, blockLen, profile, extensionId);
        if (e == -1 || RtpHeaderExtensions.dataLength(e) != 2) return -1;
        int d = RtpHeaderExtensions.dataOffset(e);
        return ((b[d] & 0xFF) << 8) | (b[d + 1] & 0xFF);
    }

    /** Sets a 2-byte element {@code id} to {@code value}; the new length or -1. */
    static int setElement(byte[] b, int off, int len, int capacity, int id, int value) {
        int header = RtpHeader.headerLength(b, off, len);
        if (header < 0) return -1;
        int csrcEnd = off + RtpHeader.FIXED_LENGTH + 4 * RtpHeader.csrcCount(b, off);
        if (!RtpHeader.hasExtension(b, off)) {
            if (id > 14 || off + len + 8 > capacity) return -1;
            System.arraycopy(b, csrcEnd, b, csrcEnd + 8, off + len - csrcEnd);
            b[off] |= 0x10;
            b[csrcEnd] = (byte) 0xBE;
            b[csrcEnd + 1] = (byte) 0xDE;
            b[csrcEnd + 2] = 0;
            b[csrcEnd + 3] = 1;
            b[csrcEnd + 4] = (byte) ((id << 4) | 1);
            b[csrcEnd + 5] = (byte) (value >>> 8);
            b[csrcEnd + 6] = (byte) value;
            b[csrcEnd + 7] = 0;
            return len + 8;
        }
        int profile = ((b[csrcEnd] & 0xFF) << 8) | (b[csrcEnd + 1] & 0xFF);
        boolean oneByte = RtpHeaderExtensions.isOneByte(profile);
        if (!oneByte && !RtpHeaderExtensions.isTwoByte(profile)) return -1;
        if (oneByte && id > 14) return -1;
        int words = ((b[csrcEnd + 2] & 0xFF) << 8) | (b[csrcEnd + 3] & 0xFF);
        int blockStart = csrcEnd + 4;
        int blockEnd = blockStart + 4 * words;
        if (!RtpHeaderExtensions.isWellFormed(b, blockStart, blockEnd - blockStart, profile)) return -1;
        int used = blockStart;
        for (long e = RtpHeaderExtensions.first(b, blockStart, blockEnd - blockStart, profile); e != -1;
             e = RtpHeaderExtensions.next(b, blockStart, blockEnd - blockStart, profile, e)) {
            int at = RtpHeaderExtensions.dataOffset(e);
            if (RtpHeaderExtensions.id(b, profile, e) == id) {
                if (RtpHeaderExtensions.dataLength(e) != 2) return -1;
                b[at] = (byte) (value >>> 8);
                b[at + 1] = (byte) value;
                return len;
            }
            used = at + RtpHeaderExtensions.dataLength(e);
        }
        // Only zero padding may follow the last element (not a one-byte ID 15 stop mark and what it hides).
        for (int i = used; i < blockEnd; i++) if (b[i] != 0) return -1;
        int need = oneByte ? 3 : 4;
        int grow = 0;
        if (blockEnd - used < need) {
            grow = 4;
            if (off + len + grow > capacity || words + 1 > 0xFFFF) return -1;
            System.arraycopy(b, blockEnd, b, blockEnd + grow, off + len - blockEnd);
            for (int i = blockEnd; i < blockEnd + grow; i++) b[i] = 0;
            words++;
            b[csrcEnd + 2] = (byte) (words >>> 8);
            b[csrcEnd + 3] = (byte) words;
        }
        if (oneByte) {
            b[used] = (byte) ((id << 4) | 1);
        } else {
            b[used++] = (byte) id;
            b[used] = 2;
        }
        b[used + 1] = (byte) (value >>> 8);
        b[used + 2] = (byte) value;
        return len + grow;
    }
}
