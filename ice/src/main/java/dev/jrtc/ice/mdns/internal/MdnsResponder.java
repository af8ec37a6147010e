package dev.jrtc.ice.mdns.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;

/**
 * The responder side of multicast DNS (RFC 6762) for the host names of {@code .local} ICE candidates
 * (draft-ietf-mmusic-mdns-ice-candidates §3.1.1), as a sans-IO core: it answers queries for the names registered
 * with it and for nothing else. Registering a name announces it twice, one second apart (RFC 6762 §8.3), without
 * probing first: the names are random version 4 UUIDs, so the draft skips probing; unregistering sends a goodbye, the
 * record with TTL 0 (§10.1).
 *
 * <p>Answers are multicast (§6), carry no question, and set cache-flush (the names are unique, §10.2). A record is
 * multicast at most once a second (§6): a query that comes sooner is answered when the second is up, so a flood of
 * queries makes at most one answer per name and second. Known answers in the query suppress the answer (§7.1). A
 * query for the other address family gets an NSEC record saying the name has no such address (§6.1).
 *
 * <p>Feed it received messages ({@link #handleMessage}) and timeouts; drain {@link #pollTransmit()}: each transmit is
 * one message for the mDNS group and port. Not thread-safe: drive it from one thread.
 */
public final class MdnsResponder {
    /** TTL of host name records (RFC 6762 §10: 120 seconds for records with a host name). */
    public static final int TTL_SECONDS = 120;
    /** RFC 6762 §8.3: at least two unsolicited responses, one second apart. */
    private static final int ANNOUNCEMENTS = 2;
    private static final long SECOND = 1_000_000_000L;
    /** Names held at once: a few per connection with hidden addresses; beyond it registration is refused. */
    public static final int MAX_NAMES = 4096;

    private final Map<String, Entry> names = new LinkedHashMap<>();
    private final Queue<byte[]> transmits = new ArrayDeque<>();
    private long queriesAnswered;
    private long malformed;

    private static final class Entry {
        final String name;
        final InetAddress address;
        int announcementsLeft = ANNOUNCEMENTS;
        long nextAnnounceAt;
        long lastMulticastAt = Long.MIN_VALUE;
        long answerAt = Long.MAX_VALUE;
        boolean nsecDue;

        Entry(String name, InetAddress address, long now) {
            this.name = name;
            this.address = address;
            this.nextAnnounceAt = now;
        }
    }

    /**
     * Starts answering for {@code name} (a {@code .local} name) with {@code address}, and announces it now and a
     * second later.
     *
     * @throws IllegalArgumentException when the name is not a valid {@code .local} name, is registered already, or
     *                                  {@link #MAX_NAMES} are held
     */
    public void register(long nowNanos, String name, InetAddress address) {
        Objects.requireNonNull(address, "address");
        String key = DnsMessage.canonicalName(Objects.requireNonNull(name, "name"));
        if (!key.endsWith(".local")) throw new IllegalArgumentException("mDNS names end in .local: '" + name + "'");
        if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        response(List.of(MdnsMessages.addressRecord(key, address, TTL_SECONDS)), List.of()); // checks the labels
        if (names.containsKey(key)) throw new IllegalArgumentException("name registered already: '" + name + "'");
        if (names.size() >= MAX_NAMES) throw new IllegalArgumentException("responder holds " + MAX_NAMES + " names already");
        names.put(key, new Entry(key, address, nowNanos));
        handleTimeout(nowNanos);
    }

    /** Stops answering for {@code name} and sends its goodbye (RFC 6762 §10.1); false when it was not registered. */
    public boolean unregister(long nowNanos, String name) {
        Entry e = names.remove(DnsMessage.canonicalName(name));
        if (e == null) return false;
        transmits.add(response(List.of(MdnsMessages.addressRecord(e.name, e.address, 0)), List.of()));
        return true;
    }

    /** Unregisters every name: one goodbye message for all of them. */
    public void close(long nowNanos) {
        if (names.isEmpty()) return;
        List<DnsMessage.ResourceRecord> goodbyes = new ArrayList<>();
        for (Entry e : names.values()) goodbyes.add(MdnsMessages.addressRecord(e.name, e.address, 0));
        names.clear();
        transmits.add(response(goodbyes, List.of()));
    }

    /** The names answered for. */
    public List<String> names() {
        return List.copyOf(names.keySet());
    }

