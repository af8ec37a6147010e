package dev.jrtc.ice;

import dev.jrtc.ice.internal.IpLiteral;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An ICE candidate (RFC 8445 §5.1) and its SDP attribute (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> [raddr <a> rport <p>]
 * [<name> <value>]*}. One type serves the agent and the SDP layer, so nothing is lost between them.
 *
 * <p>The address is an IP literal, or a name kept unresolved ({@link InetSocketAddress#isUnresolved()}): an mDNS
 * {@code .local} name ({@link #isMdns()}), resolved only through the agent's mDNS path, or an FQDN, which jrtc never
 * resolves (RFC 8839 §5.1 leaves it to the application; browsers drop them). {@link IceAgent} ignores FQDN and
 * non-UDP candidates; they still parse and print, so a description keeps them.
 *
 * @param foundation  identifies candidates of the same type, base IP and server (1-32 ice-chars)
 * @param component   1 (RTP/everything, with rtcp-mux); 1..256
 * @param transport   the transport token as written: {@code udp} (any case), {@code tcp}, or an extension token
 * @param priority    RFC 8445 §5.1.2 priority, 1..2^32-1
 * @param address     transport address (possibly an unresolved name)
 * @param type        host, srflx, prflx or relay
 * @param related     rel-addr/rel-port (the base or mapped address; may be an unresolved name), or null
 * @param extensions  extension attribute pairs in order (generation, ufrag, network-id, network-cost, tcptype, ...)
 */
public record Candidate(String foundation, int component, String transport, long priority, InetSocketAddress address,
                        CandidateType type, InetSocketAddress related, List<Extension> extensions) {
    /**
     * Longest candidate line {@link #parse} accepts: browsers' lines, extensions (ufrag, network-id, network-cost)
     * included, stay under 250 characters.
     */
    public static final int MAX_LENGTH = 2048;

    /** A {@code <name> <value>} extension pair of the candidate attribute (RFC 8839 §5.1 extension-att-name/value). */
    public record Extension(String name, String value) {
        public Extension {
            requireToken(name, "extension name");
            requireToken(value, "extension value");
        }
    }

    public Candidate {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        checkFoundation(foundation);
        requireToken(transport, "transport");
        extensions = List.copyOf(extensions);
        if (component < 1 || component > 256) throw new IllegalArgumentException("component must be 1..256: " + component);
        if (priority < 1 || priority > 0xFFFFFFFFL) throw new IllegalArgumentException("priority must be 1..2^32-1: " + priority);
        requireHost(address);
        if (related != null) requireHost(related);
    }

    /** A UDP candidate, the only transport {@link IceAgent} pairs. */
    public Candidate(String foundation, int component, long priority, InetSocketAddress address, CandidateType type,
                     InetSocketAddress related, List<Extension> extensions) {
        this(foundation, component, "udp", priority, address, type, related, extensions);
    }

    /** RFC 8445 §5.1.2.1: (2^24) * type preference + (2^8) * local preference + (256 - component ID). */
    public static long priority(CandidateType type, int localPreference, int component) {
        if (localPreference < 0 || localPreference > 65535) throw new IllegalArgumentException("local preference 0..65535: " + localPreference);
        return ((long) type.typePreference() << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** True for a candidate named by mDNS that is not resolved yet. */
    public boolean isMdns() {
        return address.isUnresolved() && address.getHostString().toLowerCase(Locale.ROOT).endsWith(".local");
    }

    /** True for transport {@code udp}, whatever its case (RFC 8839 §5.1). */
    public boolean isUdp() {
        return transport.equalsIgnoreCase("udp");
    }

    /** The value of the first extension called {@code name}, or null. */
    public String extension(String name) {
        for (Extension e : extensions) {
            if (e.name().equals(name)) return e.value();
        }
        return null;
    }

    /** The RFC 6544 §4.5 {@code tcptype} (active, passive, so) of a TCP candidate, or null. */
    public String tcpType() {
        return extension("tcptype");
    }

    public Candidate withAddress(InetSocketAddress resolved) {
        return new Candidate(foundation, component, transport, priority, resolved, type, related, extensions);
    }

    /** The candidate as W3C {@code RTCIceCandidate.candidate} writes it: {@code candidate:} and the attribute value. */
    public String toSdp() {
        return "candidate:" + attributeValue();
    }

    /** The SDP attribute value, without {@code a=candidate:}. */
    public String attributeValue() {
        StringBuilder sb = new StringBuilder(96).append(foundation).append(' ').append(component).append(' ')
                .append(transport).append(' ').append(priority).append(' ').append(host(address)).append(' ')
                .append(address.getPort()).append(" typ ").append(type.sdpName());
        if (related != null) {
            sb.append(" raddr ").append(host(related)).append(" rport ").append(related.getPort());
        }
        for (Extension e : extensions) sb.append(' ').append(e.name()).append(' ').append(e.value());
        return sb.toString();
    }

    private static String host(InetSocketAddress a) {
        if (a.isUnresolved()) return a.getHostString();
        InetAddress ip = a.getAddress();
        return ip instanceof Inet6Address ? IpLiteral.formatIpv6(ip.getAddress()) : ip.getHostAddress();
    }

    /**
     * Parses a candidate attribute, with or without the {@code a=} and {@code candidate:} prefixes (trickled
     * candidates carry {@code candidate:}). Fields are separated by single spaces (RFC 8839 §5.1).
     *
     * @throws IllegalArgumentException naming what is wrong; nothing else, whatever the input
     */
    public static Candidate parse(String sdp) {
        Objects.requireNonNull(sdp, "candidate");
        if (sdp.length() > MAX_LENGTH) {
            // Checked before splitting: a trickled candidate must not make us tokenize megabytes.
            throw new IllegalArgumentException("candidate line of " + sdp.length() + " characters is over the limit of "
                    + MAX_LENGTH + " (Candidate.MAX_LENGTH)");
        }
        String s = sdp.strip();
        if (s.startsWith("a=")) s = s.substring(2);
        if (s.startsWith("candidate:")) s = s.substring("candidate:".length());
        String[] t = s.split(" ", -1);
        if (t.length < 8) {
            throw new IllegalArgumentException("candidate needs at least 8 fields ('<foundation> <component> <transport>"
                    + " <priority> <address> <port> typ <type>'), got " + t.length + ": '" + sdp + "'");
        }
        for (String token : t) {
            if (token.isEmpty()) throw new IllegalArgumentException("candidate has an empty field (double or trailing space): '" + sdp + "'");
        }
        int component = parseInt(t[1], 1, 256, "component-id", sdp);
        long priority = parseLong(t[3], "priority", sdp);
        int port = parseInt(t[5], 0, 65535, "port", sdp);
        if (!t[6].equals("typ")) throw new IllegalArgumentException("expected 'typ' as the 7th field, found '" + t[6] + "': '" + sdp + "'");
        CandidateType type = CandidateType.fromSdp(t[7]);
        InetSocketAddress address = address(t[4], port, sdp);
        int i = 8;
        InetSocketAddress related = null;
        if (i < t.length && t[i].equals("raddr")) {
            if (i + 3 >= t.length || !t[i + 2].equals("rport")) {
                throw new IllegalArgumentException("raddr without rport: '" + sdp + "'");
            }
            related = address(t[i + 1], parseInt(t[i + 3], 0, 65535, "rport", sdp), sdp);
            i += 4;
        } else if (i < t.length && t[i].equals("rport")) {
            throw new IllegalArgumentException("rport without raddr: '" + sdp + "'");
        }
        if ((t.length - i) % 2 != 0) throw new IllegalArgumentException("extension '" + t[t.length - 1] + "' has no value: '" + sdp + "'");
        List<Extension> extensions = new ArrayList<>((t.length - i) / 2);
        for (; i < t.length; i += 2) extensions.add(new Extension(t[i], t[i + 1]));
        return new Candidate(t[0], component, t[2], priority, address, type, related, extensions);
    }

    /** An IP literal, else a name kept unresolved: never InetAddress.getByName, which asks DNS on the caller's thread. */
    private static InetSocketAddress address(String host, int port, String sdp) {
        InetAddress literal = IpLiteral.parse(host);
        if (literal != null) return new InetSocketAddress(literal, port);
        if (!isHostName(host)) {
            throw new IllegalArgumentException("candidate address is neither an IP literal nor a host name: '" + host
                    + "' in '" + sdp + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** RFC 1123 host name characters (letters, digits, '-', '.', and '_' as some stacks write it), up to 253. */
    private static boolean isHostName(String host) {
        if (host.isEmpty() || host.length() > 253 || host.startsWith(".") || host.contains("..")) return false;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    private static void requireHost(InetSocketAddress a) {
        if (a.isUnresolved() && !isHostName(a.getHostString())) {
            throw new IllegalArgumentException("candidate address is not a host name: '" + a.getHostString() + "'");
        }
    }

    /** RFC 8839 §5.1: foundation = 1*32ice-char. */
    private static void checkFoundation(String foundation) {
        Objects.requireNonNull(foundation, "foundation");
        if (foundation.isEmpty() || foundation.length() > 32) {
            throw new IllegalArgumentException("foundation must be 1..32 characters: '" + foundation + "'");
        }
        for (int i = 0; i < foundation.length(); i++) {
            char c = foundation.charAt(i);
            boolean iceChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!iceChar) throw new IllegalArgumentException("foundation must be ice-chars, found '" + c + "'");
        }
    }

    /** A non-empty run of visible ASCII (no space, no control character): what one SDP field may hold. */
    private static void requireToken(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) throw new IllegalArgumentException(what + " is empty");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) throw new IllegalArgumentException(what + " has a character SDP cannot carry: '" + s + "'");
        }
    }

    private static int parseInt(String v, int min, int max, String what, String sdp) {
        long value = parseLong(v, what, sdp);
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + v + " in '" + sdp + "'");
        }
        return (int) value;
    }

    private static long parseLong(String v, String what, String sdp) {
        if (v.isEmpty() || v.length() > 10) throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'");
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'");
        }
        return Long.parseLong(v);
    }
}
