package dev.jrtc.ice.mdns;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The few DNS messages (RFC 1035 §4) mDNS hostname resolution needs (RFC 6762 §5, §6): an A/AAAA question for a
 * {@code .local} name, and the address in an answer. Malformed answers give an empty result, never an exception.
 *
 * <pre>
 * header: | ID | flags | QDCOUNT | ANCOUNT | NSCOUNT | ARCOUNT |   (6 x 16 bits)
 * question: name labels | QTYPE | QCLASS          answer: name | TYPE | CLASS | TTL | RDLENGTH | RDATA
 * </pre>
 */
public final class MdnsMessages {
    public static final int TYPE_A = 1;
    public static final int TYPE_AAAA = 28;
    private static final int CLASS_IN = 1;

    private MdnsMessages() {}

    /** A one-question query (id 0, as RFC 6762 §18.1 asks of multicast queries). */
    public static byte[] query(String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, name);
        writeShort(out, type);
        writeShort(out, CLASS_IN);
        return out.toByteArray();
    }

    /** An authoritative answer giving {@code address} for {@code name} (what a responder sends). */
    public static byte[] answer(String name, InetAddress address, int ttlSeconds) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeShort(out, 0);
        writeShort(out, 0x8400); // QR=1, AA=1
        writeShort(out, 0);
        writeShort(out, 1);
        writeShort(out, 0);
        writeShort(out, 0);
        writeName(out, name);
        writeShort(out, address instanceof Inet6Address ? TYPE_AAAA : TYPE_A);
        writeShort(out, 0x8000 | CLASS_IN); // cache-flush bit (RFC 6762 §10.2)
        writeShort(out, ttlSeconds >>> 16);
        writeShort(out, ttlSeconds & 0xFFFF);
        byte[] rdata = address.getAddress();
        writeShort(out, rdata.length);
        out.write(rdata, 0, rdata.length);
        return out.toByteArray();
    }

    /** The address an answer gives for {@code name}, or empty when it has none or is malformed. */
    public static Optional<InetAddress> addressFor(byte[] msg, int len, String name) {
        try {
            if (len < 12 || (msg[2] & 0x80) == 0) return Optional.empty(); // not a response
            int questions = readShort(msg, 4, len);
            int records = readShort(msg, 6, len) + readShort(msg, 8, len) + readShort(msg, 10, len);
            int at = 12;
            for (int i = 0; i < questions; i++) {
                at = skipName(msg, at, len) + 4;
            }
            for (int i = 0; i < records && at < len; i++) {
                StringBuilder owner = new StringBuilder();
                int next = readName(msg, at, len, owner, 0);
                int type = readShort(msg, next, len);
                int rdlength = readShort(msg, next + 8, len);
                int rdata = next + 10;
                if (rdata + rdlength > len) return Optional.empty();
                boolean match = owner.toString().equalsIgnoreCase(stripDot(name));
                if (match && ((type == TYPE_A && rdlength == 4) || (type == TYPE_AAAA && rdlength == 16))) {
                    byte[] a = new byte[rdlength];
                    System.arraycopy(msg, rdata, a, 0, rdlength);
                    InetAddress address = InetAddress.getByAddress(a);
                    return Optional.of(address instanceof Inet4Address || address instanceof Inet6Address ? address : null);
                }
                at = rdata + rdlength;
            }
        } catch (IndexOutOfBoundsException | UnknownHostException e) {
            // malformed: fall through
        }
        return Optional.empty();
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static int skipName(byte[] b, int at, int len) {
        return readName(b, at, len, new StringBuilder(), 0);
    }

    /** Reads a possibly compressed name (RFC 1035 §4.1.4) into {@code out}; returns the offset after it. */
    private static int readName(byte[] b, int at, int len, StringBuilder out, int depth) {
        if (depth > 16) throw new IndexOutOfBoundsException("compression loop");
        while (true) {
            if (at >= len) throw new IndexOutOfBoundsException("name runs past the end");
            int l = b[at] & 0xFF;
            if (l == 0) return at + 1;
            if ((l & 0xC0) == 0xC0) {
                if (at + 1 >= len) throw new IndexOutOfBoundsException("pointer runs past the end");
                readName(b, ((l & 0x3F) << 8) | (b[at + 1] & 0xFF), len, out, depth + 1);
                return at + 2;
            }
            if (at + 1 + l > len) throw new IndexOutOfBoundsException("label runs past the end");
            if (out.length() > 0) out.append('.');
            out.append(new String(b, at + 1, l, StandardCharsets.UTF_8));
            at += 1 + l;
        }
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        for (String label : stripDot(name).toLowerCase(Locale.ROOT).split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            if (l.length == 0 || l.length > 63) throw new IllegalArgumentException("bad DNS label in '" + name + "'");
            out.write(l.length);
            out.write(l, 0, l.length);
        }
        out.write(0);
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static int readShort(byte[] b, int at, int len) {
        if (at + 2 > len) throw new IndexOutOfBoundsException("short read past the end");
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
