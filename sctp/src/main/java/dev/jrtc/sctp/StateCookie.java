package dev.jrtc.sctp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The State Cookie of our INIT ACK (RFC 9260 §5.1.3): everything the association needs from the peer's INIT, with
 * our tag and the time it was made, authenticated with HMAC-SHA-256 under a secret of this association. No state
 * is kept for an INIT until its cookie comes back in a COOKIE ECHO (§5.1.5), where forged, damaged, stale (older
 * than 60 s, §5.1.5 step 3) or foreign cookies are refused.
 *
 * <pre>
 * | peer tag | peer initial TSN | peer a_rwnd | our tag | our initial TSN | made at (8) | peer inbound streams | flags | HMAC (32) |
 * </pre>
 */
final class StateCookie {
    static final int LENGTH = 68;
    private static final int SIGNED = 36;
    private static final long LIFETIME_NANOS = 60_000_000_000L;
    private static final int FLAG_FORWARD_TSN = 1;
    private static final int FLAG_RECONFIG = 2;

    private final byte[] secret;

    /** {@code secret}: 32 random bytes, kept by reference. */
    StateCookie(byte[] secret) {
        this.secret = secret;
    }

    /** A cookie for {@code init}, made at {@code nowNanos} by the association with {@code localTag}. */
    byte[] mint(long nowNanos, InitChunk init, long localTag, int localInitialTsn) {
        int flags = (announcesForwardTsn(init) ? FLAG_FORWARD_TSN : 0) | (announcesReconfig(init) ? FLAG_RECONFIG : 0);
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.putInt((int) init.initiateTag()).putInt((int) init.initialTsn()).putInt((int) init.advertisedReceiverWindow())
                .putInt((int) localTag).putInt(localInitialTsn).putLong(nowNanos)
                .putInt(init.inboundStreams()).putInt(flags);
        b.put(hmac(b.array(), SIGNED));
        return b.array();
    }

    /**
     * What a cookie echoed at {@code nowNanos} says about the peer, or null when it is not one this association made
     * in the last 60 s with {@code localTag} (forged, damaged, stale, or another association's).
     */
    PeerInit open(long nowNanos, byte[] cookie, long localTag) {
        if (cookie.length != LENGTH || !MessageDigest.isEqual(Arrays.copyOfRange(cookie, SIGNED, LENGTH), hmac(cookie, SIGNED))) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(cookie);
        long peerTag = b.getInt() & 0xFFFFFFFFL;
        long peerTsn = b.getInt() & 0xFFFFFFFFL;
        long peerRwnd = b.getInt() & 0xFFFFFFFFL;
        long cookieLocalTag = b.getInt() & 0xFFFFFFFFL;
        b.getInt();
        long made = b.getLong();
        int peerInboundStreams = b.getInt();
        int flags = b.getInt();
        if (cookieLocalTag != localTag || nowNanos - made > LIFETIME_NANOS) return null;
        return new PeerInit(peerTag, peerTsn, peerRwnd, (flags & FLAG_FORWARD_TSN) != 0, (flags & FLAG_RECONFIG) != 0,
                Math.max(1, Math.min(Handshake.STREAMS, peerInboundStreams)));
    }

    private byte[] hmac(byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }

    /** RE-CONFIG in the Supported Extensions parameter (RFC 6525 §3.1, RFC 5061 §4.2.7). */
    static boolean announcesReconfig(InitChunk init) {
        return supportsExtension(init, SctpChunk.RE_CONFIG);
    }

    /** FORWARD TSN is announced either way (RFC 3758 §3.1 parameter, or in the Supported Extensions of RFC 5061). */
    static boolean announcesForwardTsn(InitChunk init) {
        return init.forwardTsnSupported() || supportsExtension(init, SctpChunk.FORWARD_TSN);
    }

    private static boolean supportsExtension(InitChunk init, int chunkType) {
        for (SctpParameter p : init.parameters()) {
            if (p.type() != SctpParameter.SUPPORTED_EXTENSIONS) continue;
            for (byte t : p.value()) {
                if ((t & 0xFF) == chunkType) return true;
            }
        }
        return false;
    }
}
