package dev.jrtc.sctp.datachannel;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * W3C RTCDataChannelInit (RFC 8831 §6.1). maxRetransmits and maxPacketLifeTime are null when unset; at most one may
 * be set. id is required iff negotiated.
 *
 * @param label             the channel's name, at most 65535 UTF-8 bytes (DCEP carries a 16-bit length)
 * @param ordered           in-order delivery
 * @param maxRetransmits    retransmissions per message (0 = sent once), or null
 * @param maxPacketLifeTime milliseconds a message may be retransmitted for, or null
 * @param protocol          sub-protocol name, at most 65535 UTF-8 bytes
 * @param negotiated        opened by the application on both sides with the same id, without DCEP
 * @param id                the stream id (0..65534); required iff negotiated, chosen by us otherwise
 * @param priority          DCEP priority (RFC 8832 §5.1): 128 below normal, 256 normal, 512 medium, 1024 high
 */
public record DataChannelInit(String label, boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTime, String protocol,
                              boolean negotiated, Integer id, int priority) {
    /** DCEP's priority for W3C "normal" (RFC 8832 §5.1). */
    public static final int PRIORITY_NORMAL = 256;
    /** Largest stream id a channel may take: 65535 is reserved (RFC 8831 §6.5 via RFC 8832 §6). */
    public static final int MAX_ID = 65534;

    public DataChannelInit {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(protocol, "protocol");
        if (label.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw new IllegalArgumentException("label is longer than 65535 UTF-8 bytes");
        }
        if (protocol.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw new IllegalArgumentException("protocol is longer than 65535 UTF-8 bytes");
        }
        if (maxRetransmits != null && maxPacketLifeTime != null) {
            throw new IllegalArgumentException("set maxRetransmits or maxPacketLifeTime, not both");
        }
        if (maxRetransmits != null && maxRetransmits < 0) throw new IllegalArgumentException("maxRetransmits is negative: " + maxRetransmits);
        if (maxPacketLifeTime != null && maxPacketLifeTime < 0) {
            throw new IllegalArgumentException("maxPacketLifeTime is negative: " + maxPacketLifeTime);
        }
        if (negotiated && id == null) throw new IllegalArgumentException("a negotiated channel needs an id");
        if (!negotiated && id != null) {
            throw new IllegalArgumentException("id is only given for negotiated channels; DCEP channels get theirs from DataChannels");
        }
        if (id != null && (id < 0 || id > MAX_ID)) throw new IllegalArgumentException("id must be in 0.." + MAX_ID + ": " + id);
        if (priority < 0 || priority > 0xFFFF) throw new IllegalArgumentException("priority must fit 16 bits: " + priority);
    }

    /** Ordered, reliable, not negotiated, protocol "", priority 256 (DCEP "normal"). */
    public static DataChannelInit reliable(String label) {
        return new DataChannelInit(label, true, null, null, "", false, null, PRIORITY_NORMAL);
    }

    /** The same settings as a channel negotiated out of band with {@code id}. */
    public DataChannelInit negotiatedWithId(int id) {
        return new DataChannelInit(label, ordered, maxRetransmits, maxPacketLifeTime, protocol, true, id, priority);
    }

    /** The same settings, unordered or not, with the given limits (null for unset). */
    public DataChannelInit withReliability(boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTime) {
        return new DataChannelInit(label, ordered, maxRetransmits, maxPacketLifeTime, protocol, negotiated, id, priority);
    }

    /** The same settings with another sub-protocol. */
    public DataChannelInit withProtocol(String protocol) {
        return new DataChannelInit(label, ordered, maxRetransmits, maxPacketLifeTime, protocol, negotiated, id, priority);
    }
}
