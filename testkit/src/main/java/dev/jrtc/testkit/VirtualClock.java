package dev.jrtc.testkit;

/**
 * A clock that only moves when a test moves it, so timeouts of seconds run in microseconds and every run is
 * the same.
 */
public final class VirtualClock {
    private long nowNanos;

    /** Starts at time zero. */
    public VirtualClock() {}

    /** Starts at {@code startNanos}. */
    public VirtualClock(long startNanos) {
        this.nowNanos = startNanos;
    }

    public long nowNanos() {
        return nowNanos;
    }

    /** Moves the clock to {@code nanos}; moving backwards is a test bug. */
    public void advanceTo(long nanos) {
        if (nanos < nowNanos) {
            throw new IllegalArgumentException("time cannot go backwards: now=" + nowNanos + " requested=" + nanos);
        }
        nowNanos = nanos;
    }

    public void advanceBy(long nanos) {
        advanceTo(nowNanos + nanos);
    }
}
