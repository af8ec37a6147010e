package dev.jrtc.signaling;

/**
 * A token bucket: {@code burst} requests at once, refilled at {@code perSecond}; what {@link SignalingSettings} uses
 * for the per-IP HTTP request and WebSocket message limits.
 *
 * @param perSecond tokens added per second (sustained rate), positive
 * @param burst the bucket size: how many may arrive at once after a quiet period, at least 1
 */
public record RateLimit(double perSecond, int burst) {
    public RateLimit {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive finite rate, was " + perSecond);
        }
        if (burst < 1) throw new IllegalArgumentException("burst must be at least 1, was " + burst);
    }
}
