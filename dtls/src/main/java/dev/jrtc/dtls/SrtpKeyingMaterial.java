package dev.jrtc.dtls;

import dev.jrtc.srtp.SrtpProfile;
import java.util.Arrays;

/**
 * The SRTP master keys and salts exported from a DTLS-SRTP handshake (RFC 5764 §4.2), oriented for us: the local
 * pair protects what we send, the remote pair unprotects what we receive.
 *
 * @param profile          the negotiated protection profile
 * @param localMasterKey   our master key
 * @param localMasterSalt  our master salt
 * @param remoteMasterKey  the peer's master key
 * @param remoteMasterSalt the peer's master salt
 */
public record SrtpKeyingMaterial(SrtpProfile profile, byte[] localMasterKey, byte[] localMasterSalt,
                                 byte[] remoteMasterKey, byte[] remoteMasterSalt) {

    /** The label of the keying-material exporter for DTLS-SRTP (RFC 5764 §4.2). */
    public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    /**
     * Splits exported material laid out as client key, server key, client salt, server salt, and orients it for
     * {@code role}.
     */
    public static SrtpKeyingMaterial split(SrtpProfile profile, byte[] exported, DtlsRole role) {
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        if (exported.length != 2 * (k + s)) {
            throw new IllegalArgumentException(profile + " needs " + 2 * (k + s) + " bytes of keying material, got " + exported.length);
        }
        byte[] clientKey = Arrays.copyOfRange(exported, 0, k);
        byte[] serverKey = Arrays.copyOfRange(exported, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(exported, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s);
        return role == DtlsRole.CLIENT
                ? new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    @Override
    public String toString() {
        return "SrtpKeyingMaterial{" + profile + ", keys not shown}";
    }
}
