package dev.jrtc.srtp;

import java.util.EnumMap;
import java.util.Map;

/**
 * Packet counters of one {@link SrtpContext}: what was protected, unprotected, and dropped for which
 * {@link SrtpDrop} reason. Written by the context's thread; reads from elsewhere may be slightly stale.
 */
public final class SrtpStats {
    private final long[] drops = new long[SrtpDrop.values().length];
    private long protectedPackets;
    private long unprotectedPackets;

    void countProtected() {
        protectedPackets++;
    }

    void countUnprotected() {
        unprotectedPackets++;
    }

    /** Counts a drop and returns its code, so callers can {@code return stats.drop(REASON)}. */
    int drop(SrtpDrop reason) {
        drops[reason.ordinal()]++;
        return reason.code();
    }

    public long protectedPackets() {
        return protectedPackets;
    }

    public long unprotectedPackets() {
        return unprotectedPackets;
    }

    public long dropped(SrtpDrop reason) {
        return drops[reason.ordinal()];
    }

    /** All drop counters, for logs and getStats. */
    public Map<SrtpDrop, Long> drops() {
        Map<SrtpDrop, Long> m = new EnumMap<>(SrtpDrop.class);
        for (SrtpDrop d : SrtpDrop.values()) {
            m.put(d, drops[d.ordinal()]);
        }
        return m;
    }

    @Override
    public String toString() {
        return "SrtpStats{protected=" + protectedPackets + ", unprotected=" + unprotectedPackets + ", drops=" + drops() + "}";
    }
}
