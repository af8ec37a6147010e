package dev.jrtc.peerconnection.sdp;

import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable SDP session description (RFC 8866 §5): v=0, o=, s=, then the session-level lines (t=, a=, c=, ...)
 * in their original order, then the media sections. Parsing keeps every line so serialize(parse(x)) == x for
 * CRLF input.
 */
public record SessionDescription(Origin origin, String sessionName, List<Field> fields, List<MediaDescription> media) {
    /** Upper bound on lines so hostile input cannot make us build huge lists. */
    public static final int MAX_LINES = 100_000;
    /**
     * Largest description accepted, in characters. A Chromium 156 offer with audio, video and a data channel is
     * about 6.4 kB, and each further media section with Chrome's full codec list about 2.5 kB; 256 KiB leaves room
     * for an SFU's offer with a hundred such sections (four times what jrtc's signaling server relays), while
     * bounding what one setRemoteDescription may make us parse and hold.
     */
    public static final int MAX_LENGTH = 256 * 1024;
    /**
     * Longest line accepted, in characters. Browser lines stay under 200 (the longest in our Chrome and Firefox
     * fixtures is 145); the longest legitimate ones are a BUNDLE group naming every mid (256 mids of at most 16
     * bytes, JSEP's limit, need about 4.4 kB) and H.264 fmtp lines with parameter sets.
     */
    public static final int MAX_LINE_LENGTH = 8 * 1024;
    /**
     * Most media sections accepted. Each becomes a transceiver and is matched against the others, so their number
     * bounds work that grows faster than linearly; browsers send one per track (three in a typical call), an SFU one
     * per remote track, and 256 leaves room for a large conference.
     */
    public static final int MAX_MEDIA_SECTIONS = 256;

    public SessionDescription {
        Objects.requireNonNull(origin); Objects.requireNonNull(sessionName);
        Field.requireSingleLine('s', sessionName);
        Field.requireSingleLine('o', origin.toValue());
        fields = List.copyOf(fields);
        media = List.copyOf(media);
    }

    /** A minimal session: {@code s=-} and {@code t=0 0}, no attributes, no media. */
    public static SessionDescription of(Origin origin) {
        return new SessionDescription(origin, "-", List.of(new Field('t', "0 0")), List.of());
    }

