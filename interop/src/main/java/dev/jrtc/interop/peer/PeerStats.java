package dev.jrtc.interop.peer;

import java.util.Map;

/**
 * What the remote peer has seen: its RTCPeerConnectionState, the RTP packets it received per kind (SRTP removed; 0
 * where the stack cannot receive media) and, per data channel, its state and the messages and bytes it received (and
 * echoed back).
 */
public record PeerStats(String connectionState, long audioPacketsReceived, long videoPacketsReceived,
                        Map<String, Channel> channels) {
    public PeerStats {
        channels = Map.copyOf(channels);
    }

    /** One data channel as the peer sees it: state is an RTCDataChannelState name (W3C webrtc §6.2). */
    public record Channel(String label, String state, long messagesReceived, long bytesReceived) {
    }
}
