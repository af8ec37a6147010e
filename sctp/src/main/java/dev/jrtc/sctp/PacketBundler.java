package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * Bundles chunks into packets of at most the configured size (RFC 9260 §6.10): a chunk that does not fit what is
 * collected so far starts the next packet.
 */
final class PacketBundler {
    private final OutboundPackets out;
    private final int maxPacketSize;
    private List<SctpChunk> chunks = new ArrayList<>();
    private int size = SendQueue.COMMON_HEADER;

    PacketBundler(OutboundPackets out, int maxPacketSize) {
        this.out = out;
        this.maxPacketSize = maxPacketSize;
    }

    /** Adds {@code chunk}, which takes {@code chunkSize} bytes padded, sending what was collected first if it must. */
    void add(SctpChunk chunk, int chunkSize) {
        if (size + chunkSize > maxPacketSize) emit();
        chunks.add(chunk);
        size += chunkSize;
    }

    /** Nothing collected since the last packet went out (so nothing at all, since a packet only goes for a chunk). */
    boolean isEmpty() {
        return chunks.isEmpty();
    }

    /** Sends what is collected as one packet, if anything. */
    void emit() {
        out.send(chunks);
        chunks = new ArrayList<>();
        size = SendQueue.COMMON_HEADER;
    }

    /** Bytes a DATA chunk with {@code payloadLength} bytes takes, padded to 4 (RFC 9260 §3.2). */
    static int dataChunkSize(int payloadLength) {
        return SendQueue.DATA_HEADER + ((payloadLength + 3) & ~3);
    }
}
