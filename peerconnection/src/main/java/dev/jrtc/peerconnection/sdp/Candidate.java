package dev.jrtc.peerconnection.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An ICE candidate attribute value (RFC 8839 §5.1): foundation, component, transport, priority, address (IP or
 * an mDNS {@code .local} name), port, {@code typ}, optional {@code raddr}/{@code rport}, then extension pairs
 * (generation, ufrag, network-id, network-cost, tcptype, ...) kept in order.
 */
public record Candidate(String foundation, int component, String transport, long priority, String address, int port,
                        Type type, String relatedAddress, Integer relatedPort, List<Extension> extensions) {

    /** Candidate types (RFC 8445 §5.1.1, RFC 8839 §5.1). */
    public enum Type {
        HOST, SRFLX, PRFLX, RELAY;

        public String sdpName() { return name().toLowerCase(Locale.ROOT); }

        static Type parse(String s, String value) throws SdpParseException {
            for (Type t : values()) if (t.sdpName().equals(s)) return t;
            throw new SdpParseException(value, "unknown candidate type '" + s + "'");
        }
    }

    /** A {@code <name> <value>} extension pair. */
    public record Extension(String name, String value) {
        public Extension {
            Objects.requireNonNull(name); Objects.requireNonNull(value);
        }
    }

    public Candidate {
        Objects.requireNonNull(foundation); Objects.requireNonNull(transport); Objects.requireNonNull(address);
        Objects.requireNonNull(type);
        extensions = List.copyOf(extensions);
    }

    /** Parses with or without a leading {@code candidate:} / {@code a=candidate:} (trickled candidates carry it). */
    public static Candidate parse(String text) throws SdpParseException {
        Objects.requireNonNull(text, "candidate");
        String value = text;
        if (value.startsWith("a=")) value = value.substring(2);
        if (value.startsWith("candidate:")) value = value.substring("candidate:".length());
        String[] t = Tokens.split(value);
        if (t.length < 8) throw new SdpParseException(text, "candidate needs at least 8 fields, got " + t.length);
        if (Tokens.hasEmpty(t)) throw new SdpParseException(text, "candidate has an empty field (double or trailing space)");
        String foundation = t[0];
        if (foundation.length() > 32) throw new SdpParseException(text, "foundation longer than 32 characters");
        for (int i = 0; i < foundation.length(); i++) {
            char c = foundation.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '+' && c != '/') {
                throw new SdpParseException(text, "foundation must be ice-chars, found '" + c + "'");
            }
        }
        int component = Tokens.parseInt(t[1], 1, 256, "component-id", text);
        long priority = Tokens.parseLong(t[3], 1, 0xFFFFFFFFL, "priority", text);
        int port = Tokens.parseInt(t[5], 0, 65535, "port", text);
        if (!t[6].equals("typ")) throw new SdpParseException(text, "expected 'typ' as the 7th field, found '" + t[6] + "'");
        Type type = Type.parse(t[7], text);
        String raddr = null;
        Integer rport = null;
        List<Extension> ext = new ArrayList<>();
        int i = 8;
        if (i + 1 < t.length && t[i].equals("raddr")) {
            raddr = t[i + 1];
            i += 2;
        }
        if (i + 1 < t.length && t[i].equals("rport")) {
            rport = Tokens.parseInt(t[i + 1], 0, 65535, "rport", text);
            i += 2;
        }
        if ((t.length - i) % 2 != 0) throw new SdpParseException(text, "extension '" + t[t.length - 1] + "' has no value");
        for (; i < t.length; i += 2) ext.add(new Extension(t[i], t[i + 1]));
        return new Candidate(foundation, component, t[2], priority, t[4], port, type, raddr, rport, ext);
    }

    /** True when the address is an mDNS name (draft-ietf-mmusic-mdns-ice-candidates), not an IP literal. */
    public boolean isMdns() { return address.toLowerCase(Locale.ROOT).endsWith(".local"); }

    public String extension(String name) {
        for (Extension e : extensions) if (e.name().equals(name)) return e.value();
        return null;
    }

    /** The attribute value (without {@code candidate:}). */
    public String toValue() {
        StringBuilder sb = new StringBuilder(96);
        sb.append(foundation).append(' ').append(component).append(' ').append(transport).append(' ').append(priority)
                .append(' ').append(address).append(' ').append(port).append(" typ ").append(type.sdpName());
        if (relatedAddress != null) sb.append(" raddr ").append(relatedAddress);
        if (relatedPort != null) sb.append(" rport ").append(relatedPort);
        for (Extension e : extensions) sb.append(' ').append(e.name()).append(' ').append(e.value());
        return sb.toString();
    }

    public Attribute toAttribute() { return Attribute.of("candidate", toValue()); }
}
