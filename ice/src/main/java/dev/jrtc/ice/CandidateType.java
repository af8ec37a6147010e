package dev.jrtc.ice;

/** Candidate types with their SDP names and recommended type preferences (RFC 8445 §5.1.2.2). */
public enum CandidateType {
    HOST("host", 126),
    PEER_REFLEXIVE("prflx", 110),
    SERVER_REFLEXIVE("srflx", 100),
    RELAYED("relay", 0);

    private final String sdpName;
    private final int typePreference;

    CandidateType(String sdpName, int typePreference) {
        this.sdpName = sdpName;
        this.typePreference = typePreference;
    }

    public String sdpName() {
        return sdpName;
    }

    public int typePreference() {
        return typePreference;
    }

    public static CandidateType fromSdp(String name) {
        for (CandidateType t : values()) {
            if (t.sdpName.equalsIgnoreCase(name)) return t;
        }
        throw new IllegalArgumentException("unknown candidate type '" + name + "' (expected host, srflx, prflx or relay)");
    }
}
