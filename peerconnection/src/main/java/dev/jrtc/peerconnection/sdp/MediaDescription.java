package dev.jrtc.peerconnection.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media section (RFC 8866 §5.14): the {@code m=} line and the lines that follow it, in order.
 *
 * @param media   audio, video, application, ...
 * @param port    the port (9 for WebRTC's placeholder, 0 for a rejected section)
 * @param proto   e.g. {@code UDP/TLS/RTP/SAVPF} or {@code UDP/DTLS/SCTP}
 * @param formats payload types, or {@code webrtc-datachannel}
 * @param lines   every line after the m-line
 */
public record MediaDescription(String media, int port, String portSuffix, String proto, List<String> formats,
                               List<SdpLine> lines) {
    public MediaDescription {
        formats = List.copyOf(formats);
        lines = List.copyOf(lines);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** The m-line's value: {@code <media> <port>[/<n>] <proto> <fmt> ...}. */
    public String mLine() {
        StringBuilder sb = new StringBuilder(media).append(' ').append(port);
        if (portSuffix != null) sb.append('/').append(portSuffix);
        sb.append(' ').append(proto);
        for (String f : formats) sb.append(' ').append(f);
        return sb.toString();
    }

    /** The first value of attribute {@code name} in this section. */
    public Optional<String> attribute(String name) {
        for (SdpLine l : lines) {
            if (name.equals(l.attributeName())) return Optional.of(l.attributeValue().orElse(""));
        }
        return Optional.empty();
    }

    /** Every value of attribute {@code name}, in order. */
    public List<String> attributes(String name) {
        List<String> values = new ArrayList<>();
        for (SdpLine l : lines) {
            if (name.equals(l.attributeName())) values.add(l.attributeValue().orElse(""));
        }
        return values;
    }

    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    public Optional<String> mid() {
        return attribute("mid");
    }

    /** sendrecv, sendonly, recvonly or inactive (sendrecv when absent, RFC 8866 §6.7). */
    public String direction() {
        for (String d : List.of("sendrecv", "sendonly", "recvonly", "inactive")) {
            if (hasAttribute(d)) return d;
        }
        return "sendrecv";
    }

    /** The {@code a=rtpmap} lines as values (RFC 8866 §6.6). */
    public List<RtpMap> rtpMaps() {
        List<RtpMap> maps = new ArrayList<>();
        for (String v : attributes("rtpmap")) {
            RtpMap m = RtpMap.parse(v);
            if (m != null) maps.add(m);
        }
        return maps;
    }

    /** The {@code a=fmtp} parameters of payload type {@code pt}, or empty. */
    public Optional<String> fmtp(int pt) {
        String prefix = pt + " ";
        for (String v : attributes("fmtp")) {
            if (v.startsWith(prefix)) return Optional.of(v.substring(prefix.length()));
        }
        return Optional.empty();
    }

    /** A copy with {@code line} appended. */
    public MediaDescription withLine(SdpLine line) {
        List<SdpLine> l = new ArrayList<>(lines);
        l.add(line);
        return new MediaDescription(media, port, portSuffix, proto, formats, l);
    }

    /** A copy with another port (0 rejects the section, RFC 8829 §5.3.1). */
    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portSuffix, proto, formats, lines);
    }
}
