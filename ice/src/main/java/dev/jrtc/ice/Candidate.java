package dev.jrtc.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An ICE candidate (RFC 8445 §5.1) and its SDP form (RFC 8839 §5.1):
 * {@code candidate:<foundation> <component> udp <priority> <address> <port> typ <type> [raddr <a> rport <p>] [ext value]*}.
 *
 * <p>A remote host candidate may carry an mDNS name ending in {@code .local} instead of an IP address; its
 * {@link #address()} is then unresolved until the name is resolved.
 *
 * @param foundation  identifies candidates of the same type, base IP and server
 * @param component   1 (RTP/everything, with rtcp-mux)
 * @param priority    RFC 8445 §5.1.2 priority
 * @param address     transport address (possibly an unresolved {@code .local} name)
 * @param type        host, srflx, prflx or relay
 * @param related     related address (the base or mapped address), or null
 * @param extensions  extension attribute pairs kept as given (generation, ufrag, network-cost, ...)
 */
public record Candidate(String foundation, int component, long priority, InetSocketAddress address, CandidateType type,
                        InetSocketAddress related, List<String> extensions) {
    /**
     * Longest candidate line {@link #parse} accepts: browsers' lines, extensions (ufrag, network-id, network-cost)
     * included, stay under 250 characters.
     */
    public static final int MAX_LENGTH = 2048;

    public Candidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        extensions = List.copyOf(extensions);
        if (component < 1 || component > 256) throw new IllegalArgumentException("component must be 1..256: " + component);
        if (priority < 1 || priority > 0xFFFFFFFFL) throw new IllegalArgumentException("priority must be 1..2^32-1: " + priority);
    }

    /** RFC 8445 §5.1.2.1: (2^24) * type preference + (2^8) * local preference + (256 - component ID). */
    public static long priority(CandidateType type, int localPreference, int component) {
        if (localPreference < 0 || localPreference > 65535) throw new IllegalArgumentException("local preference 0..65535: " + localPreference);
        return ((long) type.typePreference() << 24) + ((long) localPreference << 8) + (256 - component);
    }

    /** True for a remote candidate named by mDNS that is not resolved yet. */
    public boolean isMdns() {
        return address.isUnresolved() && address.getHostString().toLowerCase(Locale.ROOT).endsWith(".local");
    }

    public Candidate withAddress(InetSocketAddress resolved) {
        return new Candidate(foundation, component, priority, resolved, type, related, extensions);
    }

    /** The attribute value without "a=": {@code candidate:...}. */
    public String toSdp() {
        StringBuilder sb = new StringBuilder("candidate:").append(foundation).append(' ').append(component)
                .append(" udp ").append(priority).append(' ').append(host(address)).append(' ').append(address.getPort())
                .append(" typ ").append(type.sdpName());
        if (related != null) {
            sb.append(" raddr ").append(host(related)).append(" rport ").append(related.getPort());
        }
        for (String e : extensions) sb.append(' ').append(e);
        return sb.toString();
    }

    private static String host(InetSocketAddress a) {
        return a.isUnresolved() ? a.getHostString() : a.getAddress().getHostAddress().replaceFirst("%.*$", "");
    }

    /**
     * Parses a {@code candidate:} attribute (with or without the "a=" and "candidate:" prefixes).
     *
     * @throws IllegalArgumentException naming what is wrong; TCP candidates are rejected, jrtc speaks UDP
     */
    public static Candidate parse(String sdp) {
        if (sdp.length() > MAX_LENGTH) {
            // Checked before splitting: a trickled candidate must not make us tokenize megabytes.
            throw new IllegalArgumentException("candidate line of " + sdp.length() + " characters is over the limit of "
                    + MAX_LENGTH + " (Candidate.MAX_LENGTH)");
        }
        String s = sdp.trim();
        if (s.startsWith("a=")) s = s.substring(2);
        if (s.startsWith("candidate:")) s = s.substring("candidate:".length());
        String[] t = s.split("\\s+");
        if (t.length < 8 || !t[6].equals("typ")) {
            throw new IllegalArgumentException("not a candidate line (need '<foundation> <component> <transport> <priority> <address> <port> typ <type>'): '" + sdp + "'");
        }
        if (!t[2].equalsIgnoreCase("udp")) {
            throw new IllegalArgumentException("only UDP candidates are supported, got transport '" + t[2] + "': '" + sdp + "'");
        }
        int component = parseInt(t[1], "component", sdp);
        long priority = parseLong(t[3], "priority", sdp);
        InetSocketAddress address = address(t[4], parseInt(t[5], "port", sdp), sdp);
        CandidateType type = CandidateType.fromSdp(t[7]);
        InetSocketAddress related = null;
        List<String> extensions = new ArrayList<>();
        String raddr = null;
        int rport = -1;
        for (int i = 8; i + 1 < t.length; i += 2) {
            switch (t[i]) {
                case "raddr" -> raddr = t[i + 1];
                case "rport" -> rport = parseInt(t[i + 1], "rport", sdp);
                default -> extensions.add(t[i] + " " + t[i + 1]);
            }
        }
        if (raddr != null && rport >= 0) related = address(raddr, rport, sdp);
        return new Candidate(t[0], component, priority, address, type, related, extensions);
    }

    private static InetSocketAddress address(String host, int port, String sdp) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range in '" + sdp + "'");
        if (host.toLowerCase(Locale.ROOT).endsWith(".local")) return InetSocketAddress.createUnresolved(host, port);
        // Never InetAddress.getByName: for anything but a literal it asks DNS, on the caller's (event-loop) thread.
        InetAddress literal = IpLiteral.parse(host);
        if (literal == null) {
            throw new IllegalArgumentException("candidate address is neither an IP literal nor a .local name: '" + host
                    + "' in '" + sdp + "'");
        }
        return new InetSocketAddress(literal, port);
    }

    private static int parseInt(String v, String what, String sdp) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'", e);
        }
    }

    private static long parseLong(String v, String what, String sdp) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + v + "' in '" + sdp + "'", e);
        }
    }
}