    /** Parses SDP text; accepts CRLF or LF-only line endings. */
    public static SessionDescription parse(String sdp) throws SdpParseException {
        Objects.requireNonNull(sdp, "sdp");
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpParseException(0, "(the whole description)", "description of " + sdp.length() + " characters is over the limit of "
                    + MAX_LENGTH + " (SessionDescription.MAX_LENGTH)");
        }
        String[] lines = sdp.split("\n", -1);
        int count = lines.length;
        // A final line ending leaves one empty string behind: that is the normal terminator, not a line.
        if (count > 0 && lines[count - 1].isEmpty()) count--;
        if (count > MAX_LINES) throw new SdpParseException(MAX_LINES + 1, "", "too many lines");
        if (count < 3) throw new SdpParseException(count + 1, "", "SDP needs at least v=, o= and s= lines");
        Origin origin = null;
        String sessionName = null;
        List<Field> sessionFields = new ArrayList<>();
        List<MediaDescription> media = new ArrayList<>();
        MediaDescription current = null;
        List<Field> currentFields = null;
        for (int i = 0; i < count; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.length() > MAX_LINE_LENGTH) {
                throw new SdpParseException(lineNo, line, "line of " + line.length() + " characters is over the limit of "
                        + MAX_LINE_LENGTH + " (SessionDescription.MAX_LINE_LENGTH)");
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpParseException(lineNo, line, "expected <type>=<value> with a lower-case letter type");
            }
            for (int c = 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch < 0x20 && ch != '\t') throw new SdpParseException(lineNo, line, "control character 0x"
                        + Integer.toHexString(ch) + " at column " + (c + 1));
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            try {
                if (i == 0) {
                    if (type != 'v' || !value.equals("0")) throw new SdpParseException(lineNo, line, "first line must be v=0");
                } else if (i == 1) {
                    if (type != 'o') throw new SdpParseException(lineNo, line, "second line must be o=");
                    origin = Origin.parse(value);
                } else if (i == 2) {
                    if (type != 's') throw new SdpParseException(lineNo, line, "third line must be s=");
                    sessionName = value;
                } else if (type == 'v' || type == 'o' || type == 's') {
                    throw new SdpParseException(lineNo, line, type + "= may appear only once, at the top");
                } else if (type == 'm') {
                    if (media.size() + (current != null ? 1 : 0) >= MAX_MEDIA_SECTIONS) {
                        throw new SdpParseException(lineNo, line, "more than " + MAX_MEDIA_SECTIONS
                                + " media sections (SessionDescription.MAX_MEDIA_SECTIONS)");
                    }
                    if (current != null) media.add(current.withFields(currentFields));
                    current = MediaDescription.parseMediaLine(value);
                    currentFields = new ArrayList<>();
                } else if (current != null) {
                    currentFields.add(new Field(type, value));
                } else {
                    sessionFields.add(new Field(type, value));
                }
            } catch (SdpParseException e) {
                if (e.lineNumber() > 0) throw e;
                throw new SdpParseException(lineNo, line, stripPrefix(e.getMessage()));
            }
        }
        if (current != null) media.add(current.withFields(currentFields));
        return new SessionDescription(origin, sessionName, sessionFields, media);
    }

    private static String stripPrefix(String message) {
        int idx = message.indexOf("': ");
        return idx < 0 ? message : message.substring(idx + 3);
    }

    /** Serializes with CRLF line endings (RFC 8866 §5). */
    public String serialize() {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("v=0\r\n");
        sb.append("o=").append(origin.toValue()).append("\r\n");
        sb.append("s=").append(sessionName).append("\r\n");
        for (Field f : fields) sb.append(f).append("\r\n");
        for (MediaDescription m : media) {
            sb.append("m=").append(m.mediaLineValue()).append("\r\n");
            for (Field f : m.fields()) sb.append(f).append("\r\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() { return serialize(); }

    public List<Attribute> attributes() {
        List<Attribute> out = new ArrayList<>();
        for (Field f : fields) if (f.isAttribute()) out.add(f.attribute());
        return out;
    }

    public Optional<String> attributeValue(String name) {
        for (Attribute a : attributes()) if (a.name().equals(name)) return Optional.of(a.value() == null ? "" : a.value());
        return Optional.empty();
    }

    public boolean hasAttribute(String name) {
        for (Attribute a : attributes()) if (a.name().equals(name)) return true;
        return false;
    }

    public SessionDescription withAttribute(Attribute attribute) {
        List<Field> f = new ArrayList<>(fields);
        f.add(Field.of(attribute));
        return new SessionDescription(origin, sessionName, f, media);
    }

    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return new SessionDescription(origin, sessionName, fields, newMedia);
    }

    public SessionDescription addMedia(MediaDescription m) {
        List<MediaDescription> l = new ArrayList<>(media);
        l.add(m);
        return withMedia(l);
    }

    // ---- typed views (WebRTC) ----

    /** All {@code a=group} lines (RFC 5888 §5). */
    public List<Group> groups() throws SdpParseException {
        List<Group> out = new ArrayList<>();
        for (Attribute a : attributes()) if (a.name().equals("group")) out.add(Group.parse(a.value() == null ? "" : a.value()));
        return out;
    }

    /** The BUNDLE group (RFC 8843 §7.1), if any. */
    public Optional<Group> bundle() throws SdpParseException {
        for (Group g : groups()) if (g.semantics().equals("BUNDLE")) return Optional.of(g);
        return Optional.empty();
    }

    /** {@code a=ice-lite} at session level (RFC 8839 §5.3). */
    public boolean iceLite() { return hasAttribute("ice-lite"); }

    /** ice-options tokens at session level, e.g. {@code trickle} (RFC 8839 §5.6). */
    public List<String> iceOptions() {
        Optional<String> v = attributeValue("ice-options");
        return v.isEmpty() || v.get().isEmpty() ? List.of() : List.of(v.get().split(" "));
    }

    /** Session-level {@code a=fingerprint} (RFC 8122 §5), which media sections without their own inherit. */
    public Optional<DtlsFingerprint> fingerprint() throws SdpParseException {
        Optional<String> v = attributeValue("fingerprint");
        return v.isEmpty() ? Optional.empty() : Optional.of(MediaDescription.parseFingerprint(v.get()));
    }

    /** Session-level {@code a=setup} (RFC 4145 §4), which media sections without their own inherit. */
    public Optional<DtlsSetup> setup() throws SdpParseException {
        Optional<String> v = attributeValue("setup");
        return v.isEmpty() ? Optional.empty() : Optional.of(MediaDescription.parseSetup(v.get()));
    }
}
