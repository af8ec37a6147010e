package dev.jrtc.ice.mdns.internal;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DNS messages (RFC 1035 §4) mDNS hostname resolution needs (RFC 6762 §5, §6, §6.1, §10.1): A/AAAA questions
 * for a {@code .local} name, address answers, NSEC negative answers and goodbyes, and the address in an answer.
 * Malformed answers give an empty result, never an exception.
 */
public final class MdnsMessages {
    public static final int TYPE_A = DnsMessage.TYPE_A;
    public static final int TYPE_AAAA = DnsMessage.TYPE_AAAA;

    private MdnsMessages() {}

    /** A one-question query (id 0, as RFC 6762 §18.1 asks of multicast queries), name in lower case. */
    public static byte[] query(String name, int type) {
        return queryOf(List.of(new DnsMessage.Question(DnsMessage.canonicalName(name), type, false, DnsMessage.CLASS_IN)));
    }

    /** A query asking for both the A and the AAAA record of {@code name} in one message, as RFC 6762 §5 allows. */
    public static byte[] addressQuery(String name) {
        String n = DnsMessage.canonicalName(name);
        return queryOf(List.of(new DnsMessage.Question(n, TYPE_A, false, DnsMessage.CLASS_IN),
                new DnsMessage.Question(n, TYPE_AAAA, false, DnsMessage.CLASS_IN)));
    }

    private static byte[] queryOf(List<DnsMessage.Question> questions) {
        return new DnsMessage(0, 0, questions, List.of(), List.of(), List.of()).encode();
    }

    /** An authoritative answer giving {@code address} for {@code name} (what a responder sends). */
    public static byte[] answer(String name, InetAddress address, int ttlSeconds) {
        return new DnsMessage(0, DnsMessage.FLAGS_RESPONSE, List.of(), List.of(addressRecord(name, address, ttlSeconds)),
                List.of(), List.of()).encode();
    }

    /** The A or AAAA record of {@code name}, cache-flush set: the name is unique to its owner (RFC 6762 §10.2). */
    public static DnsMessage.ResourceRecord addressRecord(String name, InetAddress address, long ttlSeconds) {
        return new DnsMessage.ResourceRecord(name, address instanceof Inet6Address ? TYPE_AAAA : TYPE_A, true,
                DnsMessage.CLASS_IN, ttlSeconds, address.getAddress());
    }

    /**
     * The NSEC record saying {@code name} has only the address record of {@code address}'s family (RFC 6762 §6.1):
     * next domain name is the name itself, then the type bitmap of window 0 (RFC 4034 §4.1.2).
     */
    public static DnsMessage.ResourceRecord nsecRecord(String name, InetAddress address, long ttlSeconds) {
        ByteArrayOutputStream rdata = new ByteArrayOutputStream();
        DnsMessage.writeName(rdata, name);
        int type = address instanceof Inet6Address ? TYPE_AAAA : TYPE_A;
        int length = type / 8 + 1;
        rdata.write(0); // window block 0
        rdata.write(length);
        byte[] bitmap = new byte[length];
        bitmap[type / 8] = (byte) (0x80 >>> (type % 8));
        rdata.write(bitmap, 0, length);
        return new DnsMessage.ResourceRecord(name, DnsMessage.TYPE_NSEC, true, DnsMessage.CLASS_IN, ttlSeconds,
                rdata.toByteArray());
    }

    /** The address an answer gives for {@code name}, or empty when it has none or is malformed. */
    public static Optional<InetAddress> addressFor(byte[] msg, int len, String name) {
        DnsMessage m = DnsMessage.parse(msg, len);
        if (m == null || !m.isResponse()) return Optional.empty();
        return addressFor(m, name);
    }

    /**
     * The address a response gives for {@code name}: the first A or AAAA record of the IN class with a TTL above
     * zero (a zero TTL is a goodbye, RFC 6762 §10.1), in any section.
     */
    public static Optional<InetAddress> addressFor(DnsMessage m, String name) {
        String wanted = DnsMessage.canonicalName(name);
        for (DnsMessage.ResourceRecord r : m.records()) {
            if (r.dnsClass() != DnsMessage.CLASS_IN || r.ttlSeconds() == 0) continue;
            if (!DnsMessage.canonicalName(r.name()).equals(wanted)) continue;
            byte[] a = r.rdata();
            if ((r.type() == TYPE_A && a.length == 4) || (r.type() == TYPE_AAAA && a.length == 16)) {
                try {
                    InetAddress address = InetAddress.getByAddress(a); // no lookup: a raw address
                    if (address instanceof Inet4Address || address instanceof Inet6Address) return Optional.of(address);
                } catch (UnknownHostException e) {
                    // cannot happen for 4 or 16 bytes; skip the record
                }
            }
        }
        return Optional.empty();
    }

    /** Names every A/AAAA record of a response is for (what a resolver matches against its pending lookups). */
    public static List<String> answeredNames(DnsMessage m) {
        List<String> names = new ArrayList<>();
        for (DnsMessage.ResourceRecord r : m.records()) {
            if ((r.type() == TYPE_A || r.type() == TYPE_AAAA) && r.ttlSeconds() > 0) {
                String n = DnsMessage.canonicalName(r.name());
                if (!names.contains(n)) names.add(n);
            }
        }
        return names;
    }
}
