package dev.jrtc.ice.mdns.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A DNS message (RFC 1035 §4.1) as multicast DNS uses it (RFC 6762 §18): header, questions and resource records.
 * {@link #parse} returns null for anything malformed instead of throwing; {@link #encode} writes names without
 * compression.
 *
 * <pre>
 * header:   | ID | QR Opcode AA TC RD RA Z RCODE | QDCOUNT | ANCOUNT | NSCOUNT | ARCOUNT |   (6 x 16 bits)
 * question: QNAME | QTYPE | QU(1 bit) QCLASS(15)
 * record:   NAME | TYPE | cache-flush(1 bit) CLASS(15) | TTL (32) | RDLENGTH | RDATA
 * </pre>
 *
 * @param id          0 in multicast messages (RFC 6762 §18.1)
 * @param flags       the 16 bits after the ID
 * @param questions   the question section
 * @param answers     the answer section
 * @param authorities the authority section (probes carry their proposed records here)
 * @param additionals the additional section
 */
public record DnsMessage(int id, int flags, List<Question> questions, List<ResourceRecord> answers,
                         List<ResourceRecord> authorities, List<ResourceRecord> additionals) {
    public static final int TYPE_A = 1;
    public static final int TYPE_AAAA = 28;
    public static final int TYPE_NSEC = 47;
    public static final int TYPE_ANY = 255;
    public static final int CLASS_IN = 1;
    public static final int CLASS_ANY = 255;
    /** QR=1 and AA=1: what every mDNS response carries (RFC 6762 §18.2, §18.4). */
    public static final int FLAGS_RESPONSE = 0x8400;
    /** Largest message parsed: mDNS allows up to 9000 bytes (RFC 6762 §17). */
    public static final int MAX_LENGTH = 9000;
    /** Questions plus records parsed at most: a known-answer list of a busy link stays far below. */
    public static final int MAX_ENTRIES = 256;
    /** RFC 1035 §2.3.4: 255 octets in a name's wire form, 63 in a label. */
    private static final int MAX_NAME_OCTETS = 255;
    private static final int MAX_LABEL = 63;

    public DnsMessage {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
        if ((id & ~0xFFFF) != 0 || (flags & ~0xFFFF) != 0) throw new IllegalArgumentException("id and flags are 16 bits");
    }

    /** A question (RFC 1035 §4.1.2; RFC 6762 §5.4: the top bit of the class asks for a unicast response). */
    public record Question(String name, int type, boolean unicastResponse, int dnsClass) {
        public Question {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A resource record (RFC 1035 §4.1.3; RFC 6762 §10.2: the top bit of the class is cache-flush). */
    public record ResourceRecord(String name, int type, boolean cacheFlush, int dnsClass, long ttlSeconds, byte[] rdata) {
        public ResourceRecord {
            Objects.requireNonNull(name, "name");
            rdata = rdata.clone();
            if (rdata.length > 0xFFFF) throw new IllegalArgumentException("rdata longer than 65535 bytes");
            if (ttlSeconds < 0 || ttlSeconds > 0xFFFFFFFFL) throw new IllegalArgumentException("ttl is 32 bits: " + ttlSeconds);
        }

        @Override
        public byte[] rdata() {
            return rdata.clone();
        }

        /** Same owner (case-insensitive, RFC 6762 §16), type, class and data: the same record, whatever its TTL. */
        public boolean sameRecordAs(ResourceRecord o) {
            return name.equalsIgnoreCase(o.name) && type == o.type && dnsClass == o.dnsClass && Arrays.equals(rdata, o.rdata);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ResourceRecord r && r.name.equals(name) && r.type == type && r.cacheFlush == cacheFlush
                    && r.dnsClass == dnsClass && r.ttlSeconds == ttlSeconds && Arrays.equals(r.rdata, rdata);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type, cacheFlush, dnsClass, ttlSeconds) * 31 + Arrays.hashCode(rdata);
        }

        @Override
        public String toString() {
            return "ResourceRecord[" + name + " type " + type + " class " + dnsClass + (cacheFlush ? " flush" : "")
                    + " ttl " + ttlSeconds + " rdata " + rdata.length + " B]";
        }
    }

    /** QR: a response rather than a query. */
    public boolean isResponse() {
        return (flags & 0x8000) != 0;
    }

    /** The opcode: 0 is a standard query, the only kind mDNS answers (RFC 6762 §18.3). */
    public int opcode() {
        return (flags >>> 11) & 0xF;
    }

    /** The answer, authority and additional records together. */
    public List<ResourceRecord> records() {
        List<ResourceRecord> all = new ArrayList<>(answers);
        all.addAll(authorities);
        all.addAll(additionals);
        return all;
    }

    /** Lower-case form for comparing names (RFC 6762 §16: case-insensitive for ASCII). */
    public static String canonicalName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------------------------------ encoding

    /**
     * The wire form, names uncompressed.
     *
     * @throws IllegalArgumentException when a name has an empty or over-long label, or is too long
     */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, id);
        writeShort(out, flags);
        writeShort(out, questions.size());
        writeShort(out, answers.size());
        writeShort(out, authorities.size());
        writeShort(out, additionals.size());
        for (Question q : questions) {
            writeName(out, q.name());
            writeShort(out, q.type());
            writeShort(out, (q.unicastResponse() ? 0x8000 : 0) | (q.dnsClass() & 0x7FFF));
        }
        for (List<ResourceRecord> section : List.of(answers, authorities, additionals)) {
            for (ResourceRecord r : section) {
                writeName(out, r.name());
                writeShort(out, r.type());
                writeShort(out, (r.cacheFlush() ? 0x8000 : 0) | (r.dnsClass() & 0x7FFF));
                writeShort(out, (int) (r.ttlSeconds() >>> 16));
                writeShort(out, (int) (r.ttlSeconds() & 0xFFFF));
                writeShort(out, r.rdata.length);
                out.write(r.rdata, 0, r.rdata.length);
            }
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code name} as labels (RFC 1035 §3.1), dots separating labels and {@code \.} / {@code \\} standing
     * for a dot or backslash inside one (as {@link #parse} writes them); also used for names inside RDATA (NSEC,
     * RFC 4034 §4.1.1).
     */
    static void writeName(ByteArrayOutputStream out, String name) {
        int total = 1;
        for (String label : labels(name)) {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            if (l.length == 0 || l.length > MAX_LABEL) throw new IllegalArgumentException("bad DNS label in '" + name + "'");
            total += 1 + l.length;
            if (total > MAX_NAME_OCTETS) throw new IllegalArgumentException("DNS name over 255 octets: '" + name + "'");
            out.write(l.length);
            out.write(l, 0, l.length);
        }
        out.write(0);
    }

    private static List<String> labels(String name) {
        List<String> labels = new ArrayList<>();
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length()) {
                label.append(name.charAt(++i));
            } else if (c == '.') {
                labels.add(label.toString());
                label.setLength(0);
            } else {
                label.append(c);
            }
        }
        labels.add(label.toString());
        return labels;
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    // ------------------------------------------------------------------------------------------ parsing

    /** Parses {@code b[0..len)}; null when it is not a well-formed DNS message within the limits above. */
    public static DnsMessage parse(byte[] b, int len) {
        if (b == null || len < 12 || len > Math.min(b.length, MAX_LENGTH)) return null;
        try {
            int id = u16(b, 0, len);
            int flags = u16(b, 2, len);
            int qd = u16(b, 4, len);
            int an = u16(b, 6, len);
            int ns = u16(b, 8, len);
            int ar = u16(b, 10, len);
            if (qd + an + ns + ar > MAX_ENTRIES) return null;
            int[] at = {12};
            List<Question> questions = new ArrayList<>(qd);
            for (int i = 0; i < qd; i++) {
                String name = readName(b, at, len);
                int type = u16(b, at[0], len);
                int cls = u16(b, at[0] + 2, len);
                at[0] += 4;
                questions.add(new Question(name, type, (cls & 0x8000) != 0, cls & 0x7FFF));
            }
            List<ResourceRecord> answers = readRecords(b, at, len, an);
            List<ResourceRecord> authorities = readRecords(b, at, len, ns);
            List<ResourceRecord> additionals = readRecords(b, at, len, ar);
            return new DnsMessage(id, flags, questions, answers, authorities, additionals);
        } catch (MalformedException e) {
            return null;
        }
    }

    private static List<ResourceRecord> readRecords(byte[] b, int[] at, int len, int count) throws MalformedException {
        List<ResourceRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = readName(b, at, len);
            int type = u16(b, at[0], len);
            int cls = u16(b, at[0] + 2, len);
            long ttl = ((long) u16(b, at[0] + 4, len) << 16) | u16(b, at[0] + 6, len);
            int rdlength = u16(b, at[0] + 8, len);
            int rdata = at[0] + 10;
            if (rdata + rdlength > len) throw new MalformedException();
            out.add(new ResourceRecord(name, type, (cls & 0x8000) != 0, cls & 0x7FFF, ttl,
                    Arrays.copyOfRange(b, rdata, rdata + rdlength)));
            at[0] = rdata + rdlength;
        }
        return out;
    }

    /**
     * Reads a possibly compressed name (RFC 1035 §4.1.4) at {@code at[0]} and moves {@code at[0]} past it. Pointers
     * must point backwards, to an earlier occurrence, so they cannot loop.
     */
    private static String readName(byte[] b, int[] at, int len) throws MalformedException {
        StringBuilder out = new StringBuilder();
        int pos = at[0];
        int end = -1;
        int octets = 1;
        while (true) {
            if (pos >= len) throw new MalformedException();
            int l = b[pos] & 0xFF;
            if (l == 0) {
                if (end < 0) end = pos + 1;
                break;
            }
            if ((l & 0xC0) == 0xC0) {
                if (pos + 1 >= len) throw new MalformedException();
                int target = ((l & 0x3F) << 8) | (b[pos + 1] & 0xFF);
                if (target >= pos) throw new MalformedException(); // forward or self pointer: a possible loop
                if (end < 0) end = pos + 2;
                pos = target;
                continue;
            }
            if ((l & 0xC0) != 0) throw new MalformedException(); // 01 and 10 prefixes are not defined for names
            if (pos + 1 + l > len) throw new MalformedException();
            octets += 1 + l;
            if (octets > MAX_NAME_OCTETS) throw new MalformedException();
            if (out.length() > 0) out.append('.');
            String label = new String(b, pos + 1, l, StandardCharsets.UTF_8);
            // A dot inside a label (DNS-SD instance names have them) must not read as a separator.
            if (label.indexOf('.') >= 0 || label.indexOf('\\') >= 0) label = label.replace("\\", "\\\\").replace(".", "\\.");
            out.append(label);
            pos += 1 + l;
        }
        at[0] = end;
        return out.toString();
    }

    private static int u16(byte[] b, int at, int len) throws MalformedException {
        if (at < 0 || at + 2 > len) throw new MalformedException();
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    /** Internal: thrown while parsing, turned into a null result; never leaves this class. */
    private static final class MalformedException extends Exception {
        MalformedException() {
            super(null, null, false, false);
        }
    }
}
