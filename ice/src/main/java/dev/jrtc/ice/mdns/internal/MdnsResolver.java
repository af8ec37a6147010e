package dev.jrtc.ice.mdns.internal;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;

/**
 * The querying side of multicast DNS (RFC 6762 §5.2) for the {@code .local} names of remote ICE candidates
 * (draft-ietf-mmusic-mdns-ice-candidates §3.2.1), as a sans-IO core: a lookup asks for the A and the AAAA record of
 * the name, one question per message (Chromium's responder ignores queries with more than one), and again after 1, 2,
 * 4... seconds (the intervals §5.2 asks of repeated queries) until an answer comes or its deadline passes. Each
 * lookup ends in exactly one {@link Resolution}.
 *
 * <p>Bounded: at most {@code maxPending} lookups at once; more are refused. Not thread-safe: drive it from one
 * thread.
 */
public final class MdnsResolver {
    private static final long FIRST_INTERVAL = 1_000_000_000L;

    /** How a lookup ended: the address, or null when no answer came in time (or the resolver closed). */
    public record Resolution(String name, InetAddress address) {
        public Optional<InetAddress> resolved() {
            return Optional.ofNullable(address);
        }
    }

    private final int maxPending;
    private final Map<String, Lookup> pending = new LinkedHashMap<>();
    private final Queue<byte[]> transmits = new ArrayDeque<>();
    private final Queue<Resolution> events = new ArrayDeque<>();
    private long queriesSent;
    private long malformed;

    private static final class Lookup {
        final String name;
        final long deadline;
        long nextQueryAt;
        long interval = FIRST_INTERVAL;

        Lookup(String name, long deadline, long now) {
            this.name = name;
            this.deadline = deadline;
            this.nextQueryAt = now;
        }
    }

    public MdnsResolver(int maxPending) {
        if (maxPending < 1) throw new IllegalArgumentException("maxPending must be at least 1: " + maxPending);
        this.maxPending = maxPending;
    }

    /**
     * Starts looking {@code name} up until {@code deadlineNanos}; a lookup of the same name already running is
     * shared. False (and nothing started) when {@code maxPending} lookups are running.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid {@code .local} name
     */
    public boolean resolve(long nowNanos, String name, long deadlineNanos) {
        String key = DnsMessage.canonicalName(Objects.requireNonNull(name, "name"));
        if (!key.endsWith(".local")) throw new IllegalArgumentException("mDNS resolves .local names only: '" + name + "'");
        MdnsMessages.query(key, DnsMessage.TYPE_A); // checks the labels before anything is kept
        if (pending.containsKey(key)) return true;
        if (pending.size() >= maxPending) return false;
        pending.put(key, new Lookup(key, deadlineNanos, nowNanos));
        handleTimeout(nowNanos);
        return true;
    }

    /** A message received on the mDNS port: answers to pending lookups end them. */
    public void handleMessage(long nowNanos, byte[] message, int length) {
        DnsMessage m = DnsMessage.parse(message, length);
        if (m == null) {
            malformed++;
            return;
        }
        if (!m.isResponse() || pending.isEmpty()) return;
        for (String name : MdnsMessages.answeredNames(m)) {
            Lookup l = pending.get(name);
            if (l == null) continue;
            Optional<InetAddress> a = MdnsMessages.addressFor(m, name);
            if (a.isPresent()) {
                pending.remove(name);
                events.add(new Resolution(l.name, a.get()));
            }
        }
    }

    /** Queries that are due go out; lookups past their deadline end unresolved. */
    public void handleTimeout(long nowNanos) {
        for (Iterator<Lookup> it = pending.values().iterator(); it.hasNext(); ) {
            Lookup l = it.next();
            if (nowNanos >= l.deadline) {
                it.remove();
                events.add(new Resolution(l.name, null));
            } else if (nowNanos >= l.nextQueryAt) {
                transmits.add(MdnsMessages.query(l.name, DnsMessage.TYPE_A));
                transmits.add(MdnsMessages.query(l.name, DnsMessage.TYPE_AAAA));
                queriesSent += 2;
                l.nextQueryAt = nowNanos + l.interval;
                l.interval *= 2;
            }
        }
    }

    /** Ends every lookup unresolved. */
    public void close() {
        for (Lookup l : pending.values()) events.add(new Resolution(l.name, null));
        pending.clear();
    }

    /** When {@link #handleTimeout} has work next, or {@link Long#MAX_VALUE}. */
    public long pollTimeout() {
        long t = Long.MAX_VALUE;
        for (Lookup l : pending.values()) t = Math.min(t, Math.min(l.deadline, l.nextQueryAt));
        return t;
    }

    /** The next query to multicast to the mDNS group and port, or null; the caller owns it. */
    public byte[] pollTransmit() {
        return transmits.poll();
    }

    /** The next ended lookup, or null. */
    public Resolution pollEvent() {
        return events.poll();
    }

    public int pendingCount() {
        return pending.size();
    }

    public long queriesSent() {
        return queriesSent;
    }

    /** Messages that were not well-formed DNS. */
    public long malformed() {
        return malformed;
    }
}
