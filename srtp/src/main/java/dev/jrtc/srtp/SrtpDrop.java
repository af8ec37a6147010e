package dev.jrtc.srtp;

/**
 * Why an SRTP or SRTCP packet was dropped. {@link SrtpContext} returns these as negative codes so the packet
 * path never throws for bad input (RFC 3711 §3.3 step 5: a failed check discards the packet).
 */
public enum SrtpDrop {
    /** Too short, not RTP/RTCP version 2, or lengths past the end. */
    MALFORMED,
    /** The authentication tag did not verify. */
    AUTH_FAILED,
    /** Already received, or older than the replay window. */
    REPLAYED,
    /** A new SSRC beyond the configured maximum number of streams. */
    STREAM_LIMIT,
    /** The cipher refused the operation (AES-GCM refuses to encrypt twice with the same index). */
    CIPHER_REFUSED,
    /**
     * The master key is used up (RFC 3711 §9.2): the stream reached 2^48 SRTP or 2^31 SRTCP packets, and another
     * packet would repeat an index (a keystream, for AES-CM). Only a new key (a new DTLS handshake) helps.
     */
    KEY_EXHAUSTED;

    /** The negative code a context method returns for this reason. */
    public int code() {
        return -1 - ordinal();
    }

    /** The reason behind a negative code, or null for a length (zero or positive). */
    public static SrtpDrop fromCode(int code) {
        return code >= 0 ? null : values()[-1 - code];
    }
}
