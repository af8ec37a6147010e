package dev.jrtc.srtp;

/**
 * The session keys of one SRTP or SRTCP direction (RFC 3711 §4.3): encryption key, authentication key (empty
 * for AEAD profiles) and salt.
 *
 * @param encryptionKey the AES key
 * @param authKey       the HMAC-SHA1 key, empty for AEAD profiles
 * @param salt          the session salt (14 bytes for AES-CM, 12 for AEAD)
 */
public record SrtpSessionKeys(byte[] encryptionKey, byte[] authKey, byte[] salt) {
    /** Derives the SRTP ({@code rtcp == false}) or SRTCP session keys from a master key and salt. */
    public static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        if (masterKey.length != profile.masterKeyLength() || masterSalt.length != profile.masterSaltLength()) {
            throw new IllegalArgumentException(profile + " needs a " + profile.masterKeyLength() + "-byte master key and a "
                    + profile.masterSaltLength() + "-byte master salt, got " + masterKey.length + " and " + masterSalt.length);
        }
        int base = rtcp ? SrtpKeyDerivation.LABEL_RTCP_ENCRYPTION : SrtpKeyDerivation.LABEL_RTP_ENCRYPTION;
        return new SrtpSessionKeys(
                SrtpKeyDerivation.derive(masterKey, masterSalt, base, profile.masterKeyLength()),
                SrtpKeyDerivation.derive(masterKey, masterSalt, base + 1, profile.sessionAuthKeyLength()),
                SrtpKeyDerivation.derive(masterKey, masterSalt, base + 2, profile.masterSaltLength()));
    }
}
