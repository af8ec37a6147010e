package dev.jrtc.srtp;

/**
 * The SRTP protection profiles jrtc supports, with their DTLS-SRTP identifiers (RFC 5764 §4.1.2, RFC 7714 §14.2)
 * and key sizes (RFC 3711 §8.2, RFC 7714 §12).
 */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, false),
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, false),
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, true),
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, true);

    private final int dtlsSrtpId;
    private final int masterKeyLength;
    private final int masterSaltLength;
    private final int authTagLength;
    private final boolean aead;

    SrtpProfile(int dtlsSrtpId, int masterKeyLength, int masterSaltLength, int authTagLength, boolean aead) {
        this.dtlsSrtpId = dtlsSrtpId;
        this.masterKeyLength = masterKeyLength;
        this.masterSaltLength = masterSaltLength;
        this.authTagLength = authTagLength;
        this.aead = aead;
    }

    /** The SRTPProtectionProfile value carried in the DTLS use_srtp extension. */
    public int dtlsSrtpId() { return dtlsSrtpId; }

    /** Master key length in bytes. */
    public int masterKeyLength() { return masterKeyLength; }

    /** Master salt length in bytes (14 for AES-CM, 12 for AEAD per RFC 7714 §12). */
    public int masterSaltLength() { return masterSaltLength; }

    /** Length in bytes of the SRTP authentication tag (the GCM tag for AEAD profiles). */
    public int authTagLength() { return authTagLength; }

    /** Length in bytes of the SRTCP authentication tag: 80 bits for both AES-CM profiles (RFC 5764 §4.1.2). */
    public int srtcpAuthTagLength() { return aead ? authTagLength : 10; }

    /** Length in bytes of the derived session authentication key (HMAC-SHA1 key; none for AEAD). */
    public int sessionAuthKeyLength() { return aead ? 0 : 20; }

    /** True for the AEAD (AES-GCM) profiles of RFC 7714. */
    public boolean isAead() { return aead; }

    /** Bytes of DTLS keying material this profile needs: 2 * (key + salt), RFC 5764 §4.2. */
    public int keyingMaterialLength() { return 2 * (masterKeyLength + masterSaltLength); }

    /** The profile for a use_srtp identifier, or null when jrtc does not support it. */
    public static SrtpProfile forDtlsSrtpId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsSrtpId == id) return p;
        }
        return null;
    }
}
