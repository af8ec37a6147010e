package dev.jrtc.ice.turn;

import dev.jrtc.ice.stun.StunRetransmission;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of a {@link TurnClient} (RFC 8656).
 *
 * @param server            the TURN server and our credentials on it
 * @param local             the bound local socket the client sends from (the relayed candidate's base)
 * @param random            randomness for transaction ids (a SecureRandom outside tests)
 * @param retransmission    request timers (RFC 8489 §6.2.1 defaults: 500 ms, 7 requests, 16 RTO: gives up at 39.5 s)
 * @param requestedLifetime LIFETIME asked for in Allocate and Refresh, or null to take the server's default (600 s)
 * @param autoChannelBind   whether {@link TurnClient#send} binds a channel to each new peer (RFC 8656 §12)
 */
public record TurnClientConfig(TurnServer server, InetSocketAddress local, Random random,
                               StunRetransmission retransmission, Duration requestedLifetime,
                               boolean autoChannelBind) {
    public TurnClientConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(retransmission, "retransmission");
        if (requestedLifetime != null && (requestedLifetime.getSeconds() < 1 || requestedLifetime.getSeconds() > 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("requested lifetime must be at least 1 s, got " + requestedLifetime);
        }
    }

    /** RFC defaults: standard timers, the server's lifetime, channels bound automatically. */
    public static TurnClientConfig of(TurnServer server, InetSocketAddress local, Random random) {
        return new TurnClientConfig(server, local, random, StunRetransmission.DEFAULT, null, true);
    }

    public TurnClientConfig withRetransmission(StunRetransmission timers) {
        return new TurnClientConfig(server, local, random, timers, requestedLifetime, autoChannelBind);
    }

    public TurnClientConfig withRequestedLifetime(Duration lifetime) {
        return new TurnClientConfig(server, local, random, retransmission, lifetime, autoChannelBind);
    }

    public TurnClientConfig withAutoChannelBind(boolean bind) {
        return new TurnClientConfig(server, local, random, retransmission, requestedLifetime, bind);
    }
}
