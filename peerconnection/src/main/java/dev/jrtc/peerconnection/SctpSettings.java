package dev.jrtc.peerconnection;

import dev.jrtc.sctp.SctpConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Data-channel limits of {@link RtcSettings}: how much {@code send} may queue (W3C webrtc §6.2 send() throws
 * OperationError past it) and when the SCTP association gives up on a silent peer (RFC 9260 §8.1, §8.3).
 *
 * @param maxChannelBufferedAmount a channel's bufferedAmount above which send() throws OperationError (Chromium:
 *                                 16 MiB per channel)
 * @param maxBufferedAmount        the same for all channels of a connection together: what the association may hold
 * @param maxRetransmissions       Association.Max.Retrans: timeouts in a row after which the peer is unreachable,
 *                                 the association ends, its channels close and connectionState becomes failed;
 *                                 negative never gives up (what Chromium does, leaving it to ICE consent)
 * @param heartbeatInterval        HB.interval: an idle association sends a HEARTBEAT this often (zero: never), so a
 *                                 peer whose SCTP vanished is noticed even with nothing to send
 * @param rtoMax                   the longest retransmission timeout, which with maxRetransmissions sets how long a
 *                                 silent peer is waited for
 */
public record SctpSettings(long maxChannelBufferedAmount, long maxBufferedAmount, int maxRetransmissions,
                           Duration heartbeatInterval, Duration rtoMax) {
    /** Chromium's per-channel send queue (RTCDataChannel "send queue is full" past it). */
    public static final long CHROMIUM_CHANNEL_LIMIT = 16L << 20;

    public SctpSettings {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(rtoMax, "rtoMax");
        if (maxChannelBufferedAmount < 1) throw new IllegalArgumentException("maxChannelBufferedAmount must be positive");
        if (maxBufferedAmount < 1) throw new IllegalArgumentException("maxBufferedAmount must be positive");
        if (heartbeatInterval.isNegative()) throw new IllegalArgumentException("heartbeatInterval is negative");
        if (rtoMax.compareTo(Duration.ofMillis(200)) < 0) throw new IllegalArgumentException("rtoMax below the 200 ms RTO floor: " + rtoMax);
    }

    /** 16 MiB per channel, 64 MiB per connection, RFC 9260's Association.Max.Retrans 10 and HB.interval 30 s, RTO up to 10 s. */
    public static SctpSettings defaults() {
        return new SctpSettings(CHROMIUM_CHANNEL_LIMIT, SctpConfig.DEFAULT_MAX_SEND_BUFFER_BYTES,
                SctpConfig.DEFAULT_MAX_RETRANSMISSIONS, SctpConfig.DEFAULT_HEARTBEAT_INTERVAL, Duration.ofSeconds(10));
    }

    public SctpSettings withBufferLimits(long perChannel, long perConnection) {
        return new SctpSettings(perChannel, perConnection, maxRetransmissions, heartbeatInterval, rtoMax);
    }

    public SctpSettings withFailureDetection(int associationMaxRetrans, Duration heartbeat, Duration maxRto) {
        return new SctpSettings(maxChannelBufferedAmount, maxBufferedAmount, associationMaxRetrans, heartbeat, maxRto);
    }

    /** The association's config: {@code base} with these limits. */
    SctpConfig apply(SctpConfig base) {
        return base.withMaxSendBufferBytes(maxBufferedAmount)
                .withFailureDetection(maxRetransmissions, SctpConfig.DEFAULT_PATH_MAX_RETRANSMISSIONS,
                        SctpConfig.DEFAULT_MAX_INIT_RETRANSMITS, heartbeatInterval)
                .withRto(base.rtoInitial().compareTo(rtoMax) > 0 ? rtoMax : base.rtoInitial(), base.rtoMin(), rtoMax);
    }
}
