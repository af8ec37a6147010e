package dev.jrtc.peerconnection;

import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.CandidateType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our candidates without our addresses (draft-ietf-mmusic-mdns-ice-candidates §3.1.1): each host address gets one
 * random {@code <uuid>.local} name, announced by the factory's mDNS responder, and its host candidates are signalled
 * under that name once the announcement is out; other candidates go out with their related address zeroed.
 * Gathering completes only after every name was announced. Event loop only.
 */
final class HiddenHostCandidates {
    private static final Logger LOG = LoggerFactory.getLogger(HiddenHostCandidates.class);

    /** Where the candidates go, as if ICE had signalled them. */
    interface Sink {
        void localCandidate(Candidate candidate);

        void gatheringComplete();
    }

    /** A hidden host address's name; host candidates of the address wait for its registration. */
    private static final class HiddenName {
        final String name;
        final List<Candidate> waiting = new ArrayList<>();
        boolean registered;
        boolean failed;

        HiddenName(String name) {
            this.name = name;
        }
    }

    private final MdnsService mdns;
    private final Random random;
    private final Consumer<Runnable> onLoop;
    private final Sink sink;
    /** One name per address, reused (draft §3.1.1). */
    private final Map<InetAddress, HiddenName> names = new HashMap<>();
    /** Names being registered; gathering is complete only once they are signalled. */
    private int pendingRegistrations;
    private boolean gatheringCompleteHeld;
    private boolean closed;
    private long dropped;

    /**
     * @param random randomness for the names (SecureRandom in production)
     * @param onLoop runs a task on the connection's loop (registrations complete on other threads)
     */
    HiddenHostCandidates(MdnsService mdns, Random random, Consumer<Runnable> onLoop, Sink sink) {
        this.mdns = mdns;
        this.random = random;
        this.onLoop = onLoop;
        this.sink = sink;
    }

    /** Host candidates not signalled because their address's name could not be announced. */
    long dropped() {
        return dropped;
    }

    /**
     * Signals {@code c} without our addresses: a host candidate under its address's random name once our responder
     * announced it; others with their related address zeroed.
     */
    void signal(Candidate c) {
        if (c.type() != CandidateType.HOST) {
            sink.localCandidate(withoutRelatedAddress(c));
            return;
        }
        InetAddress ip = c.address().getAddress();
        HiddenName h = names.get(ip);
        if (h == null) {
            HiddenName fresh = new HiddenName(randomUuid() + ".local");
            names.put(ip, fresh);
            pendingRegistrations++;
            mdns.register(fresh.name, ip).whenComplete((v, err) -> onLoop.accept(() -> registered(ip, fresh, err)));
            h = fresh;
        }
        if (h.failed) dropped++;
        else if (h.registered) sink.localCandidate(hidden(c, h.name));
        else h.waiting.add(c);
    }

    /** ICE finished gathering: complete now, or once the names being announced are. */
    void gatheringComplete() {
        if (pendingRegistrations > 0) gatheringCompleteHeld = true;
        else sink.gatheringComplete();
    }

    /** {@code candidates} as signalled: host candidates under their announced names, the others without raddr. */
    List<Candidate> signalled(List<Candidate> candidates) {
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.type() != CandidateType.HOST) {
                out.add(withoutRelatedAddress(c));
            } else {
                HiddenName h = names.get(c.address().getAddress());
                if (h != null && h.registered) out.add(hidden(c, h.name));
            }
        }
        return out;
    }

    /** Says goodbye for every announced name (RFC 6762 §10.1); names still being announced follow when they are. */
    void close() {
        closed = true;
        for (Map.Entry<InetAddress, HiddenName> h : names.entrySet()) {
            if (h.getValue().registered) mdns.unregister(h.getValue().name, h.getKey());
        }
    }

    /** A version 4 UUID (RFC 9562 §5.4) from the connection's randomness. */
    private UUID randomUuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    private void registered(InetAddress ip, HiddenName h, Throwable err) {
        pendingRegistrations--;
        if (closed) {
            if (err == null) mdns.unregister(h.name, ip);
            return;
        }
        if (err != null) {
            // Never fall back to the address itself: hiding was asked for. Other candidates may still connect.
            h.failed = true;
            dropped += h.waiting.size();
            LOG.warn("host candidate on {} not signalled: its mDNS name cannot be announced ({})", ip.getHostAddress(),
                    err.getMessage());
        } else {
            h.registered = true;
            for (Candidate c : h.waiting) sink.localCandidate(hidden(c, h.name));
        }
        h.waiting.clear();
        if (pendingRegistrations == 0 && gatheringCompleteHeld) {
            gatheringCompleteHeld = false;
            sink.gatheringComplete();
        }
    }

    private static Candidate hidden(Candidate c, String name) {
        return new Candidate(c.foundation(), c.component(), c.priority(),
                InetSocketAddress.createUnresolved(name, c.address().getPort()), c.type(), null, c.extensions());
    }

    /** The draft's raddr 0.0.0.0 rport 0: a related address would give the hidden host address away. */
    private static Candidate withoutRelatedAddress(Candidate c) {
        if (c.related() == null) return c;
        InetAddress any = c.related().getAddress() instanceof java.net.Inet6Address
                ? dev.jrtc.ice.internal.IpLiteral.parse("::") : dev.jrtc.ice.internal.IpLiteral.parse("0.0.0.0");
        return new Candidate(c.foundation(), c.component(), c.priority(), c.address(), c.type(),
                new InetSocketAddress(any, 0), c.extensions());
    }
}
