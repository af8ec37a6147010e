package dev.jrtc.peerconnection;

import dev.jrtc.ice.RemoteAddressFilter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The knobs the W3C API lacks (DESIGN.md rule 8), shared by every PeerConnection of a {@link PeerConnectionFactory}:
 * which interfaces and ports to gather on, single-port mode, threads and timeouts.
 *
 * @param eventLoopThreads       Netty event loops; each connection is bound to one of them
 * @param loopback               gather on loopback interfaces (127.0.0.1, ::1)
 * @param ipv4                   gather IPv4 addresses
 * @param ipv6                   gather IPv6 addresses (non-link-local)
 * @param interfaceFilter        interfaces to gather on
 * @param addressFilter          addresses to gather on
 * @param remoteAddressFilter    remote candidate addresses ICE may send to; others are dropped (loopback-only
 *                               settings allow only loopback, so a test can never send elsewhere). The default,
 *                               {@link RemoteAddressFilter#DEFAULT}, denies link-local addresses (169.254/16 with
 *                               the cloud metadata services, fe80::/10), unspecified, multicast, broadcast and
 *                               reserved ones; pass a filter that allows them to reach link-local peers
 * @param portMin                lowest UDP port to bind, or 0 for any (with portMax 0)
 * @param portMax                highest UDP port to bind, or 0 for any
 * @param singlePort             when non-null, every connection shares one socket per address on this port (0 picks
 *                               one), routed by 5-tuple then STUN username (RFC 8445 §2.5 style); null binds a socket
 *                               per connection and address
 * @param iceDisconnectedTimeout time without consent before iceConnectionState is disconnected
 * @param iceFailedTimeout       time without consent before it is failed (RFC 7675 §5.1: 30 s)
 * @param iceCheckingTimeout     how long checks may go on without a valid pair before failing
 * @param dtlsHandshakeTimeout   how long the DTLS handshake may take
 * @param dtlsHandshakeThreads   Bouncy Castle handshakes that may compute at once (shared by all connections); a
 *                               handshake waiting for its peer holds none of these workers, only a parked thread
 *                               of its own (at most 64 per worker), so stalled peers cannot hold up other handshakes
 * @param sctp                   data-channel send limits and when SCTP gives up on a silent peer
 * @param mdns                   {@code .local} host candidates: resolving the peer's, hiding our own (opt-in)
 */
