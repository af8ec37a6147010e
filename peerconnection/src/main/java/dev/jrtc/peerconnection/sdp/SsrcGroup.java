package dev.jrtc.peerconnection.sdp;

import java.util.List;
import java.util.Objects;

/** {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 §4.2), e.g. FID (RFC 5576 §7) and SIM. */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public SsrcGroup {
        Objects.requireNonNull(semantics);
        ssrcs = List.copyOf(ssrcs);
    }

    public static SsrcGroup parse(String value) throws SdpParseException {
        String[] t = Tokens.split(value);
        if (t.length < 2 || Tokens.hasEmpty(t)) throw new SdpParseException(value, "ssrc-group needs '<semantics> <ssrc>...'");
        Long[] ssrcs = new Long[t.length - 1];
        for (int i = 1; i < t.length; i++) ssrcs[i - 1] = Tokens.parseLong(t[i], 0, 0xFFFFFFFFL, "ssrc", value);
        return new SsrcGroup(t[0], List.of(ssrcs));
    }

    public String toValue() {
        StringBuilder sb = new StringBuilder(semantics);
        for (long s : ssrcs) sb.append(' ').append(s);
        return sb.toString();
    }

    public Attribute toAttribute() { return Attribute.of("ssrc-group", toValue()); }
}
