package dev.jrtc.sctp;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of an {@link SctpAssociation} for WebRTC (RFC 8261 §5, RFC 8831 §6.2) and the protocol parameters of
 * RFC 9260 §16 that decide when it gives up.
 *
 * @param port                   SCTP port on both sides (5000 unless the SDP says otherwise: a=sctp-port, a=sctpmap)
 * @param maxPacketSize          largest SCTP packet: 1200-byte datagrams minus DTLS 1.2 AES-GCM overhead (37 bytes)
 * @param receiveWindow          bytes we buffer for reassembly and advertise as a_rwnd
 * @param maxMessageSize         largest message accepted for sending and reassembly (a=max-message-size)
 * @param rtoInitial             RTO before any measurement (RFC 6298 §2.1 says 1 s)
 * @param rtoMin                 lower bound of the RTO (WebRTC stacks use a few hundred ms rather than 1 s)
 * @param rtoMax                 upper bound of the RTO
 * @param random                 source of tags, initial TSNs and the cookie secret
 * @param maxInboundStreams      inbound streams the peer may use, announced in INIT (RFC 9260 §3.3.2 MIS); DATA on a
 *                               higher stream id is dropped and reported (§6.5)
 * @param maxReassemblyBytes     hard cap on memory held for received data not yet delivered (fragments, and ordered
 *                               messages waiting for an earlier one, and what the layer above reports it still holds,
 *                               see {@link SctpAssociation#setReceiveBacklog}), each chunk charged its payload plus a
 *                               fixed bookkeeping cost; DATA beyond it is dropped and counted
 * @param maxSendBufferBytes     most user bytes {@link SctpAssociation#send} keeps queued or unacknowledged; a send
 *                               beyond it is refused with {@link SctpSendBufferFullException}
 * @param maxRetransmissions     Association.Max.Retrans (RFC 9260 §8.1, default 10): consecutive retransmission
 *                               timeouts and unanswered heartbeats after which the peer counts as unreachable and
 *                               the association ends; negative never gives up
 * @param pathMaxRetransmissions Path.Max.Retrans (RFC 9260 §8.2, default 5): after as many the one path is marked
 *                               inactive (it is still used, being the only one; see {@link SctpAssociation#pathActive})
 * @param maxInitRetransmits     Max.Init.Retransmits (RFC 9260 §5.1, default 8): retransmissions of INIT or COOKIE
 *                               ECHO before opening is given up; negative never gives up
 * @param heartbeatInterval      HB.interval (RFC 9260 §8.3 suggests 30 s): an idle association sends a HEARTBEAT
 *                               this long (plus one RTO) after the last DATA, so a peer that vanished is noticed
 *                               without data to send; zero (the default here, where ICE consent freshness, RFC 7675,
 *                               watches the path) sends none
 * @param congestionControl      makes each association's {@link CongestionController}: RFC 9260 §7.2
 *                               ({@link Rfc9260CongestionControl}) unless another is chosen
 */
public record SctpConfig(int port, int maxPacketSize, int receiveWindow, int maxMessageSize, Duration rtoInitial,
                         Duration rtoMin, Duration rtoMax, Random random, int maxInboundStreams, long maxReassemblyBytes,
                         long maxSendBufferBytes, int maxRetransmissions, int pathMaxRetransmissions,
                         int maxInitRetransmits, Duration heartbeatInterval, CongestionController.Factory congestionControl) {
    /** RFC 9260 §16 Association.Max.Retrans. */
    public static final int DEFAULT_MAX_RETRANSMISSIONS = 10;
    /** RFC 9260 §16 Path.Max.Retrans. */
    public static final int DEFAULT_PATH_MAX_RETRANSMISSIONS = 5;
    /** RFC 9260 §16 Max.Init.Retransmits. */
    public static final int DEFAULT_MAX_INIT_RETRANSMITS = 8;
    /** RFC 9260 §16 HB.interval (not the default of {@link #defaults}, which sends no heartbeats). */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    /** What a browser lets one data channel queue (Chromium: 16 MiB per channel), for four channels. */
    public static final long DEFAULT_MAX_SEND_BUFFER_BYTES = 64L << 20;

    public SctpConfig {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(congestionControl, "congestionControl");
        if (maxPacketSize < 256) throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        if (receiveWindow < 1500) throw new IllegalArgumentException("receiveWindow too small: " + receiveWindow);
        if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize must be positive");
        if (maxInboundStreams < 1 || maxInboundStreams > 65535) {
            throw new IllegalArgumentException("maxInboundStreams must be in 1..65535: " + maxInboundStreams);
        }
        if (maxReassemblyBytes < 1500) throw new IllegalArgumentException("maxReassemblyBytes too small: " + maxReassemblyBytes);
        if (maxSendBufferBytes < 1) throw new IllegalArgumentException("maxSendBufferBytes must be positive: " + maxSendBufferBytes);
        if (pathMaxRetransmissions < 0) {
            throw new IllegalArgumentException("pathMaxRetransmissions must not be negative: " + pathMaxRetransmissions);
        }
        if (heartbeatInterval.isNegative()) throw new IllegalArgumentException("heartbeatInterval is negative: " + heartbeatInterval);
    }

    /** The settings with the congestion control of RFC 9260 §7.2. */
    public SctpConfig(int port, int maxPacketSize, int receiveWindow, int maxMessageSize, Duration rtoInitial,
                      Duration rtoMin, Duration rtoMax, Random random, int maxInboundStreams, long maxReassemblyBytes,
                      long maxSendBufferBytes, int maxRetransmissions, int pathMaxRetransmissions,
                      int maxInitRetransmits, Duration heartbeatInterval) {
        this(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random, maxInboundStreams,
                maxReassemblyBytes, maxSendBufferBytes, maxRetransmissions, pathMaxRetransmissions, maxInitRetransmits,
                heartbeatInterval, Rfc9260CongestionControl::new);
    }

    /** The settings before limits were configurable: 65535 inbound streams, a reassembly budget of twice the window. */
    public SctpConfig(int port, int maxPacketSize, int receiveWindow, int maxMessageSize, Duration rtoInitial,
                      Duration rtoMin, Duration rtoMax, Random random) {
        this(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random, 65535, 2L * receiveWindow,
                DEFAULT_MAX_SEND_BUFFER_BYTES, DEFAULT_MAX_RETRANSMISSIONS, DEFAULT_PATH_MAX_RETRANSMISSIONS,
                DEFAULT_MAX_INIT_RETRANSMITS, Duration.ZERO);
    }

    public static SctpConfig defaults(Random random) {
        return new SctpConfig(5000, 1163, 1 << 20, 256 * 1024, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(10), random);
    }

    /** The same settings with other limits. */
    public SctpConfig withLimits(int inboundStreams, long reassemblyBytes) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                inboundStreams, reassemblyBytes, maxSendBufferBytes, maxRetransmissions, pathMaxRetransmissions,
                maxInitRetransmits, heartbeatInterval, congestionControl);
    }

    /** The same settings with another SCTP port, used on both sides (RFC 8841 §5). */
    public SctpConfig withPort(int sctpPort) {
        if (sctpPort < 0 || sctpPort > 65535) throw new IllegalArgumentException("SCTP port out of range: " + sctpPort);
        return new SctpConfig(sctpPort, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes, maxSendBufferBytes, maxRetransmissions, pathMaxRetransmissions,
                maxInitRetransmits, heartbeatInterval, congestionControl);
    }

    /** The same settings with another max message size (a=max-message-size we announce). */
    public SctpConfig withMaxMessageSize(int bytes) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, bytes, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes, maxSendBufferBytes, maxRetransmissions, pathMaxRetransmissions,
                maxInitRetransmits, heartbeatInterval, congestionControl);
    }

    /** The same settings with another send buffer limit. */
    public SctpConfig withMaxSendBufferBytes(long bytes) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes, bytes, maxRetransmissions, pathMaxRetransmissions,
                maxInitRetransmits, heartbeatInterval, congestionControl);
    }

    /** The same settings with other give-up limits (RFC 9260 §16); negative counts never give up. */
    public SctpConfig withFailureDetection(int associationMaxRetrans, int pathMaxRetrans, int maxInitRetrans,
                                           Duration heartbeat) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes, maxSendBufferBytes, associationMaxRetrans, pathMaxRetrans,
                maxInitRetrans, heartbeat, congestionControl);
    }

    /** The same settings with other RTO bounds (RFC 6298 §2). */
    public SctpConfig withRto(Duration initial, Duration min, Duration max) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, maxMessageSize, initial, min, max, random,
                maxInboundStreams, maxReassemblyBytes, maxSendBufferBytes, maxRetransmissions, pathMaxRetransmissions,
                maxInitRetransmits, heartbeatInterval, congestionControl);
    }

    /** The same settings with another congestion control (RFC 9260 §7.2 by default). */
    public SctpConfig withCongestionControl(CongestionController.Factory factory) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes, maxSendBufferBytes, maxRetransmissions, pathMaxRetransmissions,
                maxInitRetransmits, heartbeatInterval, factory);
    }
}
