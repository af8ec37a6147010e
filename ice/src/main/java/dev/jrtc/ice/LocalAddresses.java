package dev.jrtc.ice;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks the local IP addresses to gather host candidates on (RFC 8445 §5.1.1.1), with the switches a server
 * deployment needs: loopback on or off, IPv4 and IPv6 on or off, and a filter on interface and address.
 */
public final class LocalAddresses {
    private LocalAddresses() {}

    /**
     * The usable addresses of the up interfaces, IPv6 first (RFC 8421 prefers it), skipping link-local IPv6 and
     * anything {@code filter} rejects.
     */
    public static List<InetAddress> find(boolean loopback, boolean ipv4, boolean ipv6,
                                         Predicate<NetworkInterface> interfaceFilter, Predicate<InetAddress> addressFilter) {
        List<InetAddress> v6 = new ArrayList<>();
        List<InetAddress> v4 = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || (nif.isLoopback() && !loopback) || !interfaceFilter.test(nif)) continue;
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLoopbackAddress() != nif.isLoopback() || !addressFilter.test(a)) continue;
                    if (a instanceof Inet6Address) {
                        if (ipv6 && !a.isLinkLocalAddress()) v6.add(a);
                    } else if (ipv4) {
                        v4.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
        }
        v6.addAll(v4);
        return v6;
    }

    /** Only the loopback addresses: what tests and demos use. */
    public static List<InetAddress> loopbackOnly() {
        return find(true, true, true, nif -> true, InetAddress::isLoopbackAddress);
    }
}
