package dev.jrtc.peerconnection;

/**
 * What a network would do to one RTP packet (RFC 3550 §5.1), applied in user space: pass it, hold it back, or drop
 * it. For tests and experiments (loss, a rate limit) without touching the real network; see
 * {@link PeerConnection#setRtpImpairments}. Called on the connection's event loop, one packet at a time; it must
 * not keep or change {@code packet}.
 */
@FunctionalInterface
public interface RtpImpairment {
    /** Leaves every packet alone. */
    RtpImpairment NONE = (nowNanos, packet, length) -> 0;

    /**
     * @param packet the RTP packet in the clear (before SRTP on the way out, after it on the way in)
     * @return 0 to pass the packet now, a delay in nanoseconds to hold it back, or a negative value to drop it
     */
    long delayNanos(long nowNanos, byte[] packet, int length);
}
