package dev.jrtc.sctp;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of an {@link SctpAssociation} for WebRTC (RFC 8261 §5, RFC 8831 §6.2).
 *
 * @param port               SCTP port on both sides (5000 unless the SDP says otherwise: a=sctp-port, a=sctpmap)
 * @param maxPacketSize      largest SCTP packet: 1200-byte datagrams minus DTLS 1.2 AES-GCM overhead (37 bytes)
 * @param receiveWindow      bytes we buffer for reassembly and advertise as a_rwnd
 * @param maxMessageSize     largest message accepted for sending and reassembly (a=max-message-size)
 * @param rtoInitial         RTO before any measurement (RFC 6298 §2.1 says 1 s)
 * @param rtoMin             lower bound of the RTO (WebRTC stacks use a few hundred ms rather than 1 s)
 * @param rtoMax             upper bound of the RTO
 * @param random             source of tags, initial TSNs and the cookie secret
 * @param maxInboundStreams  inbound streams the peer may use, announced in INIT (RFC 9260 §3.3.2 MIS); DATA on a
 *                           higher stream id is dropped and reported (§6.5)
 * @param maxReassemblyBytes hard cap on memory held for received data not yet delivered (fragments, and ordered
 *                           messages waiting for an earlier one), each chunk charged its payload plus a fixed
 *                           bookkeeping cost; DATA beyond it is dropped and counted
 */
public record SctpConfig(int port, int maxPacketSize, int receiveWindow, int maxMessageSize, Duration rtoInitial,
                         Duration rtoMin, Duration rtoMax, Random random, int maxInboundStreams, long maxReassemblyBytes) {
    public SctpConfig {
        Objects.requireNonNull(random, "random");
        if (maxPacketSize < 256) throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        if (receiveWindow < 1500) throw new IllegalArgumentException("receiveWindow too small: " + receiveWindow);
        if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize must be positive");
        if (maxInboundStreams < 1 || maxInboundStreams > 65535) {
            throw new IllegalArgumentException("maxInboundStreams must be in 1..65535: " + maxInboundStreams);
        }
        if (maxReassemblyBytes < 1500) throw new IllegalArgumentException("maxReassemblyBytes too small: " + maxReassemblyBytes);
    }

    /** The settings before limits were configurable: 65535 inbound streams, a reassembly budget of twice the window. */
    public SctpConfig(int port, int maxPacketSize, int receiveWindow, int maxMessageSize, Duration rtoInitial,
                      Duration rtoMin, Duration rtoMax, Random random) {
        this(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random, 65535, 2L * receiveWindow);
    }

    public static SctpConfig defaults(Random random) {
        return new SctpConfig(5000, 1163, 1 << 20, 256 * 1024, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(10), random);
    }

    /** The same settings with other limits. */
    public SctpConfig withLimits(int inboundStreams, long reassemblyBytes) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                inboundStreams, reassemblyBytes);
    }

    /** The same settings with another SCTP port, used on both sides (RFC 8841 §5). */
    public SctpConfig withPort(int sctpPort) {
        if (sctpPort < 0 || sctpPort > 65535) throw new IllegalArgumentException("SCTP port out of range: " + sctpPort);
        return new SctpConfig(sctpPort, maxPacketSize, receiveWindow, maxMessageSize, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes);
    }

    /** The same settings with another max message size (a=max-message-size we announce). */
    public SctpConfig withMaxMessageSize(int bytes) {
        return new SctpConfig(port, maxPacketSize, receiveWindow, bytes, rtoInitial, rtoMin, rtoMax, random,
                maxInboundStreams, maxReassemblyBytes);
    }
}
