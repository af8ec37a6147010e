package dev.jrtc.srtp;

/**
 * Limits of an {@link SrtpContext}: the replay window (RFC 3711 §3.3.2: at least 64) and how many SSRCs it keeps
 * state for, so a flood of random SSRCs cannot exhaust memory.
 *
 * @param replayWindowSize how many indices below the highest are remembered, 64 to 32768
 * @param maxStreams       how many SSRCs per direction get state; packets of further SSRCs are dropped
 */
public record SrtpPolicy(int replayWindowSize, int maxStreams) {
    /** 64-packet replay window (the RFC minimum; raise it for high-rate video), 1000 streams. */
    public static final SrtpPolicy DEFAULT = new SrtpPolicy(64, 1000);

    public SrtpPolicy {
        if (replayWindowSize < 64 || replayWindowSize > 32768) {
            throw new IllegalArgumentException("replayWindowSize must be in [64, 32768]: " + replayWindowSize);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
    }
}
