package dev.jrtc.peerconnection.sdp;

import java.util.Objects;

/**
 * What one local transceiver wants in an m-section (RFC 8829 §5.2.1): mid, kind, desired direction, and for a
 * sent track its msid (RFC 8830), CNAME and SSRCs (primary and RTX, grouped with FID per RFC 5576 §7).
 * ssrc/rtxSsrc/msid are null when nothing is sent.
 */
public record TransceiverDescription(String mid, String kind, Direction direction, Msid msid, String cname, Long ssrc,
                                     Long rtxSsrc) {
    public TransceiverDescription {
        Objects.requireNonNull(mid); Objects.requireNonNull(kind); Objects.requireNonNull(direction);
        if (direction.sends() && (ssrc == null || msid == null || cname == null)) {
            throw new IllegalArgumentException("transceiver " + mid + " sends, so it needs msid, cname and ssrc");
        }
    }

    public static TransceiverDescription receiveOnly(String mid, String kind) {
        return new TransceiverDescription(mid, kind, Direction.RECVONLY, null, null, null, null);
    }
}
