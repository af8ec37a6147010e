package dev.jrtc.ice.udp;

import dev.jrtc.ice.mdns.MdnsMessages;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the {@code .local} names browsers put in host candidates (draft-ietf-mmusic-mdns-ice-candidates) with
 * one-shot multicast DNS queries (RFC 6762 §5.1) on one interface. The answers to {@code IceEvent.MdnsLookup}
 * come from here; an unanswered name completes with empty after the timeout.
 *
 * <p>It owns one socket on port 5353 and one daemon thread reading it; {@link #close()} releases both.
 */
public final class MulticastMdnsResolver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MulticastMdnsResolver.class);
    private static final InetSocketAddress GROUP = new InetSocketAddress("224.0.0.251", 5353);

    private final MulticastSocket socket;
    private final Map<String, CompletableFuture<Optional<InetAddress>>> pending = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean closed;

    public MulticastMdnsResolver(NetworkInterface networkInterface) throws IOException {
        socket = new MulticastSocket(GROUP.getPort());
        socket.setNetworkInterface(networkInterface);
        socket.joinGroup(GROUP, networkInterface);
        socket.setTimeToLive(255); // RFC 6762 §11
        reader = new Thread(this::readAnswers, "jrtc-mdns-" + networkInterface.getName());
        reader.setDaemon(true);
        reader.start();
    }

    /** Asks the local link for {@code hostname}; completes with the address, or empty after {@code timeout}. */
    public CompletableFuture<Optional<InetAddress>> resolve(String hostname, Duration timeout) {
        if (!hostname.toLowerCase(Locale.ROOT).endsWith(".local")) {
            throw new IllegalArgumentException("mDNS resolves .local names only: '" + hostname + "'");
        }
        String key = hostname.toLowerCase(Locale.ROOT);
        CompletableFuture<Optional<InetAddress>> f = pending.computeIfAbsent(key, k -> new CompletableFuture<>());
        try {
            byte[] q = MdnsMessages.query(hostname, MdnsMessages.TYPE_A);
            socket.send(new DatagramPacket(q, q.length, GROUP));
        } catch (IOException e) {
            pending.remove(key, f);
            f.completeExceptionally(e);
            return f;
        }
        f.completeOnTimeout(Optional.empty(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> pending.remove(key, f));
        return f;
    }

    private void readAnswers() {
        byte[] buf = new byte[9000];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                for (Map.Entry<String, CompletableFuture<Optional<InetAddress>>> e : pending.entrySet()) {
                    Optional<InetAddress> a = MdnsMessages.addressFor(buf, p.getLength(), e.getKey());
                    if (a.isPresent()) e.getValue().complete(a);
                }
            } catch (SocketException e) {
                if (!closed) LOG.warn("mDNS socket failed: {}", e.toString());
                return;
            } catch (IOException e) {
                LOG.debug("mDNS receive failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        pending.values().forEach(f -> f.complete(Optional.empty()));
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
