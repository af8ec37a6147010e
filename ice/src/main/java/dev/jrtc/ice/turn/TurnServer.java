package dev.jrtc.ice.turn;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A TURN server to allocate a relayed address on (RFC 8656 §3), with the long-term credentials it knows us by
 * (RFC 8489 §9.2).
 *
 * @param address  the server's UDP transport address (resolved)
 * @param username the long-term credential username
 * @param password the long-term credential password
 */
public record TurnServer(InetSocketAddress address, String username, String password) {
    public TurnServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("a TURN server address must be resolved (no DNS here): " + address);
        }
    }

    /** Leaves the password out, so configurations can be logged. */
    @Override
    public String toString() {
        return "TurnServer[" + address + ", username=" + username + "]";
    }
}
