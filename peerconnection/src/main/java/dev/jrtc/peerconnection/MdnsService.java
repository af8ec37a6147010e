package dev.jrtc.peerconnection;

import dev.jrtc.ice.udp.MulticastMdns;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A factory's multicast DNS (RFC 6762) for {@code .local} ICE candidates (draft-ietf-mmusic-mdns-ice-candidates):
 * one {@link MulticastMdns} per gathering interface that supports multicast, opened the first time a connection needs
 * it (a remote {@code .local} candidate, or a local address to hide), so factories that never meet an mDNS name never
 * open port 5353. Thread-safe.
 */
final class MdnsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MdnsService.class);

    private final EventLoopGroup group;
    private final boolean epoll;
    /** Each local address's interface, for those on an up interface with multicast. */
    private final Map<InetAddress, NetworkInterface> interfaceOf = new HashMap<>();
    private final Map<String, NetworkInterface> interfaces = new LinkedHashMap<>();
    private final Map<String, MulticastMdns> open = new HashMap<>();
    private boolean closed;

    MdnsService(List<InetAddress> localAddresses, EventLoopGroup group, boolean epoll) {
        this.group = group;
        this.epoll = epoll;
        for (InetAddress a : localAddresses) {
            try {
                NetworkInterface nif = NetworkInterface.getByInetAddress(a);
                if (nif != null && nif.isUp() && nif.supportsMulticast()) {
                    interfaceOf.put(a, nif);
                    interfaces.putIfAbsent(nif.getName(), nif);
                }
            } catch (SocketException e) {
                LOG.debug("no interface for {}: {}", a, e.toString());
            }
        }
    }

    /** True when no gathering interface can carry mDNS: names neither resolve nor hide anything. */
    boolean noInterface() {
        return interfaces.isEmpty();
    }

    /**
     * Asks every interface for {@code name}; completes with the first address any of them finds, or empty when
     * none does within {@code timeout} (or there is no interface).
     */
    CompletableFuture<Optional<InetAddress>> resolve(String name, Duration timeout) {
        List<MulticastMdns> all = new ArrayList<>();
        for (NetworkInterface nif : interfaces.values()) {
            MulticastMdns m = mdns(nif);
            if (m != null) all.add(m);
        }
        CompletableFuture<Optional<InetAddress>> result = new CompletableFuture<>();
        if (all.isEmpty()) {
            result.complete(Optional.empty());
            return result;
        }
        AtomicInteger left = new AtomicInteger(all.size());
        for (MulticastMdns m : all) {
            m.resolve(name, timeout).whenComplete((a, e) -> {
                if (a != null && a.isPresent()) result.complete(a);
                else if (left.decrementAndGet() == 0) result.complete(Optional.empty());
            });
        }
        return result;
    }

    /** Answers for {@code name} with {@code address} on the address's interface; fails when it has no mDNS. */
    CompletableFuture<Void> register(String name, InetAddress address) {
        NetworkInterface nif = interfaceOf.get(address);
        MulticastMdns m = nif == null ? null : mdns(nif);
        if (m == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no multicast-capable interface for "
                    + address.getHostAddress() + (closed ? " (closed)" : "")));
        }
        return m.register(name, address);
    }

    /** Releases {@code name}: a goodbye on its interface (RFC 6762 §10.1). */
    void unregister(String name, InetAddress address) {
        NetworkInterface nif = interfaceOf.get(address);
        MulticastMdns m;
        synchronized (this) {
            m = nif == null ? null : open.get(nif.getName());
        }
        if (m != null) m.unregister(name);
    }

    private synchronized MulticastMdns mdns(NetworkInterface nif) {
        if (closed) return null;
        return open.computeIfAbsent(nif.getName(), n -> MulticastMdns.open(group.next(), epoll, nif));
    }

    /** Closes every socket, after goodbyes for the names still held. */
    @Override
    public void close() {
        List<MulticastMdns> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(open.values());
            open.clear();
        }
        for (MulticastMdns m : all) m.close();
    }
}
