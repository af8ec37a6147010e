package dev.jrtc.peerconnection;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of {@code RTCConfiguration.iceServers} (W3C webrtc §4.2.2): STUN or TURN URLs (RFC 7064, RFC 7065)
 * with the credentials a TURN server needs.
 *
 * @param urls       {@code stun:host[:port]}, {@code turn:host[:port][?transport=udp]} or {@code turns:...}
 * @param username   TURN username, or null
 * @param credential TURN password, or null
 */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls"));
        if (urls.isEmpty()) throw new IllegalArgumentException("an ICE server needs at least one URL");
        for (String url : urls) {
            IceServerUrl parsed = IceServerUrl.parse(url);
            if (parsed.turn() && (username == null || credential == null)) {
                throw new IllegalArgumentException("InvalidAccessError: TURN URL " + url + " needs a username and a credential");
            }
        }
    }

    /** A STUN server, e.g. {@code IceServer.stun("stun:127.0.0.1:3478")}. */
    public static IceServer stun(String url) {
        return new IceServer(List.of(url), null, null);
    }

    /** A TURN server with long-term credentials. */
    public static IceServer turn(String url, String username, String credential) {
        return new IceServer(List.of(url), username, credential);
    }

    /** A parsed STUN/TURN URL (RFC 7064 §3.1, RFC 7065 §3.1). */
    record IceServerUrl(boolean turn, boolean secure, String host, int port, String transport) {
        static IceServerUrl parse(String url) {
            Objects.requireNonNull(url, "url");
            String lower = url.toLowerCase(Locale.ROOT);
            boolean turn = lower.startsWith("turn:") || lower.startsWith("turns:");
            boolean stun = lower.startsWith("stun:") || lower.startsWith("stuns:");
            if (!turn && !stun) {
                throw new IllegalArgumentException("SyntaxError: ICE server URL must start with stun:, stuns:, turn: or turns:, got '" + url + "'");
            }
            boolean secure = lower.startsWith("stuns:") || lower.startsWith("turns:");
            String rest = url.substring(url.indexOf(':') + 1);
            String transport = null;
            int q = rest.indexOf('?');
            if (q >= 0) {
                String query = rest.substring(q + 1);
                rest = rest.substring(0, q);
                if (!turn || !query.startsWith("transport=")) {
                    throw new IllegalArgumentException("SyntaxError: unexpected query '" + query + "' in '" + url + "'");
                }
                transport = query.substring("transport=".length());
            }
            String host = rest;
            int port = secure ? 5349 : 3478;
            int colon = rest.lastIndexOf(':');
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) throw new IllegalArgumentException("SyntaxError: unclosed IPv6 literal in '" + url + "'");
                host = rest.substring(1, close);
                if (close + 1 < rest.length()) {
                    if (rest.charAt(close + 1) != ':') throw new IllegalArgumentException("SyntaxError: bad port in '" + url + "'");
                    port = parsePort(rest.substring(close + 2), url);
                }
            } else if (colon >= 0) {
                host = rest.substring(0, colon);
                port = parsePort(rest.substring(colon + 1), url);
            }
            if (host.isEmpty()) throw new IllegalArgumentException("SyntaxError: no host in '" + url + "'");
            return new IceServerUrl(turn, secure, host, port, transport);
        }

        private static int parsePort(String s, String url) {
            try {
                int p = Integer.parseInt(s);
                if (p < 1 || p > 65535) throw new NumberFormatException();
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SyntaxError: bad port '" + s + "' in '" + url + "'", e);
            }
        }
    }
}
