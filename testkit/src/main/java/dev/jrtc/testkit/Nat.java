package dev.jrtc.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A NAT on a {@link VirtualNetwork}: translates what hosts behind it send and filters what comes back, with the
 * mapping and filtering behaviours of RFC 4787 §4.1 and §5.
 */
public final class Nat {
    /** First public port handed out; ports are allocated in order so runs are deterministic. */
    private static final int FIRST_PORT = 40000;

    private final NatType type;
    private final InetAddress publicAddress;
    private final Map<Object, Mapping> mappingsByKey = new HashMap<>();
    private final Map<Integer, Mapping> mappingsByPort = new HashMap<>();
    private int nextPort = FIRST_PORT;

    Nat(NatType type, InetAddress publicAddress) {
        this.type = type;
        this.publicAddress = publicAddress;
    }

    public NatType type() {
        return type;
    }

    public InetAddress publicAddress() {
        return publicAddress;
    }

    /** How many public ports the NAT has handed out so far. */
    public int mappingCount() {
        return mappingsByPort.size();
    }

    /** Translates an outgoing datagram's source, creating the mapping if needed and opening its filter. */
    InetSocketAddress translateOutgoing(InetSocketAddress internal, InetSocketAddress destination) {
        Object key = type.mappingPerDestination() ? new DestinationKey(internal, destination) : internal;
        Mapping m = mappingsByKey.get(key);
        if (m == null) {
            m = new Mapping(internal, new InetSocketAddress(publicAddress, nextPort++));
            mappingsByKey.put(key, m);
            mappingsByPort.put(m.external.getPort(), m);
        }
        m.permittedAddresses.add(destination);
        m.permittedHosts.add(destination.getAddress());
        return m.external;
    }

    /**
     * The internal address an incoming datagram goes to, or null when no mapping exists or the filter rejects
     * its source.
     */
    InetSocketAddress translateIncoming(InetSocketAddress source, int publicPort) {
        Mapping m = mappingsByPort.get(publicPort);
        if (m == null) {
            return null;
        }
        boolean allowed = switch (type) {
            case FULL_CONE -> true;
            case ADDRESS_RESTRICTED -> m.permittedHosts.contains(source.getAddress());
            case PORT_RESTRICTED, SYMMETRIC -> m.permittedAddresses.contains(source);
        };
        return allowed ? m.internal : null;
    }

    @Override
    public String toString() {
        return "Nat(" + type + " " + publicAddress.getHostAddress() + ")";
    }

    private record DestinationKey(InetSocketAddress internal, InetSocketAddress destination) {}

    private static final class Mapping {
        final InetSocketAddress internal;
        final InetSocketAddress external;
        final Set<InetSocketAddress> permittedAddresses = new HashSet<>();
        final Set<InetAddress> permittedHosts = new HashSet<>();

        Mapping(InetSocketAddress internal, InetSocketAddress external) {
            this.internal = internal;
            this.external = external;
        }
    }
}
