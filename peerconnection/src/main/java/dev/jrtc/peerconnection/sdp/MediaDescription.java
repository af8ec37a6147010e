package dev.jrtc.peerconnection.sdp;

import dev.jrtc.ice.Candidate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A media section (RFC 8866 §5.14): the {@code m=} line (media, port, proto, formats) and the lines that follow it
 * (c=, b=, a= and any others) in their original order.
 */
public record MediaDescription(String media, int port, Integer portCount, String proto, List<String> formats,
                               List<Field> fields) {
    public MediaDescription {
        Objects.requireNonNull(media); Objects.requireNonNull(proto);
        formats = List.copyOf(formats);
        fields = List.copyOf(fields);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    public static MediaDescription of(String media, int port, String proto, List<String> formats) {
        return new MediaDescription(media, port, null, proto, formats, List.of());
    }

    /** Parses the value of an {@code m=} line. */
    public static MediaDescription parseMediaLine(String value) throws SdpParseException {
        String[] t = Tokens.split(value);
        if (t.length < 4) throw new SdpParseException(value, "m= needs <media> <port> <proto> <fmt>...");
        if (Tokens.hasEmpty(t)) throw new SdpParseException(value, "m= has an empty field (double or trailing space)");
        String portText = t[1];
        Integer count = null;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            count = Tokens.parseInt(portText.substring(slash + 1), 1, 65535, "port count", value);
            portText = portText.substring(0, slash);
        }
        int port = Tokens.parseInt(portText, 0, 65535, "port", value);
        return new MediaDescription(t[0], port, count, t[2], List.of(t).subList(3, t.length), List.of());
    }

    public String mediaLineValue() {
        StringBuilder sb = new StringBuilder(media).append(' ').append(port);
        if (portCount != null) sb.append('/').append(portCount);
        sb.append(' ').append(proto);
        for (String f : formats) sb.append(' ').append(f);
        return sb.toString();
    }

    public List<Attribute> attributes() {
        List<Attribute> out = new ArrayList<>();
        for (Field f : fields) if (f.isAttribute()) out.add(f.attribute());
        return out;
    }

    public List<String> attributeValues(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes()) if (a.name().equals(name)) out.add(a.value() == null ? "" : a.value());
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

    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portCount, proto, formats, fields);
    }

    public MediaDescription withFormats(List<String> newFormats) {
        return new MediaDescription(media, port, portCount, proto, newFormats, fields);
    }

    public MediaDescription withFields(List<Field> newFields) {
        return new MediaDescription(media, port, portCount, proto, formats, newFields);
    }

    public MediaDescription withAttribute(Attribute attribute) {
        List<Field> f = new ArrayList<>(fields);
        f.add(Field.of(attribute));
        return withFields(f);
    }

    public MediaDescription withField(Field field) {
        List<Field> f = new ArrayList<>(fields);
        f.add(field);
        return withFields(f);
    }

    // ---- typed views (WebRTC) ----

    public Optional<String> mid() { return attributeValue("mid"); }

    public Optional<Direction> direction() {
        for (Attribute a : attributes()) {
            Optional<Direction> d = Direction.fromName(a.name());
            if (d.isPresent() && !a.hasValue()) return d;
        }
        return Optional.empty();
    }

    public boolean rtcpMux() { return hasAttribute("rtcp-mux"); }

    public boolean rtcpRsize() { return hasAttribute("rtcp-rsize"); }

    public Optional<String> iceUfrag() { return attributeValue("ice-ufrag"); }

    public Optional<String> icePwd() { return attributeValue("ice-pwd"); }

    public boolean endOfCandidates() { return hasAttribute("end-of-candidates"); }

    /** {@code a=setup} (RFC 4145 §4, RFC 8842 §5). */
    public Optional<DtlsSetup> setup() throws SdpParseException {
        Optional<String> v = attributeValue("setup");
        return v.isEmpty() ? Optional.empty() : Optional.of(parseSetup(v.get()));
    }

    /** {@code a=fingerprint} (RFC 8122 §5). */
    public Optional<DtlsFingerprint> fingerprint() throws SdpParseException {
        Optional<String> v = attributeValue("fingerprint");
        return v.isEmpty() ? Optional.empty() : Optional.of(parseFingerprint(v.get()));
    }

    static DtlsSetup parseSetup(String value) throws SdpParseException {
        try {
            return DtlsSetup.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SdpParseException(value, "setup must be actpass, active, passive or holdconn");
        }
    }

    static DtlsFingerprint parseFingerprint(String value) throws SdpParseException {
        try {
            return DtlsFingerprint.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SdpParseException(value, e.getMessage());
        }
    }

    public Optional<Msid> msid() throws SdpParseException {
        Optional<String> v = attributeValue("msid");
        return v.isEmpty() ? Optional.empty() : Optional.of(Msid.parse(v.get()));
    }

    public List<RtpMap> rtpMaps() throws SdpParseException {
        List<RtpMap> out = new ArrayList<>();
        for (String v : attributeValues("rtpmap")) out.add(RtpMap.parse(v));
        return out;
    }

    public Optional<RtpMap> rtpMap(int payloadType) throws SdpParseException {
        for (RtpMap m : rtpMaps()) if (m.payloadType() == payloadType) return Optional.of(m);
        return Optional.empty();
    }

    public List<Fmtp> fmtps() throws SdpParseException {
        List<Fmtp> out = new ArrayList<>();
        for (String v : attributeValues("fmtp")) out.add(Fmtp.parse(v));
        return out;
    }

    public Optional<Fmtp> fmtp(String format) throws SdpParseException {
        for (Fmtp f : fmtps()) if (f.format().equals(format)) return Optional.of(f);
        return Optional.empty();
    }

    public List<RtcpFb> rtcpFbs() throws SdpParseException {
        List<RtcpFb> out = new ArrayList<>();
        for (String v : attributeValues("rtcp-fb")) out.add(RtcpFb.parse(v));
        return out;
    }

    public List<ExtMap> extMaps() throws SdpParseException {
        List<ExtMap> out = new ArrayList<>();
        for (String v : attributeValues("extmap")) out.add(ExtMap.parse(v));
        return out;
    }

    public List<Ssrc> ssrcs() throws SdpParseException {
        List<Ssrc> out = new ArrayList<>();
        for (String v : attributeValues("ssrc")) out.add(Ssrc.parse(v));
        return out;
    }

    public List<SsrcGroup> ssrcGroups() throws SdpParseException {
        List<SsrcGroup> out = new ArrayList<>();
        for (String v : attributeValues("ssrc-group")) out.add(SsrcGroup.parse(v));
        return out;
    }

    public List<Rid> rids() throws SdpParseException {
        List<Rid> out = new ArrayList<>();
        for (String v : attributeValues("rid")) out.add(Rid.parse(v));
        return out;
    }

    /** The raw {@code a=simulcast} value (RFC 8853), kept as text. */
    public Optional<String> simulcast() { return attributeValue("simulcast"); }

    /** {@code a=simulcast} parsed (RFC 8853 §5.1). */
    public Optional<Simulcast> simulcastStreams() throws SdpParseException {
        Optional<String> v = simulcast();
        return v.isEmpty() ? Optional.empty() : Optional.of(Simulcast.parse(v.get()));
    }

    public List<Candidate> candidates() throws SdpParseException {
        List<Candidate> out = new ArrayList<>();
        for (String v : attributeValues("candidate")) {
            try {
                out.add(Candidate.parse(v));
            } catch (IllegalArgumentException e) {
                throw new SdpParseException(v, e.getMessage());
            }
        }
        return out;
    }

    /** {@code a=sctp-port} (RFC 8841 §5). */
    public Optional<Integer> sctpPort() throws SdpParseException {
        Optional<String> v = attributeValue("sctp-port");
        if (v.isEmpty()) return Optional.empty();
        return Optional.of(Tokens.parseInt(v.get(), 0, 65535, "sctp-port", v.get()));
    }

    /** {@code a=max-message-size} (RFC 8841 §6); 0 means no limit. */
    public Optional<Long> maxMessageSize() throws SdpParseException {
        Optional<String> v = attributeValue("max-message-size");
        if (v.isEmpty()) return Optional.empty();
        return Optional.of(Tokens.parseLong(v.get(), 0, Long.MAX_VALUE / 10, "max-message-size", v.get()));
    }
}
