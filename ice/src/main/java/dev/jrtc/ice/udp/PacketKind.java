package dev.jrtc.ice.udp;

/**
 * What a datagram on a WebRTC socket carries, judged by its first byte as RFC 7983 §7 (updated by RFC 9443) says:
 *
 * <pre>
 *                 +----------------+
 *                 |        [0..3] -+--> forward to STUN
 *                 |                |
 *                 |      [16..19] -+--> forward to ZRTP (not used: dropped)
 *                 |                |
 *     packet -->  |      [20..63] -+--> forward to DTLS
 *                 |                |
 *                 |      [64..79] -+--> forward to TURN Channel
 *                 |                |
 *                 |    [128..191] -+--> forward to RTP/RTCP
 *                 +----------------+
 * </pre>
 */
public enum PacketKind {
    /** 0-3: STUN. */
    STUN,
    /** 20-63: DTLS. */
    DTLS,
    /** 64-79: TURN ChannelData. */
    TURN_CHANNEL_DATA,
    /** 128-191: RTP and RTCP. */
    RTP_RTCP,
    /** Anything else: dropped. */
    UNKNOWN;

    /** The kind of a datagram whose first byte is {@code firstByte} (0..255). */
    public static PacketKind classify(int firstByte) {
        int b = firstByte & 0xFF;
        if (b <= 3) {
            return STUN;
        } else if (b >= 20 && b <= 63) {
            return DTLS;
        } else if (b >= 64 && b <= 79) {
            return TURN_CHANNEL_DATA;
        } else if (b >= 128 && b <= 191) {
            return RTP_RTCP;
        }
        return UNKNOWN;
    }
}
