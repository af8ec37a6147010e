package dev.jrtc.dtls;

import java.util.Locale;

/**
 * The SDP {@code a=setup} attribute (RFC 4145 §4, RFC 5763 §5) and the DTLS role it implies: {@code active} opens
 * the connection (DTLS client), {@code passive} waits for it (DTLS server); an offer says {@code actpass}, and
 * the answerer then picks {@code active} (RFC 8842 §5.3).
 */
public enum DtlsSetup {
    ACTIVE,
    PASSIVE,
    ACTPASS,
    HOLDCONN;

    /** The attribute value as SDP writes it. */
    public String sdpValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an {@code a=setup} value, case-insensitively. */
    public static DtlsSetup parse(String value) {
        for (DtlsSetup s : values()) {
            if (s.sdpValue().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown a=setup value: '" + value + "' (expected active, passive, actpass or holdconn)");
    }

    /** What an answerer puts in its answer to an offer with this setup (RFC 8842 §5.3). */
    public DtlsSetup answerTo() {
        return switch (this) {
            case ACTPASS, PASSIVE -> ACTIVE;
            case ACTIVE -> PASSIVE;
            case HOLDCONN -> HOLDCONN;
        };
    }

    /**
     * Our DTLS role once both sides have spoken: {@code local} is our final setup value (after the answer).
     *
     * @throws IllegalArgumentException for actpass or holdconn, which decide no role
     */
    public static DtlsRole roleOf(DtlsSetup local) {
        return switch (local) {
            case ACTIVE -> DtlsRole.CLIENT;
            case PASSIVE -> DtlsRole.SERVER;
            default -> throw new IllegalArgumentException("a=setup:" + local.sdpValue() + " decides no DTLS role");
        };
    }

    /** The offerer's role, decided by the answerer's setup: an active answerer makes the offerer the server. */
    public static DtlsRole offererRole(DtlsSetup answererSetup) {
        return switch (answererSetup) {
            case ACTIVE -> DtlsRole.SERVER;
            case PASSIVE -> DtlsRole.CLIENT;
            default -> throw new IllegalArgumentException("an answer cannot say a=setup:" + answererSetup.sdpValue());
        };
    }
}
