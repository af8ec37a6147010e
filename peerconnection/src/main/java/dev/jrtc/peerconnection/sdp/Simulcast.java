package dev.jrtc.peerconnection.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code a=simulcast} (RFC 8853 §5.1): the simulcast streams a media section sends and receives, each a list of
 * alternatives naming rids (RFC 8851), a {@code ~} marking a stream paused.
 *
 * <pre>
 * a=simulcast:send q;h;f              three streams sent
 * a=simulcast:recv 1,2;~3 send 4      two received (the first with alternatives 1 or 2, the second paused), one sent
 * </pre>
 */
public record Simulcast(List<List<Stream>> send, List<List<Stream>> receive) {
    /** The longest value taken: far above what any browser writes, low enough that a peer cannot make us parse more. */
    private static final int MAX_LENGTH = 1024;

    /** One alternative of a simulcast stream: a rid, maybe paused. */
    public record Stream(String rid, boolean paused) {
        public Stream {
            if (!isRidId(rid)) throw new IllegalArgumentException("not a rid-id (RFC 8851 §10): '" + rid + "'");
        }

        String toValue() {
            return (paused ? "~" : "") + rid;
        }
    }

    public Simulcast {
        send = copy(send);
        receive = copy(receive);
        if (send.isEmpty() && receive.isEmpty()) throw new IllegalArgumentException("a=simulcast needs send or recv streams");
    }

    private static List<List<Stream>> copy(List<List<Stream>> streams) {
        List<List<Stream>> out = new ArrayList<>();
        for (List<Stream> alternatives : Objects.requireNonNull(streams)) {
            if (alternatives.isEmpty()) throw new IllegalArgumentException("a simulcast stream needs an alternative");
            out.add(List.copyOf(alternatives));
        }
        return List.copyOf(out);
    }

    /** Receives the streams {@code offered} sends: the answer to a send-only simulcast offer (RFC 8853 §5.3). */
    public static Simulcast receiving(List<List<Stream>> offered) {
        return new Simulcast(List.of(), offered);
    }

    public static Simulcast parse(String value) throws SdpParseException {
        if (value.length() > MAX_LENGTH) throw new SdpParseException(value.substring(0, 64) + "...", "a=simulcast over " + MAX_LENGTH + " characters");
        String[] t = Tokens.split(value);
        if ((t.length != 2 && t.length != 4) || Tokens.hasEmpty(t)) {
            throw new SdpParseException(value, "simulcast needs 'send|recv <streams>' once or twice");
        }
        List<List<Stream>> send = null;
        List<List<Stream>> receive = null;
        for (int i = 0; i < t.length; i += 2) {
            List<List<Stream>> streams = streams(t[i + 1], value);
            if (t[i].equals("send") && send == null) {
                send = streams;
            } else if (t[i].equals("recv") && receive == null) {
                receive = streams;
            } else {
                throw new SdpParseException(value, "simulcast direction must be send or recv, each at most once: '" + t[i] + "'");
            }
        }
        return new Simulcast(send == null ? List.of() : send, receive == null ? List.of() : receive);
    }

    private static List<List<Stream>> streams(String list, String value) throws SdpParseException {
        List<List<Stream>> out = new ArrayList<>();
        for (String stream : list.split(";", -1)) {
            List<Stream> alternatives = new ArrayList<>();
            for (String id : stream.split(",", -1)) {
                boolean paused = id.startsWith("~");
                String rid = paused ? id.substring(1) : id;
                if (!isRidId(rid)) throw new SdpParseException(value, "not a rid-id: '" + id + "'");
                alternatives.add(new Stream(rid, paused));
            }
            out.add(alternatives);
        }
        return out;
    }

    /** rid-id = 1*(alpha-numeric / "-" / "_") (RFC 8851 §10), at most 255 characters (RFC 8852 §3.1 on the wire). */
    static boolean isRidId(String s) {
        if (s == null || s.isEmpty() || s.length() > 255) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    /** Every rid named in {@code streams}, in order. */
    public static List<String> rids(List<List<Stream>> streams) {
        List<String> out = new ArrayList<>();
        for (List<Stream> alternatives : streams) for (Stream s : alternatives) out.add(s.rid());
        return out;
    }

    public String toValue() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) sb.append("send ").append(list(send));
        if (!receive.isEmpty()) sb.append(sb.length() > 0 ? " " : "").append("recv ").append(list(receive));
        return sb.toString();
    }

    private static String list(List<List<Stream>> streams) {
        StringBuilder sb = new StringBuilder();
        for (List<Stream> alternatives : streams) {
            if (sb.length() > 0) sb.append(';');
            for (int i = 0; i < alternatives.size(); i++) sb.append(i == 0 ? "" : ",").append(alternatives.get(i).toValue());
        }
        return sb.toString();
    }

    public Attribute toAttribute() {
        return Attribute.of("simulcast", toValue());
    }
}
