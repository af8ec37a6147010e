package dev.jrtc.peerconnection.sdp;

/** The {@code a=setup} DTLS role attribute (RFC 4145 §4, RFC 8842 §5). */
public enum Setup {
    ACTPASS("actpass"), ACTIVE("active"), PASSIVE("passive"), HOLDCONN("holdconn");

    private final String sdpName;

    Setup(String sdpName) { this.sdpName = sdpName; }

    public String sdpName() { return sdpName; }

    public Attribute toAttribute() { return Attribute.of("setup", sdpName); }

    public static Setup parse(String value) throws SdpParseException {
        for (Setup s : values()) if (s.sdpName.equals(value)) return s;
        throw new SdpParseException(value, "setup must be actpass, active, passive or holdconn");
    }

    /** The answerer's role for an offered setup: actpass -> active (RFC 8842 §5.3), active -> passive, passive -> active. */
    public Setup answer() {
        return switch (this) {
            case ACTPASS, PASSIVE -> ACTIVE;
            case ACTIVE -> PASSIVE;
            case HOLDCONN -> HOLDCONN;
        };
    }
}
