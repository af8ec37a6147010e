package dev.jrtc.testkit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points the ICE candidates of an SDP at a {@link UdpImpairmentProxy} link (RFC 8839 §5.1 a=candidate): a test
 * reads each side's host candidate, connects the link to them, and gives each side the other's description with
 * the candidate replaced by the proxy address meant for it. Only IPv4 UDP host candidates are handled (what peers
 * gathering on 127.0.0.1 offer).
 */
public final class ProxiedCandidates {
    /** a=candidate:foundation component udp priority address port typ host ... */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(a=candidate:\\S+ \\d+ (?i:udp) \\d+ )(\\d+\\.\\d+\\.\\d+\\.\\d+) (\\d+)( typ host)");

    private ProxiedCandidates() {}

    /** The addresses of the host candidates in {@code sdp}, in order. */
    public static List<InetSocketAddress> hostAddresses(String sdp) {
        List<InetSocketAddress> out = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(sdp);
        while (m.find()) out.add(new InetSocketAddress(m.group(2), Integer.parseInt(m.group(3))));
        return out;
    }

    /** {@code sdp} with every host candidate's address and port replaced by {@code proxy}'s. */
    public static String pointAt(String sdp, InetSocketAddress proxy) {
        Matcher m = CANDIDATE.matcher(sdp);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + proxy.getAddress().getHostAddress() + " "
                    + proxy.getPort() + m.group(4)));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
