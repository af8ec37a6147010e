package dev.jrtc.rtp.cc;

/**
 * The rate controller of draft-ietf-rmcat-gcc-02 §5.5: a state machine (Hold, Increase, Decrease) driven by the
 * over-use signal. It increases multiplicatively (8% per second) while far from the last known link capacity and
 * additively (about half a packet per response time) near it, and on over-use sets the rate to 0.85 times what the
 * receiver acknowledged receiving. It never increases beyond 1.5 times the acknowledged rate, since the path has
 * not shown more.
 */
final class AimdRateController {
    private enum State { HOLD, INCREASE, DECREASE }

    private static final double BETA = 0.85;
    private static final long NONE = Long.MIN_VALUE;

    private final long minBps;
    private final long maxBps;
    private long current;
    private State state = State.HOLD;
    private long lastChange = NONE;
    private long lastDecrease = NONE;
    private long rttNanos = 200_000_000L;
    /** Average and normalized variance of the acknowledged rate at past decreases, kbit/s (-1: unknown). */
    private double linkCapacityKbps = -1;
    private double linkCapacityVariance = 0.4;

    AimdRateController(long initialBps, long minBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.current = initialBps;
    }

    void setRoundTripTime(long nanos) {
        if (nanos > 0) rttNanos = nanos;
    }

    long rate() {
        return current;
    }

    /** Over-use is acted on at most once per RTT, unless the acknowledged rate fell below half the current one. */
    boolean timeToReduceFurther(long nowNanos, long ackedBps) {
        long interval = Math.max(10_000_000L, Math.min(200_000_000L, rttNanos));
        if (lastDecrease == NONE || nowNanos - lastDecrease >= interval) return true;
        return ackedBps > 0 && ackedBps < current / 2;
    }

    /**
     * Applies the detector's signal.
     *
     * @param ackedBps what the receiver acknowledged over the last half second, or -1 when not known yet
     */
    long update(BandwidthUsage usage, long ackedBps, long nowNanos) {
        switch (usage) {
            case OVERUSING -> {
                if (state != State.DECREASE && timeToReduceFurther(nowNanos, ackedBps)) state = State.DECREASE;
            }
            case UNDERUSING -> state = State.HOLD;
            case NORMAL -> {
                if (state == State.HOLD) state = State.INCREASE;
            }
        }
        if (lastChange == NONE) lastChange = nowNanos;
        long next = current;
        switch (state) {
            case HOLD -> lastChange = nowNanos;
            case INCREASE -> {
                double ackedKbps = ackedBps / 1000.0;
                if (linkCapacityKbps >= 0 && ackedBps > 0 && ackedKbps > linkCapacityKbps + 3 * capacityDeviationKbps()) {
                    linkCapacityKbps = -1; // the path now carries more than it did: the old capacity is stale
                }
                double dt = Math.min((nowNanos - lastChange) / 1e9, 1.0);
                if (linkCapacityKbps >= 0) {
                    next = current + (long) (additiveIncreasePerSecond() * dt);
                } else {
                    next = current + Math.max(1000L, (long) (current * (Math.pow(1.08, dt) - 1)));
                }
                if (ackedBps > 0) {
                    long cap = (long) (1.5 * ackedBps) + 10_000;
                    if (next > cap) next = Math.max(current, cap);
                }
                lastChange = nowNanos;
            }
            case DECREASE -> {
                if (ackedBps > 0) {
                    next = (long) (BETA * ackedBps);
                    if (next > current) {
                        // Acknowledged more than we aimed at (e.g. a queue draining): stay below the capacity seen.
                        next = linkCapacityKbps >= 0 ? (long) (BETA * linkCapacityKbps * 1000) : current;
                        next = Math.min(next, current);
                    }
                    updateLinkCapacity(ackedBps / 1000.0);
                }
                state = State.HOLD;
                lastChange = nowNanos;
                lastDecrease = nowNanos;
            }
        }
        current = Math.max(minBps, Math.min(maxBps, next));
        return current;
    }

    /** Half an average packet per response time (RTT + 100 ms), at least 4 kbit/s per second (§5.5). */
    private double additiveIncreasePerSecond() {
        double bitsPerFrame = current / 30.0;
        double packetsPerFrame = Math.ceil(bitsPerFrame / (1200 * 8));
        double packetBits = bitsPerFrame / packetsPerFrame;
        double responseSeconds = (rttNanos + 100_000_000L) / 1e9;
        return Math.max(4000, packetBits / responseSeconds);
    }

    private void updateLinkCapacity(double ackedKbps) {
        double alpha = 0.05;
        linkCapacityKbps = linkCapacityKbps < 0 ? ackedKbps : (1 - alpha) * linkCapacityKbps + alpha * ackedKbps;
        double norm = Math.max(linkCapacityKbps, 1);
        double error = linkCapacityKbps - ackedKbps;
        linkCapacityVariance = (1 - alpha) * linkCapacityVariance + alpha * error * error / norm;
        linkCapacityVariance = Math.max(0.4, Math.min(2.5, linkCapacityVariance));
    }

    private double capacityDeviationKbps() {
        return Math.sqrt(linkCapacityVariance * linkCapacityKbps);
    }
}
