package dev.jrtc.sctp;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of an {@link SctpAssociation} for WebRTC (RFC 8261 §5, RFC 8831 §6.2).
 *
 * @param port             SCTP port on both sides (5000 unless a=sctp-port says otherwise)
 * @param maxPacketSize    largest SCTP packet: 1200-byte datagrams minus DTLS 1.2 AES-GCM overhead (37 bytes)
 * @param receiveWindow    bytes we buffer for reassembly and advertise as a_rwnd
 * @param maxMessageSize   largest message accepted for sending and reassembly (a=max-message-size)
 * @param rtoInitial       RTO before any measurement (RFC 6298 §2.1 says 1 s)
 * @param rtoMin           lower bound of the RTO (WebRTC stacks use a few hundred ms rather than 1 s)
 * @param rtoMax           upper bound of the RTO
 * @param random           source of tags, initial TSNs and the cookie secret
 */
public record SctpConfig(int port, int maxPacketSize, int receiveWindow, int maxMessageSize, Duration rtoInitial,
                         Duration rtoMin, Duration rtoMax, Random random) {
    public SctpConfig {
        Objects.requireNonNull(random, "random");
        if (maxPacketSize < 256) throw new IllegalArgumentException("maxPacketSize too small: " + maxPacketSize);
        if (receiveWindow < 1500) throw new IllegalArgumentException("receiveWindow too small: " + receiveWindow);
        if (maxMessageSize < 1) throw new IllegalArgumentException("maxMessageSize must be positive");
    }

    public static SctpConfig defaults(Random random) {
        return new SctpConfig(5000, 1163, 1 << 20, 256 * 1024, Duration.ofSeconds(1), Duration.ofMillis(200),
                Duration.ofSeconds(10), random);
    }
}
