package dev.jrtc.ice.udp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The UDP 5-tuple of a flow seen from our side: local address and port, remote address and port (the protocol is
 * always UDP here), as RFC 8445 §2 uses it to tell candidate pairs apart.
 *
 * @param local  our socket address
 * @param remote the peer's address
 */
record FiveTuple(InetSocketAddress local, InetSocketAddress remote) {
    public FiveTuple {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
    }
}
