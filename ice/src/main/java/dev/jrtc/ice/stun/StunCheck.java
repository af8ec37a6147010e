package dev.jrtc.ice.stun;

/**
 * Outcome of checking MESSAGE-INTEGRITY(-SHA256) or FINGERPRINT on a received message (RFC 8489 §14.5-§14.7).
 *
 * <p>A receiver drops and counts messages whose check is {@link #INVALID}; whether {@link #ABSENT} is acceptable
 * depends on the usage (ICE requires integrity on connectivity checks).
 */
public enum StunCheck {
    /** The attribute is present and its value matches. */
    VALID,
    /** The attribute is present and its value does not match. */
    INVALID,
    /** The message carries no such attribute. */
    ABSENT
}
