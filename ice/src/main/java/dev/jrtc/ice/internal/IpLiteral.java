package dev.jrtc.ice.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses the IP address literals of candidate lines (RFC 8839 §5.1: {@code connection-address} is an IPv4 dotted
 * quad, an IPv6 address, or an FQDN jrtc does not resolve) into {@link InetAddress}es without ever asking DNS:
 * {@code InetAddress.getByName} looks up anything that is not a literal, even {@code dead.beef.de}, blocking the
 * calling thread (an event loop) on the network. Only the forms of RFC 4291 §2.2 and the dotted quad are accepted;
 * no zone ids, no brackets, no octal or short IPv4 forms.
 */
public final class IpLiteral {
    private IpLiteral() {}

    /** The address {@code text} spells, or null when it is not an IPv4 or IPv6 literal. Never resolves names. */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) { // 45: the longest IPv6 text form
            return null;
        }
        byte[] bytes = text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text, 0, text.length());
        if (bytes == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(bytes); // from bytes: no lookup (an IPv4-mapped IPv6 becomes IPv4)
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Four decimal parts 0..255, no leading zeros (which some parsers read as octal). */
    private static byte[] ipv4(String s, int from, int to) {
        byte[] out = new byte[4];
        int part = 0;
        int at = from;
        while (part < 4) {
            int start = at;
            int value = 0;
            while (at < to && at - start < 4 && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                value = value * 10 + (s.charAt(at) - '0');
                at++;
            }
            int digits = at - start;
            if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return null;
            }
            out[part++] = (byte) value;
            if (part < 4) {
                if (at >= to || s.charAt(at) != '.') {
                    return null;
                }
                at++;
            }
        }
        return at == to ? out : null;
    }

    /** RFC 4291 §2.2: eight groups of 1..4 hex digits, one "::" for a run of zero groups, an IPv4 tail allowed. */
    private static byte[] ipv6(String s) {
        byte[] out = new byte[16];
        int n = s.length();
        int groups = 0; // 16-bit groups written
        int gap = -1; // group index where "::" stands
        int at = 0;
        if (s.startsWith("::")) {
            gap = 0;
            at = 2;
            if (at == n) {
                return out; // "::"
            }
        } else if (s.charAt(0) == ':') {
            return null;
        }
        while (at < n) {
            if (groups == 8) {
                return null;
            }
            int start = at;
            int value = 0;
            while (at < n && at - start < 5 && Character.digit(s.charAt(at), 16) >= 0) {
                value = (value << 4) | Character.digit(s.charAt(at), 16);
                at++;
            }
            if (at < n && s.charAt(at) == '.') {
                // An IPv4 tail fills the last two groups.
                if (groups > 6) {
                    return null;
                }
                byte[] v4 = ipv4(s, start, n);
                if (v4 == null) {
                    return null;
                }
                System.arraycopy(v4, 0, out, groups * 2, 4);
                groups += 2;
                at = n;
                break;
            }
            int digits = at - start;
            if (digits == 0 || digits > 4) {
                return null;
            }
            out[groups * 2] = (byte) (value >>> 8);
            out[groups * 2 + 1] = (byte) value;
            groups++;
            if (at == n) {
                break;
            }
            if (s.charAt(at) != ':') {
                return null;
            }
            at++;
            if (at < n && s.charAt(at) == ':') {
                if (gap >= 0) {
                    return null; // a second "::"
                }
                gap = groups;
                at++;
                if (at == n) {
                    break;
                }
            } else if (at == n) {
                return null; // a trailing single ':'
            }
        }
        if (gap < 0) {
            return groups == 8 ? out : null;
        }
        if (groups == 8) {
            return null; // "::" must stand for at least one group
        }
        // Move the groups after the gap to the end.
        int tail = (groups - gap) * 2;
        System.arraycopy(out, gap * 2, out, 16 - tail, tail);
        java.util.Arrays.fill(out, gap * 2, 16 - tail, (byte) 0);
        return out;
    }

    /**
     * The RFC 5952 §4 text of a 16-byte IPv6 address: lower-case hex, no leading zeros, the longest run of two or
     * more zero groups (the first of equal runs) written as "::". Browsers write candidates this way.
     */
    public static String formatIpv6(byte[] address) {
        if (address.length != 16) throw new IllegalArgumentException("an IPv6 address has 16 bytes, got " + address.length);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
