package dev.jrtc.srtp;

/**
 * Limits of an {@link SrtpContext}: the replay window (RFC 3711 §3.3.2: at least 64) and how many SSRCs it keeps
 * state for, so a flood of random SSRCs cannot exhaust memory.
 *
 * @param replayWindowSize how many indices below the highest are remembered, 64 to 32768
 * @param maxStreams       how many SSRCs per direction get state; packets of further SSRCs are dropped
 * @param allocationFreeGcm the AEAD profiles (RFC 7714) run on jrtc's own GHASH with no allocation per packet
 *                         instead of the JCE's AES/GCM, which allocates about 1 KB per packet but is several times
 *                         faster (carry-less-multiply instructions); for applications that count GC pauses
 */
public record SrtpPolicy(int replayWindowSize, int maxStreams, boolean allocationFreeGcm) {
    /** 64-packet replay window (the RFC minimum; raise it for high-rate video), 1000 streams, the JCE's GCM. */
    public static final SrtpPolicy DEFAULT = new SrtpPolicy(64, 1000, false);

    /** A policy with the JCE's AES/GCM. */
    public SrtpPolicy(int replayWindowSize, int maxStreams) {
        this(replayWindowSize, maxStreams, false);
    }

    public SrtpPolicy {
        if (replayWindowSize < 64 || replayWindowSize > 32768) {
            throw new IllegalArgumentException("replayWindowSize must be in [64, 32768]: " + replayWindowSize);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
    }

    /** This policy with the AEAD profiles on the allocation-free GCM or on the JCE's. */
    public SrtpPolicy withAllocationFreeGcm(boolean allocationFree) {
        return new SrtpPolicy(replayWindowSize, maxStreams, allocationFree);
    }
}
