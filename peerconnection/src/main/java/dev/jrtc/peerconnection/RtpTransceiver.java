package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.sdp.Direction;
import java.util.Objects;

/**
 * RTCRtpTransceiver (W3C webrtc §5.4): one m-section (RFC 8829 §3.4.1) with its sender, receiver, the direction the
 * application wants and the direction the last negotiation settled on.
 */
public final class RtpTransceiver {
    private final PeerConnection pc;
    private final String kind;
    private final RtpSender sender;
    private final RtpReceiver receiver;
    private volatile String mid;
    private volatile Direction direction;
    private volatile Direction currentDirection;
    /** Set when a transceiver was made by addTrack and may be matched to a remote offer's m-section (W3C §4.4.1.6). */
    final boolean fromAddTrack;
    boolean trackFired;

    RtpTransceiver(PeerConnection pc, String kind, Direction direction, RtpSender sender, RtpReceiver receiver,
                   boolean fromAddTrack) {
        this.pc = pc;
        this.kind = kind;
        this.direction = direction;
        this.sender = sender;
        this.receiver = receiver;
        this.fromAddTrack = fromAddTrack;
    }

    /** The m-section's mid once negotiated (or offered), else null. */
    public String mid() {
        return mid;
    }

    public String kind() {
        return kind;
    }

    public RtpSender sender() {
        return sender;
    }

    public RtpReceiver receiver() {
        return receiver;
    }

    /** The direction the application asked for. */
    public Direction direction() {
        return direction;
    }

    /** The negotiated direction, or null before the first answer. */
    public Direction currentDirection() {
        return currentDirection;
    }

    /** Changes the wanted direction; a change fires negotiationneeded (W3C §5.4). */
    public void setDirection(Direction newDirection) {
        Objects.requireNonNull(newDirection, "direction");
        if (newDirection != direction) {
            direction = newDirection;
            pc.transceiverChanged();
        }
    }

    void setMid(String value) {
        mid = value;
    }

    void setCurrentDirection(Direction d) {
        currentDirection = d;
    }

    @Override
    public String toString() {
        return "RtpTransceiver(mid " + mid + ", " + kind + ", " + direction.sdpName() + ")";
    }
}