public record RtcSettings(int eventLoopThreads, boolean loopback, boolean ipv4, boolean ipv6,
                          Predicate<NetworkInterface> interfaceFilter, Predicate<InetAddress> addressFilter,
                          Predicate<InetAddress> remoteAddressFilter, int portMin, int portMax, Integer singlePort, Duration iceDisconnectedTimeout,
                          Duration iceFailedTimeout, Duration iceCheckingTimeout, Duration dtlsHandshakeTimeout,
                          int dtlsHandshakeThreads, SctpSettings sctp, MdnsSettings mdns) {
    public RtcSettings {
        Objects.requireNonNull(sctp, "sctp");
        Objects.requireNonNull(mdns, "mdns");
        Objects.requireNonNull(interfaceFilter, "interfaceFilter");
        Objects.requireNonNull(addressFilter, "addressFilter");
        Objects.requireNonNull(remoteAddressFilter, "remoteAddressFilter");
        Objects.requireNonNull(iceDisconnectedTimeout, "iceDisconnectedTimeout");
        Objects.requireNonNull(iceFailedTimeout, "iceFailedTimeout");
        Objects.requireNonNull(iceCheckingTimeout, "iceCheckingTimeout");
        Objects.requireNonNull(dtlsHandshakeTimeout, "dtlsHandshakeTimeout");
        if (eventLoopThreads < 1) throw new IllegalArgumentException("eventLoopThreads must be at least 1: " + eventLoopThreads);
        if (dtlsHandshakeThreads < 1) throw new IllegalArgumentException("dtlsHandshakeThreads must be at least 1: " + dtlsHandshakeThreads);
        if (!loopback && !ipv4 && !ipv6) throw new IllegalArgumentException("no address family left to gather on");
        if (portMin < 0 || portMax > 65535 || portMin > portMax || (portMin == 0) != (portMax == 0)) {
            throw new IllegalArgumentException("port range must be 0..0 (any) or 1 <= portMin <= portMax <= 65535: "
                    + portMin + ".." + portMax);
        }
        if (singlePort != null && (singlePort < 0 || singlePort > 65535)) {
            throw new IllegalArgumentException("singlePort must be 0..65535: " + singlePort);
        }
        if (iceDisconnectedTimeout.compareTo(iceFailedTimeout) >= 0) {
            throw new IllegalArgumentException("iceDisconnectedTimeout must be shorter than iceFailedTimeout");
        }
    }

    /**
     * Gathering on every up, non-loopback interface (as browsers do), any port, a socket per connection, one event
     * loop per core, RFC timeouts, and no checks to link-local or non-unicast remote addresses.
     */
    public static RtcSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new RtcSettings(cores, false, true, true, nif -> true, a -> true, RemoteAddressFilter.DEFAULT, 0, 0, null, Duration.ofSeconds(8),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), Math.max(4, 2 * cores),
                SctpSettings.defaults(), MdnsSettings.defaults());
    }

    /**
     * Only 127.0.0.1 (and ::1 when {@code ipv6}), for local candidates and for the remote ones ICE may check: what
     * tests and demos use.
     */
    public RtcSettings withLoopbackOnly(boolean withIpv6) {
        return new RtcSettings(eventLoopThreads, true, true, withIpv6, interfaceFilter, InetAddress::isLoopbackAddress,
                InetAddress::isLoopbackAddress, portMin, portMax, singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout,
                dtlsHandshakeTimeout, dtlsHandshakeThreads, sctp, mdns);
    }

    public RtcSettings withPortRange(int min, int max) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, min, max,
                singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, sctp, mdns);
    }

    public RtcSettings withSinglePort(Integer port) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, portMin, portMax,
                port, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, sctp, mdns);
    }

    public RtcSettings withEventLoopThreads(int threads) {
        return new RtcSettings(threads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, portMin, portMax,
                singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, sctp, mdns);
    }

    public RtcSettings withInterfaceFilter(Predicate<NetworkInterface> filter) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, filter, addressFilter, remoteAddressFilter, portMin, portMax,
                singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, sctp, mdns);
    }

    /** Remote candidate addresses ICE may send checks and data to. */
    public RtcSettings withRemoteAddressFilter(Predicate<InetAddress> filter) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, filter, portMin,
                portMax, singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, sctp, mdns);
    }

    public RtcSettings withIceTimeouts(Duration disconnected, Duration failed, Duration checking) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, portMin, portMax,
                singlePort, disconnected, failed, checking, dtlsHandshakeTimeout, dtlsHandshakeThreads, sctp, mdns);
    }

    public RtcSettings withDtls(Duration handshakeTimeout, int handshakeThreads) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, portMin, portMax,
                singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, handshakeTimeout,
                handshakeThreads, sctp, mdns);
    }

    /** Data-channel send limits and SCTP failure detection. */
    public RtcSettings withSctp(SctpSettings settings) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, portMin, portMax,
                singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, settings, mdns);
    }

    /** How {@code .local} host candidates are handled (see {@link MdnsSettings}). */
    public RtcSettings withMdns(MdnsSettings settings) {
        return new RtcSettings(eventLoopThreads, loopback, ipv4, ipv6, interfaceFilter, addressFilter, remoteAddressFilter, portMin, portMax,
                singlePort, iceDisconnectedTimeout, iceFailedTimeout, iceCheckingTimeout, dtlsHandshakeTimeout,
                dtlsHandshakeThreads, sctp, settings);
    }
}
