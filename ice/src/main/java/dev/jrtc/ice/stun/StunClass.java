package dev.jrtc.ice.stun;

/**
 * The class of a STUN message (RFC 8489 §5): request, indication, success response or error response.
 *
 * <p>The two class bits C1 C0 are interleaved with the method bits in the message type; {@link #bits()} is the
 * two-bit value C1C0.
 */
public enum StunClass {
    /** C1C0 = 0b00. */
    REQUEST(0b00),
    /** C1C0 = 0b01. */
    INDICATION(0b01),
    /** C1C0 = 0b10. */
    SUCCESS_RESPONSE(0b10),
    /** C1C0 = 0b11. */
    ERROR_RESPONSE(0b11);

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    /** The two class bits C1C0 as a number 0..3. */
    public int bits() {
        return bits;
    }

    /** True for success and error responses. */
    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }

    static StunClass fromBits(int bits) {
        return switch (bits & 0b11) {
            case 0b00 -> REQUEST;
            case 0b01 -> INDICATION;
            case 0b10 -> SUCCESS_RESPONSE;
            default -> ERROR_RESPONSE;
        };
    }
}
