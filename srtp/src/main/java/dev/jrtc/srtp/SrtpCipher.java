package dev.jrtc.srtp;

/**
 * The per-profile transform of one direction: encryption and authentication of SRTP (RFC 3711 §3.1) and SRTCP
 * (RFC 3711 §3.4) packets in place, given the index the context computed. Indices and SSRCs are passed as
 * their 32-bit wire values.
 */
interface SrtpCipher {
    /** Bytes protectRtp appends (the authentication tag). */
    int rtpOverhead();

    /** Bytes protectRtcp appends (E-flag and index, and the tag). */
    int rtcpOverhead();

    /** Encrypts the payload after {@code headerLength} and appends the tag; returns the new length. */
    int protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq);

    /** Checks the tag and decrypts; returns the plaintext length, or -1 when authentication fails. */
    int unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq);

    /** Encrypts after the first 8 bytes, appends E-flag|index and the tag; returns the new length. */
    int protectRtcp(byte[] b, int off, int len, int ssrc, int index);

    /** Where the 32-bit E-flag|index word sits in a protected SRTCP packet of length {@code len}. */
    int rtcpIndexOffset(int len);

    /** Checks the tag and decrypts (when E is set); returns the plaintext length, or -1 on failure. */
    int unprotectRtcp(byte[] b, int off, int len, int ssrc, int eAndIndex);

    static SrtpCipher create(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp, SrtpPolicy policy) {
        if (!profile.isAead()) {
            return new AesCmHmacSha1Cipher(profile, rtp, rtcp);
        }
        return policy.allocationFreeGcm() ? new AesGcmCipher(rtp, rtcp) : new JceAesGcmCipher(profile, rtp, rtcp);
    }
}
