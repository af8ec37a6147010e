package dev.jrtc.sctp;

import java.util.List;

/** Error causes of an ERROR chunk (RFC 9260 §3.3.10) that an association reports to its peer. */
final class ErrorCauses {
    /** RFC 9260 §3.3.10.1 Invalid Stream Identifier. */
    private static final int INVALID_STREAM = 1;
    /** RFC 9260 §3.3.10.6 Unrecognized Chunk Type. */
    private static final int UNRECOGNIZED_CHUNK = 6;

    private ErrorCauses() {}

    /** Invalid Stream Identifier, naming the stream (§6.5). */
    static byte[] invalidStream(int streamId) {
        return new byte[] {0, INVALID_STREAM, 0, 8, (byte) (streamId >>> 8), (byte) streamId, 0, 0};
    }

    /** Unrecognized Chunk Type, carrying the chunk as it arrived. */
    static byte[] unrecognizedChunk(UnknownChunk u) {
        ChunkOut chunk = new ChunkOut();
        u.writeTo(chunk);
        byte[] c = chunk.toArray();
        int chunkLength = 4 + u.value().length;
        byte[] cause = new byte[4 + chunkLength];
        cause[0] = 0;
        cause[1] = UNRECOGNIZED_CHUNK;
        cause[2] = (byte) (cause.length >>> 8);
        cause[3] = (byte) cause.length;
        System.arraycopy(c, 0, cause, 4, chunkLength);
        return cause;
    }

    /** One ERROR chunk with the causes, each padded to 4 bytes, as many as fit one packet; null when none does. */
    static ErrorChunk bundle(List<byte[]> causes, int maxPacketSize) {
        ChunkOut out = new ChunkOut();
        for (byte[] c : causes) {
            if (out.position() + c.length + 3 > maxPacketSize - SendQueue.COMMON_HEADER - 4) break;
            out.bytes(c);
            while (out.position() % 4 != 0) out.u8(0);
        }
        return out.position() == 0 ? null : new ErrorChunk(out.toArray());
    }
}
