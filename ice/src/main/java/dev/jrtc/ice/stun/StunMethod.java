package dev.jrtc.ice.stun;

/**
 * STUN method numbers (RFC 8489 §18.2 for Binding, RFC 8656 §17 for the TURN methods).
 *
 * <p>Methods are plain 12-bit numbers so that messages of a method we do not know still decode.
 */
public final class StunMethod {
    /** Binding (RFC 8489). */
    public static final int BINDING = 0x001;
    /** Allocate (RFC 8656). */
    public static final int ALLOCATE = 0x003;
    /** Refresh (RFC 8656). */
    public static final int REFRESH = 0x004;
    /** Send (RFC 8656, indication only). */
    public static final int SEND = 0x006;
    /** Data (RFC 8656, indication only). */
    public static final int DATA = 0x007;
    /** CreatePermission (RFC 8656). */
    public static final int CREATE_PERMISSION = 0x008;
    /** ChannelBind (RFC 8656). */
    public static final int CHANNEL_BIND = 0x009;

    /** The largest method number (12 bits). */
    public static final int MAX = 0xFFF;

    private StunMethod() {}

    /** The RFC name of a method, or its hex number when unknown. */
    public static String name(int method) {
        return switch (method) {
            case BINDING -> "Binding";
            case ALLOCATE -> "Allocate";
            case REFRESH -> "Refresh";
            case SEND -> "Send";
            case DATA -> "Data";
            case CREATE_PERMISSION -> "CreatePermission";
            case CHANNEL_BIND -> "ChannelBind";
            default -> String.format("0x%03x", method);
        };
    }
}
