package dev.jrtc.peerconnection.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code a=fmtp:<format> <parameters>} (RFC 8866 §6.15); parameters kept verbatim, with a key=value view. */
public record Fmtp(String format, String parameters) {
    public Fmtp {
        Objects.requireNonNull(format); Objects.requireNonNull(parameters);
    }

    public static Fmtp parse(String value) throws SdpParseException {
        int sp = value.indexOf(' ');
        if (sp <= 0) throw new SdpParseException(value, "fmtp needs '<format> <parameters>'");
        return new Fmtp(value.substring(0, sp), value.substring(sp + 1));
    }

    public static Fmtp of(int payloadType, String parameters) { return new Fmtp(Integer.toString(payloadType), parameters); }

    /** The {@code ;}-separated key=value pairs in order, keys lower-cased; a bare token maps to "". */
    public Map<String, String> parameterMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : parameters.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) m.put(p.toLowerCase(Locale.ROOT), "");
            else m.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
        }
        return Collections.unmodifiableMap(m);
    }

    public Optional<String> parameter(String key) {
        return Optional.ofNullable(parameterMap().get(key.toLowerCase(Locale.ROOT)));
    }

    public String toValue() { return format + " " + parameters; }

    public Attribute toAttribute() { return Attribute.of("fmtp", toValue()); }
}
