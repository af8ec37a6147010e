package dev.jrtc.ice.stun;

import java.util.concurrent.TimeUnit;

/**
 * Retransmission parameters of a STUN client transaction over UDP (RFC 8489 §6.2.1).
 *
 * <p>A request is sent at 0, RTO, 3*RTO, 7*RTO, ... (the interval doubles) up to {@code maxRequests} (Rc) times;
 * the transaction fails when no response came {@code lastWaitMultiplier} (Rm) times RTO after the last one. With
 * the defaults (500 ms, 7, 16) requests go out at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s and it fails at 39.5 s.
 *
 * @param initialRtoNanos    the initial RTO in nanoseconds (> 0)
 * @param maxRequests        Rc, the number of requests sent in total (>= 1)
 * @param lastWaitMultiplier Rm, how many RTOs to wait after the last request (>= 1)
 */
public record StunRetransmission(long initialRtoNanos, int maxRequests, int lastWaitMultiplier) {
    /** RFC 8489 defaults: RTO 500 ms, Rc 7, Rm 16. */
    public static final StunRetransmission DEFAULT =
            new StunRetransmission(TimeUnit.MILLISECONDS.toNanos(500), 7, 16);

    public StunRetransmission {
        if (initialRtoNanos <= 0 || maxRequests < 1 || lastWaitMultiplier < 1) {
            throw new IllegalArgumentException("need RTO > 0, Rc >= 1, Rm >= 1; got " + initialRtoNanos + " ns, "
                    + maxRequests + ", " + lastWaitMultiplier);
        }
    }

    /** These parameters with another initial RTO. */
    public StunRetransmission withInitialRto(long nanos) {
        return new StunRetransmission(nanos, maxRequests, lastWaitMultiplier);
    }
}
