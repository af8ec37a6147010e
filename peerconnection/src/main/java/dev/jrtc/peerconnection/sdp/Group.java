package dev.jrtc.peerconnection.sdp;

import java.util.List;
import java.util.Objects;

/** {@code a=group:<semantics> <mid>...} (RFC 5888 §5), e.g. BUNDLE (RFC 8843). */
public record Group(String semantics, List<String> mids) {
    public Group {
        Objects.requireNonNull(semantics);
        mids = List.copyOf(mids);
    }

    public static Group bundle(List<String> mids) { return new Group("BUNDLE", mids); }

    public static Group parse(String value) throws SdpParseException {
        String[] t = Tokens.split(value);
        if (t[0].isEmpty()) throw new SdpParseException(value, "group needs '<semantics> <mid>...'");
        for (int i = 1; i < t.length; i++) if (t[i].isEmpty()) throw new SdpParseException(value, "group has an empty mid");
        return new Group(t[0], List.of(t).subList(1, t.length));
    }

    public String toValue() {
        StringBuilder sb = new StringBuilder(semantics);
        for (String m : mids) sb.append(' ').append(m);
        return sb.toString();
    }

    public Attribute toAttribute() { return Attribute.of("group", toValue()); }
}
