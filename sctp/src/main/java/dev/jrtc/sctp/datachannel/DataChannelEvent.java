package dev.jrtc.sctp.datachannel;

/** What {@link DataChannels} reports to the layer above (RFC 8831 §6, RFC 8832 §6; W3C RTCDataChannel events). */
public sealed interface DataChannelEvent {
    /** The SCTP association is up; channels created before now are being opened. */
    record AssociationEstablished() implements DataChannelEvent {}

    /**
     * A channel WE created became OPEN: a DCEP channel as soon as its DATA_CHANNEL_OPEN is sent on an established
     * association (RFC 8832 §6 lets us send before the ACK, as browsers do), a negotiated one when the association is up.
     */
    record ChannelOpen(DataChannel channel) implements DataChannelEvent {}

    /** The peer opened a channel with DATA_CHANNEL_OPEN; we already replied with the ACK, and it is OPEN. */
    record RemoteChannel(DataChannel channel) implements DataChannelEvent {}

    /** A message; the receiver owns {@code data}. Empty messages (PPID 56/57) arrive with length 0. */
    record Message(DataChannel channel, boolean binary, byte[] data) implements DataChannelEvent {}

    /** The channel's bufferedAmount fell from above its bufferedAmountLowThreshold to at most it. */
    record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {}

    /** The channel is CLOSED: its stream was reset both ways (RFC 8831 §6.7), or the association is gone. */
    record ChannelClosed(DataChannel channel) implements DataChannelEvent {}

    /** The association ended: shutdown complete (reason null) or aborted (reason says why). */
    record AssociationClosed(String reason) implements DataChannelEvent {}
}
