package dev.jrtc.peerconnection.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An SDP session description (RFC 8866 §5) as an immutable value: the session-level lines and the media sections,
 * every line kept in order so browser SDP parses and serializes back unchanged.
 */
public record SessionDescription(List<SdpLine> sessionLines, List<MediaDescription> media) {
    public SessionDescription {
        sessionLines = List.copyOf(sessionLines);
        media = List.copyOf(media);
    }

    /**
     * Parses SDP text; CRLF or bare LF line ends are accepted (RFC 8866 §5 asks parsers to be tolerant).
     *
     * @throws SdpParseException naming the first bad line
     */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        if (sdp == null || sdp.isEmpty()) throw new SdpParseException(1, "", "empty description");
        String[] raw = sdp.split("\r?\n", -1);
        int count = raw.length;
        while (count > 0 && raw[count - 1].isEmpty()) count--;
        List<SdpLine> session = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        String[] mLine = null;
        int mLineNumber = 0;
        List<SdpLine> mediaLines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String line = raw[i];
            int number = i + 1;
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpParseException(number, line, "expected '<letter>=<value>'");
            }
            if (line.indexOf('\r') >= 0) throw new SdpParseException(number, line, "stray carriage return");
            char type = line.charAt(0);
            String value = line.substring(2);
            if (i == 0 && !(type == 'v' && value.equals("0"))) {
                throw new SdpParseException(number, line, "a description starts with v=0");
            }
            if (type == 'm') {
                if (mLine != null) media.add(media(mLine, mLineNumber, mediaLines));
                mLine = value.split(" ");
                mLineNumber = number;
                mediaLines = new ArrayList<>();
                if (mLine.length < 4) throw new SdpParseException(number, line, "m= needs '<media> <port> <proto> <fmt> ...'");
                media(mLine, number, List.of()); // validate early, with the right line number
            } else if (mLine == null) {
                session.add(new SdpLine(type, value));
            } else {
                mediaLines.add(new SdpLine(type, value));
            }
        }
        if (mLine != null) media.add(media(mLine, mLineNumber, mediaLines));
        if (session.isEmpty()) throw new SdpParseException(1, "", "empty description");
        return new SessionDescription(session, media);
    }

    private static MediaDescription media(String[] m, int number, List<SdpLine> lines) throws SdpParseException {
        String portField = m[1];
        String suffix = null;
        int slash = portField.indexOf('/');
        if (slash >= 0) {
            suffix = portField.substring(slash + 1);
            portField = portField.substring(0, slash);
        }
        int port;
        try {
            port = Integer.parseInt(portField);
        } catch (NumberFormatException e) {
            throw new SdpParseException(number, "m=" + String.join(" ", m), "port is not a number");
        }
        if (port < 0 || port > 65535) throw new SdpParseException(number, "m=" + String.join(" ", m), "port out of range");
        if (suffix != null && !suffix.matches("[0-9]+")) {
            throw new SdpParseException(number, "m=" + String.join(" ", m), "port count is not a number");
        }
        for (String token : m) {
            if (token.isEmpty()) throw new SdpParseException(number, "m=" + String.join(" ", m), "double space in m= line");
        }
        return new MediaDescription(m[0], port, suffix, m[2], Arrays.asList(m).subList(3, m.length), lines);
    }

    /** The SDP text with CRLF line ends. */
    public String serialize() {
        StringBuilder sb = new StringBuilder();
        for (SdpLine l : sessionLines) sb.append(l).append("\r\n");
        for (MediaDescription m : media) {
            sb.append("m=").append(m.mLine()).append("\r\n");
            for (SdpLine l : m.lines()) sb.append(l).append("\r\n");
        }
        return sb.toString();
    }

    /** The first value of a session-level attribute. */
    public Optional<String> attribute(String name) {
        for (SdpLine l : sessionLines) {
            if (name.equals(l.attributeName())) return Optional.of(l.attributeValue().orElse(""));
        }
        return Optional.empty();
    }

    /** The mids of every {@code a=group:BUNDLE} (RFC 8843 §7), first group first. */
    public List<List<String>> bundleGroups() {
        List<List<String>> groups = new ArrayList<>();
        for (SdpLine l : sessionLines) {
            if ("group".equals(l.attributeName())) {
                String[] t = l.attributeValue().orElse("").trim().split("\\s+");
                if (t.length > 0 && t[0].equals("BUNDLE")) groups.add(List.of(t).subList(1, t.length));
            }
        }
        return groups;
    }

    /** An attribute of media section {@code m}, falling back to the session level (ice-ufrag, fingerprint, setup...). */
    public Optional<String> mediaOrSession(MediaDescription m, String name) {
        Optional<String> v = m.attribute(name);
        return v.isPresent() ? v : attribute(name);
    }
}
