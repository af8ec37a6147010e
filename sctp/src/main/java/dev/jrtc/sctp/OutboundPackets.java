package dev.jrtc.sctp;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * The packets an association has ready for its peer, serialized with the common header (RFC 9260 §3.1): the
 * configured port on both sides and, unless the chunk says otherwise, the peer's verification tag (§8.5).
 */
final class OutboundPackets {
    private final Queue<byte[]> queue = new ArrayDeque<>();
    private final int port;
    private long peerTag;

    OutboundPackets(int port) {
        this.port = port;
    }

    /** The peer's Initiate Tag, 0 until the handshake has learnt it. */
    long peerTag() {
        return peerTag;
    }

    void setPeerTag(long tag) {
        this.peerTag = tag;
    }

    /** One packet with one chunk, to the peer's tag. */
    void send(SctpChunk chunk) {
        queue.add(new SctpPacket(port, port, peerTag, List.of(chunk)).serialize());
    }

    /** One packet with {@code chunks} bundled (RFC 9260 §6.10), to the peer's tag; nothing when there are none. */
    void send(List<SctpChunk> chunks) {
        if (!chunks.isEmpty()) queue.add(new SctpPacket(port, port, peerTag, chunks).serialize());
    }

    /** One packet with one chunk under another verification tag (0 for INIT, a reflected one, §8.4, §8.5.1). */
    void sendWithTag(long verificationTag, SctpChunk chunk) {
        queue.add(new SctpPacket(port, port, verificationTag, List.of(chunk)).serialize());
    }

    /** The next packet, or null; the caller owns it. */
    byte[] poll() {
        return queue.poll();
    }
}
