package dev.jrtc.signaling;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An {@code application/trickle-ice-sdpfrag} body (RFC 8840 §9, used by WHIP PATCH, RFC 9725 §4.3): session-level
 * ICE attributes, then pseudo media descriptions ({@code m=} lines) with their {@code a=mid}, {@code a=ice-ufrag},
 * {@code a=ice-pwd}, {@code a=candidate} and {@code a=end-of-candidates}.
 *
 * <pre>
 * a=ice-options:trickle ice2          session level: ice-lite, ice-options, group, ice-ufrag, ice-pwd
 * a=group:BUNDLE 0 1
 * m=audio 9 UDP/TLS/RTP/SAVPF 111     a pseudo m-line per data stream (WHIP: only the BUNDLE tag)
 * a=mid:0
 * a=ice-ufrag:EsAw                    credentials of the ICE session the candidates belong to (RFC 8839 §5.4)
 * a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1
 * a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host
 * a=end-of-candidates                 RFC 8838 §8.2
 * </pre>
 *
 * Lines end in CRLF or LF. Attributes outside this set are ignored, as RFC 8840 asks; anything else that is not
 * {@code a=}, {@code m=} or {@code c=} makes the fragment malformed. Candidates are only checked for shape here;
 * the ICE agent drops those it cannot use (TCP, unresolvable), which WHIP requires to be silent.
 *
 * @param iceUfrag the ice-ufrag (media level wins over session level), or null when absent
 * @param icePwd the ice-pwd, or null when absent
 * @param candidates each candidate with the mid of its m-line (null at session level), in order
 * @param endOfCandidates true when {@code a=end-of-candidates} appeared
 */
record TrickleIceSdpFragment(String iceUfrag, String icePwd, List<Candidate> candidates, boolean endOfCandidates) {
    /** RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4..256, pwd 22..256 characters. */
    private static final Pattern UFRAG = Pattern.compile("[A-Za-z0-9+/]{4,256}");
    private static final Pattern PWD = Pattern.compile("[A-Za-z0-9+/]{22,256}");
    private static final Pattern MID = Pattern.compile("[\\x21-\\x7e]{1,32}");
    /** The fixed head of RFC 8839 §5.1: foundation, component-id, transport, priority, address, port, "typ", type. */
    private static final Pattern CANDIDATE = Pattern.compile(
            "candidate:[A-Za-z0-9+/]{1,32} [0-9]{1,3} [A-Za-z0-9\\-]{1,16} [0-9]{1,10} [^ ]{1,255} [0-9]{1,5} typ [A-Za-z0-9\\-]{1,16}( .*)?");
    private static final int MAX_LINES = 1024;

    /** A trickled candidate line ({@code candidate:...} without {@code a=}) and the mid of its m-line or null. */
    public record Candidate(String candidate, String mid) {}

    public TrickleIceSdpFragment {
        candidates = List.copyOf(candidates);
    }

    /**
     * Parses {@code body}.
     *
     * @throws IllegalArgumentException naming the first problem when it is not a well-formed fragment
     */
    public static TrickleIceSdpFragment parse(String body) {
        if (body == null) throw new IllegalArgumentException("no sdpfrag body");
        String[] lines = body.split("\r?\n", -1);
        int count = lines.length;
        if (count > 0 && lines[count - 1].isEmpty()) count--; // the final line break
        if (count > MAX_LINES) throw new IllegalArgumentException("more than " + MAX_LINES + " lines");
        String sessionUfrag = null;
        String sessionPwd = null;
        String mediaUfrag = null;
        String mediaPwd = null;
        String mid = null;
        boolean inMedia = false;
        boolean end = false;
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = lines[i];
            if (line.length() < 2 || line.charAt(1) != '=') throw new IllegalArgumentException("line " + (i + 1) + " is not <type>=<value>");
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (value.split(" ").length < 4) throw new IllegalArgumentException("line " + (i + 1) + ": an m-line needs media, port, proto and a format");
                inMedia = true;
                mid = null;
                continue;
            }
            if (type == 'c') continue; // connection data of a pseudo m-line carries nothing for ICE
            if (type != 'a') throw new IllegalArgumentException("line " + (i + 1) + ": only a=, m= and c= lines belong in an sdpfrag");
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String arg = colon < 0 ? null : value.substring(colon + 1);
            switch (name) {
                case "ice-ufrag" -> {
                    if (arg == null || !UFRAG.matcher(arg).matches()) throw new IllegalArgumentException("line " + (i + 1) + ": malformed ice-ufrag");
                    if (inMedia) mediaUfrag = arg; else sessionUfrag = arg;
                }
                case "ice-pwd" -> {
                    if (arg == null || !PWD.matcher(arg).matches()) throw new IllegalArgumentException("line " + (i + 1) + ": malformed ice-pwd");
                    if (inMedia) mediaPwd = arg; else sessionPwd = arg;
                }
                case "mid" -> {
                    if (!inMedia || arg == null || !MID.matcher(arg).matches()) throw new IllegalArgumentException("line " + (i + 1) + ": malformed or misplaced mid");
                    mid = arg;
                }
                case "candidate" -> {
                    if (!CANDIDATE.matcher(value).matches()) throw new IllegalArgumentException("line " + (i + 1) + ": malformed candidate");
                    candidates.add(new Candidate(value, inMedia ? mid : null));
                }
                case "end-of-candidates" -> end = true;
                default -> { } // ice-options, ice-lite, group and anything newer: nothing to do for trickling
            }
        }
        String ufrag = mediaUfrag != null ? mediaUfrag : sessionUfrag;
        String pwd = mediaPwd != null ? mediaPwd : sessionPwd;
        return new TrickleIceSdpFragment(ufrag, pwd, candidates, end);
    }
}
