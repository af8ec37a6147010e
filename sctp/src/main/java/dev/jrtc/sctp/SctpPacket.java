package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An SCTP packet (RFC 9260 §3): the common header and its chunks, with the CRC32c checksum (Appendix A) written
 * little-endian as the RFC's reference code does.
 *
 * <pre>
 * | source port | destination port | verification tag | checksum (CRC32c) | chunk | chunk | ...
 * </pre>
 */
record SctpPacket(int sourcePort, int destinationPort, long verificationTag, List<SctpChunk> chunks) {
    public SctpPacket {
        chunks = List.copyOf(chunks);
    }

    /** What {@link #parse} found: the packet, or why it was dropped. */
    public record ParseResult(SctpPacket packet, String error) {
        public boolean isOk() {
            return packet != null;
        }
    }

    /** Parses and checks {@code b[off, off+len)}; a bad checksum or malformed chunk gives a reason, never an exception. */
    public static ParseResult parse(byte[] b, int off, int len) {
        if (len < 12) return new ParseResult(null, "shorter than the 12-byte common header: " + len);
        long expected = ((b[off + 8] & 0xFFL)) | ((b[off + 9] & 0xFFL) << 8) | ((b[off + 10] & 0xFFL) << 16) | ((b[off + 11] & 0xFFL) << 24);
        if (checksum(b, off, len) != expected) return new ParseResult(null, "CRC32c checksum mismatch");
        int source = ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
        int destination = ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
        long tag = ((long) (b[off + 4] & 0xFF) << 24) | ((b[off + 5] & 0xFF) << 16) | ((b[off + 6] & 0xFF) << 8) | (b[off + 7] & 0xFF);
        List<SctpChunk> chunks = new ArrayList<>();
        int at = off + 12;
        int end = off + len;
        try {
            while (at < end) {
                if (end - at < 4) throw new SctpFormatException("trailing " + (end - at) + " bytes after the last chunk");
                int type = b[at] & 0xFF;
                int flags = b[at + 1] & 0xFF;
                int length = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
                if (length < 4 || length > end - at) throw new SctpFormatException("chunk length " + length + " invalid");
                chunks.add(readChunk(type, flags, new ChunkIn(b, at + 4, length - 4)));
                at += (length + 3) & ~3;
                if (at > end) {
                    at = end; // the last chunk's padding may be missing; tolerated
                }
            }
        } catch (SctpFormatException e) {
            return new ParseResult(null, e.getMessage());
        }
        if (chunks.isEmpty()) return new ParseResult(null, "packet without chunks");
        return new ParseResult(new SctpPacket(source, destination, tag, chunks), null);
    }

    private static SctpChunk readChunk(int type, int flags, ChunkIn in) throws SctpFormatException {
        return switch (type) {
            case SctpChunk.DATA -> DataChunk.read(flags, in);
            case SctpChunk.INIT -> InitChunk.read(false, in);
            case SctpChunk.INIT_ACK -> InitChunk.read(true, in);
            case SctpChunk.SACK -> SackChunk.read(in);
            case SctpChunk.HEARTBEAT -> HeartbeatChunk.read(false, in);
            case SctpChunk.HEARTBEAT_ACK -> HeartbeatChunk.read(true, in);
            case SctpChunk.ABORT -> new AbortChunk((flags & 1) != 0, in.rest());
            case SctpChunk.SHUTDOWN -> new ShutdownChunk(in.u32("cumulative TSN ack"));
            case SctpChunk.SHUTDOWN_ACK, SctpChunk.COOKIE_ACK -> new SimpleChunk(type, false);
            case SctpChunk.SHUTDOWN_COMPLETE -> new SimpleChunk(type, (flags & 1) != 0);
            case SctpChunk.ERROR -> new ErrorChunk(in.rest());
            case SctpChunk.COOKIE_ECHO -> new CookieEchoChunk(in.rest());
            case SctpChunk.FORWARD_TSN -> ForwardTsnChunk.read(in);
            case SctpChunk.RE_CONFIG -> ReconfigChunk.read(in);
            default -> new UnknownChunk(type, flags, in.rest());
        };
    }

    /** The packet's bytes with its checksum filled in. */
    public byte[] serialize() {
        int capacity = 12;
        for (SctpChunk c : chunks) capacity += sizeHint(c);
        ChunkOut out = new ChunkOut(capacity);
        out.u16(sourcePort);
        out.u16(destinationPort);
        out.u32(verificationTag);
        out.u32(0);
        for (SctpChunk c : chunks) c.writeTo(out);
        byte[] b = out.toArray();
        long crc = checksum(b, 0, b.length);
        b[8] = (byte) crc;
        b[9] = (byte) (crc >>> 8);
        b[10] = (byte) (crc >>> 16);
        b[11] = (byte) (crc >>> 24);
        return b;
    }

    /**
     * The bytes {@code c} takes on the wire, padding included, for the chunks a packet of data carries (DATA, SACK);
     * a guess for the others, whose buffer then grows as needed.
     */
    private static int sizeHint(SctpChunk c) {
        if (c instanceof DataChunk d) return 16 + ((d.payload().length + 3) & ~3);
        if (c instanceof SackChunk s) return 16 + 4 * s.gapBlocks().size() + 4 * s.duplicateTsns().size();
        return 64;
    }

    private static final byte[] ZERO_CHECKSUM = new byte[4];

    /** CRC32c over the packet with the checksum field taken as zero. */
    static long checksum(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, 8);
        crc.update(ZERO_CHECKSUM, 0, 4);
        crc.update(b, off + 12, len - 12);
        return crc.getValue();
    }
}
