package dev.jrtc.ice;

import dev.jrtc.ice.turn.TurnServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of an {@link IceAgent}. The agent never enumerates interfaces: {@code localAddresses} are the sockets the
 * I/O layer has bound (see {@link LocalAddresses} for choosing them); each becomes a host candidate and a base.
 *
 * @param role               initial role; a role conflict may flip it (RFC 8445 §7.3.1.1)
 * @param credentials        our ufrag and password
 * @param localAddresses     bound local sockets, most preferred first
 * @param stunServers        STUN servers for server-reflexive candidates
 * @param random             randomness for the tie-breaker, transaction ids and consent jitter
 * @param pacing             Ta, the interval between new checks (RFC 8445 §14.2: 50 ms)
 * @param consentInterval    mean interval of consent checks on the selected pair (RFC 7675 §5.1: 5 s)
 * @param disconnectedAfter  time without consent after which the state is disconnected; longer than the largest
 *                           consent interval (1.2x) plus a round trip, or a healthy pair would flicker (8 s)
 * @param consentTimeout     time without consent after which the pair is dead (RFC 7675 §5.1: 30 s)
 * @param checkingTimeout    how long checking may go on without any valid pair before failing
 * @param turnServers        TURN servers for relayed candidates (RFC 8445 §5.1.1.2), one allocation per server and
 *                           local address of the server's family
 * @param transportPolicy    which candidates are used and signalled (W3C iceTransportPolicy)
 */
public record IceAgentConfig(IceRole role, IceCredentials credentials, List<InetSocketAddress> localAddresses,
                             List<InetSocketAddress> stunServers, Random random, Duration pacing,
                             Duration consentInterval, Duration disconnectedAfter, Duration consentTimeout,
                             Duration checkingTimeout, List<TurnServer> turnServers,
                             IceTransportPolicy transportPolicy) {
    public IceAgentConfig {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(transportPolicy, "transportPolicy");
        localAddresses = List.copyOf(localAddresses);
        stunServers = List.copyOf(stunServers);
        turnServers = List.copyOf(turnServers);
        if (localAddresses.isEmpty()) throw new IllegalArgumentException("an ICE agent needs at least one local address");
    }

    /** The settings without TURN servers and with every candidate type (the form before TURN support). */
    public IceAgentConfig(IceRole role, IceCredentials credentials, List<InetSocketAddress> localAddresses,
            List<InetSocketAddress> stunServers, Random random, Duration pacing, Duration consentInterval,
            Duration disconnectedAfter, Duration consentTimeout, Duration checkingTimeout) {
        this(role, credentials, localAddresses, stunServers, random, pacing, consentInterval, disconnectedAfter,
                consentTimeout, checkingTimeout, List.of(), IceTransportPolicy.ALL);
    }

    /** RFC defaults with fresh random credentials. */
    public static IceAgentConfig of(IceRole role, List<InetSocketAddress> localAddresses, Random random) {
        return new IceAgentConfig(role, IceCredentials.random(random), localAddresses, List.of(), random,
                Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(30),
                Duration.ofSeconds(30));
    }

    public IceAgentConfig withStunServers(List<InetSocketAddress> servers) {
        return new IceAgentConfig(role, credentials, localAddresses, servers, random, pacing, consentInterval,
                disconnectedAfter, consentTimeout, checkingTimeout, turnServers, transportPolicy);
    }

    public IceAgentConfig withTurnServers(List<TurnServer> servers) {
        return new IceAgentConfig(role, credentials, localAddresses, stunServers, random, pacing, consentInterval,
                disconnectedAfter, consentTimeout, checkingTimeout, servers, transportPolicy);
    }

    /** {@link IceTransportPolicy#RELAY} uses and signals relayed candidates only (needs {@link #turnServers()}). */
    public IceAgentConfig withTransportPolicy(IceTransportPolicy policy) {
        return new IceAgentConfig(role, credentials, localAddresses, stunServers, random, pacing, consentInterval,
                disconnectedAfter, consentTimeout, checkingTimeout, turnServers, policy);
    }
}
