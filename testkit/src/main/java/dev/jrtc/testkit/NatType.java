package dev.jrtc.testkit;

/**
 * NAT behaviours as RFC 4787 classifies them (mapping §4.1, filtering §5), under the classic RFC 3489 names.
 */
public enum NatType {
    /** Endpoint-independent mapping and filtering: anyone may send to a mapped port. */
    FULL_CONE(false),
    /** Endpoint-independent mapping, address-dependent filtering: only IPs the host has sent to. */
    ADDRESS_RESTRICTED(false),
    /** Endpoint-independent mapping, address-and-port-dependent filtering: only exact addresses sent to. */
    PORT_RESTRICTED(false),
    /** Address-and-port-dependent mapping and filtering: a new public port for every destination. */
    SYMMETRIC(true);

    private final boolean mappingPerDestination;

    NatType(boolean mappingPerDestination) {
        this.mappingPerDestination = mappingPerDestination;
    }

    /** True when each destination gets its own mapping (the behaviour that defeats server-reflexive candidates). */
    public boolean mappingPerDestination() {
        return mappingPerDestination;
    }
}
