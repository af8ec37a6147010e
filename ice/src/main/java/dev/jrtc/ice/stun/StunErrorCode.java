package dev.jrtc.ice.stun;

import java.util.Objects;

/**
 * The ERROR-CODE attribute value (RFC 8489 §14.8): a code 300..699 and a UTF-8 reason phrase.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved, should be 0         |Class|     Number    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reason Phrase (variable)                                ..
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param code   the error code, 300..699 (class * 100 + number)
 * @param reason the reason phrase
 */
public record StunErrorCode(int code, String reason) {
    /** 300 Try Alternate. */
    public static final int TRY_ALTERNATE = 300;
    /** 400 Bad Request. */
    public static final int BAD_REQUEST = 400;
    /** 401 Unauthenticated. */
    public static final int UNAUTHENTICATED = 401;
    /** 420 Unknown Attribute. */
    public static final int UNKNOWN_ATTRIBUTE = 420;
    /** 438 Stale Nonce. */
    public static final int STALE_NONCE = 438;
    /** 487 Role Conflict (RFC 8445 §7.3.1.1). */
    public static final int ROLE_CONFLICT = 487;
    /** 500 Server Error. */
    public static final int SERVER_ERROR = 500;

    public StunErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error code must be 300..699, got " + code);
        }
        Objects.requireNonNull(reason, "reason");
    }
}
