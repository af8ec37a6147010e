package dev.jrtc.ice;

/** The ICE role (RFC 8445 §6.1.1): the controlling agent nominates the pair both sides use. */
public enum IceRole {
    CONTROLLING,
    CONTROLLED;

    public IceRole other() {
        return this == CONTROLLING ? CONTROLLED : CONTROLLING;
    }
}
