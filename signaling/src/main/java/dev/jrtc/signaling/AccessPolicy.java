package dev.jrtc.signaling;

import io.netty.util.NetUtil;
import java.util.Locale;

/**
 * The Host and Origin rules of {@link SignalingSettings} as pure functions (RFC 9110 §7.2 Host, RFC 6454 origins):
 * which Host header values name this server, and which page origins may use it.
 */
final class AccessPolicy {
    private final SignalingSettings settings;

    AccessPolicy(SignalingSettings settings) {
        this.settings = settings;
    }

    /**
     * True when {@code host} (the Host header, may carry a port) is an IP literal, {@code localhost} or an allowed name.
     * A DNS-rebinding page reaches us under the attacker's own name, so it fails here.
     */
    boolean hostAllowed(String host) {
        String name = hostName(host);
        if (name == null) return false;
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) return true; // never resolves anything
        return name.equals("localhost") || settings.allowedHosts().contains(name);
    }

    /**
     * True when a page of {@code origin} may use the server reached as {@code host}: the same host and port (the
     * server's own page), or an allowed origin. The opaque origin "null" (sandboxed frames, files) never passes.
     */
    boolean originAllowed(String origin, String host) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (settings.allowedOrigins().contains(o)) return true;
        int sep = o.indexOf("://");
        if (sep <= 0 || host == null) return false;
        String scheme = o.substring(0, sep);
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        if (defaultPort < 0) return false;
        String originAuthority = withPort(o.substring(sep + 3), defaultPort);
        String hostAuthority = withPort(host.trim().toLowerCase(Locale.ROOT), defaultPort);
        return originAuthority != null && originAuthority.equals(hostAuthority);
    }

    /** The host part of {@code authority} without port, brackets or a trailing dot, lower case; null if malformed. */
    static String hostName(String authority) {
        if (authority == null) return null;
        String a = authority.trim().toLowerCase(Locale.ROOT);
        String name;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            if (end < 0) return null;
            name = a.substring(1, end);
            String rest = a.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":[0-9]{1,5}")) return null;
        } else {
            int colon = a.indexOf(':');
            if (colon >= 0 && !a.substring(colon).matches(":[0-9]{1,5}")) return null;
            name = colon < 0 ? a : a.substring(0, colon);
        }
        if (name.endsWith(".")) name = name.substring(0, name.length() - 1);
        return name.isEmpty() ? null : name;
    }

    /** {@code host:port} with the default port made explicit; null when it has a path or is malformed. */
    private static String withPort(String authority, int defaultPort) {
        String name = hostName(authority);
        if (name == null || authority.contains("/")) return null;
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        String port = colon > close ? authority.substring(colon + 1) : Integer.toString(defaultPort);
        return name + ":" + Integer.parseInt(port);
    }
}