    /** A message received on the mDNS port; queries for our names are answered, anything else is ignored. */
    public void handleMessage(long nowNanos, byte[] message, int length) {
        DnsMessage m = DnsMessage.parse(message, length);
        if (m == null) {
            malformed++;
            return;
        }
        // Responses (other hosts' answers and announcements, our own looped back) need nothing from us: a conflict
        // on a random UUID name is not worth defending (the draft skips probing for the same reason).
        if (m.isResponse() || m.opcode() != 0 || names.isEmpty()) return;
        boolean any = false;
        for (DnsMessage.Question q : m.questions()) {
            Entry e = names.get(DnsMessage.canonicalName(q.name()));
            if (e == null || (q.dnsClass() != DnsMessage.CLASS_IN && q.dnsClass() != DnsMessage.CLASS_ANY)) continue;
            int ours = e.address instanceof Inet6Address ? DnsMessage.TYPE_AAAA : DnsMessage.TYPE_A;
            int other = ours == DnsMessage.TYPE_A ? DnsMessage.TYPE_AAAA : DnsMessage.TYPE_A;
            if (q.type() == ours || q.type() == DnsMessage.TYPE_ANY) {
                if (knownAnswer(m, e)) continue; // RFC 6762 §7.1: the querier has it with at least half its TTL
                e.answerAt = Math.min(e.answerAt, earliestMulticast(e, nowNanos));
                any = true;
            } else if (q.type() == other) {
                e.nsecDue = true;
                e.answerAt = Math.min(e.answerAt, earliestMulticast(e, nowNanos));
                any = true;
            }
        }
        if (any) {
            queriesAnswered++;
            handleTimeout(nowNanos);
        }
    }

    /** RFC 6762 §6: a record goes out at most once a second on an interface. */
    private static long earliestMulticast(Entry e, long nowNanos) {
        return e.lastMulticastAt == Long.MIN_VALUE ? nowNanos : Math.max(nowNanos, e.lastMulticastAt + SECOND);
    }

    private static boolean knownAnswer(DnsMessage query, Entry e) {
        DnsMessage.ResourceRecord ours = MdnsMessages.addressRecord(e.name, e.address, TTL_SECONDS);
        for (DnsMessage.ResourceRecord known : query.answers()) {
            if (known.sameRecordAs(ours) && known.ttlSeconds() >= TTL_SECONDS / 2) return true;
        }
        return false;
    }

    /** Sends the announcements and deferred answers that are due. */
    public void handleTimeout(long nowNanos) {
        List<DnsMessage.ResourceRecord> answers = new ArrayList<>();
        List<DnsMessage.ResourceRecord> additionals = new ArrayList<>();
        for (Entry e : names.values()) {
            boolean announce = e.announcementsLeft > 0 && nowNanos >= e.nextAnnounceAt;
            boolean answer = nowNanos >= e.answerAt;
            if (!announce && !answer) continue;
            if (announce) {
                e.announcementsLeft--;
                e.nextAnnounceAt = nowNanos + SECOND;
            }
            DnsMessage.ResourceRecord address = MdnsMessages.addressRecord(e.name, e.address, TTL_SECONDS);
            DnsMessage.ResourceRecord nsec = MdnsMessages.nsecRecord(e.name, e.address, TTL_SECONDS);
            if (e.nsecDue && answer) {
                answers.add(nsec); // the negative answer to the question asked (RFC 6762 §6.1)
                additionals.add(address);
            } else {
                answers.add(address);
                additionals.add(nsec);
            }
            e.nsecDue = false;
            e.answerAt = Long.MAX_VALUE;
            e.lastMulticastAt = nowNanos;
        }
        if (!answers.isEmpty()) transmits.add(response(answers, additionals));
    }

    private static byte[] response(List<DnsMessage.ResourceRecord> answers, List<DnsMessage.ResourceRecord> additionals) {
        return new DnsMessage(0, DnsMessage.FLAGS_RESPONSE, List.of(), answers, List.of(), additionals).encode();
    }

    /** When {@link #handleTimeout} has work next, or {@link Long#MAX_VALUE}. */
    public long pollTimeout() {
        long t = Long.MAX_VALUE;
        for (Entry e : names.values()) {
            if (e.announcementsLeft > 0) t = Math.min(t, e.nextAnnounceAt);
            t = Math.min(t, e.answerAt);
        }
        return t;
    }

    /** The next message to multicast to 224.0.0.251 / ff02::fb port 5353, or null; the caller owns it. */
    public byte[] pollTransmit() {
        return transmits.poll();
    }

    /** Queries that asked for one of our names and were (or will be) answered. */
    public long queriesAnswered() {
        return queriesAnswered;
    }

    /** Messages that were not well-formed DNS. */
    public long malformed() {
        return malformed;
    }
}
