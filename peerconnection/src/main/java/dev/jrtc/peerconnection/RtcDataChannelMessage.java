package dev.jrtc.peerconnection;

import java.nio.charset.StandardCharsets;

/**
 * One data-channel message (W3C webrtc §6.2 MessageEvent.data): text (PPID 51/56) or binary (PPID 53/57, RFC 8831
 * §8). The receiver owns {@code data}.
 */
public record RtcDataChannelMessage(boolean binary, byte[] data) {
    /** The message as text (UTF-8). */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
