package dev.jrtc.peerconnection.sdp;

import java.util.Optional;

/** Media direction attribute (RFC 8866 §6.7; answered per RFC 3264 §6.1). */
public enum Direction {
    SENDRECV("sendrecv"), SENDONLY("sendonly"), RECVONLY("recvonly"), INACTIVE("inactive");

    private final String sdpName;

    Direction(String sdpName) { this.sdpName = sdpName; }

    public String sdpName() { return sdpName; }

    public Attribute toAttribute() { return Attribute.flag(sdpName); }

    public static Optional<Direction> fromName(String name) {
        for (Direction d : values()) if (d.sdpName.equals(name)) return Optional.of(d);
        return Optional.empty();
    }

    public boolean sends() { return this == SENDRECV || this == SENDONLY; }

    public boolean receives() { return this == SENDRECV || this == RECVONLY; }

    static Direction of(boolean send, boolean receive) {
        return send ? (receive ? SENDRECV : SENDONLY) : (receive ? RECVONLY : INACTIVE);
    }

    /** The answer direction: we send only if the offerer receives, we receive only if the offerer sends (RFC 3264 §6.1). */
    public Direction answer(boolean wantSend, boolean wantReceive) {
        return of(wantSend && receives(), wantReceive && sends());
    }
}
