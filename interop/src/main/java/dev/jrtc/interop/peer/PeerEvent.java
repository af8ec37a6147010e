package dev.jrtc.interop.peer;

/**
 * An event a peer program reported: {@code channel-open} and {@code channel-close} (with the channel's label),
 * {@code connection-state} (with the RTCPeerConnectionState, W3C webrtc §4.3.3). {@code nanoTime} is
 * {@link System#nanoTime()} when the line arrived.
 */
public record PeerEvent(String type, String label, String state, long nanoTime) {
    public static final String CHANNEL_OPEN = "channel-open";
    public static final String CHANNEL_CLOSE = "channel-close";
    public static final String CONNECTION_STATE = "connection-state";
}
