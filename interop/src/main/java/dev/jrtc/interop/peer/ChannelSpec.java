package dev.jrtc.interop.peer;

import java.util.Objects;

/**
 * A data channel for the remote peer to create (RTCDataChannelInit, W3C webrtc §6.2; reliability per RFC 8831 §6.1):
 * ordered or not, with at most one of maxRetransmits and maxPacketLifeTime, optionally pre-negotiated with an id.
 */
public record ChannelSpec(String label, boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTime,
                          String protocol, boolean negotiated, Integer id) {
    public ChannelSpec {
        Objects.requireNonNull(label, "label");
        if (maxRetransmits != null && maxPacketLifeTime != null) {
            throw new IllegalArgumentException("channel '" + label + "': maxRetransmits and maxPacketLifeTime both set");
        }
        if (negotiated && id == null) throw new IllegalArgumentException("channel '" + label + "': negotiated needs an id");
        if (protocol == null) protocol = "";
    }

    /** An ordered, reliable channel (the default of createDataChannel). */
    public static ChannelSpec reliable(String label) {
        return new ChannelSpec(label, true, null, null, "", false, null);
    }

    /** An unordered channel that gives up on a message after {@code maxRetransmits} retransmissions. */
    public static ChannelSpec unordered(String label, int maxRetransmits) {
        return new ChannelSpec(label, false, maxRetransmits, null, "", false, null);
    }
}
