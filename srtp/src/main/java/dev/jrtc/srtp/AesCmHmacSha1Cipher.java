package dev.jrtc.srtp;

/**
 * AES_CM_128_HMAC_SHA1_80 and _32 (RFC 3711 §4.1.1 encryption, §4.2.1 authentication; RFC 5764 §4.1.2 for the
 * 80-bit SRTCP tag of both).
 *
 * <pre>
 * SRTP:  header | encrypted payload | auth tag (10 or 4)         tag = HMAC(header..payload || ROC)
 * SRTCP: header+SSRC (8) | encrypted rest | E|index (4) | auth tag (10)
 * </pre>
 */
final class AesCmHmacSha1Cipher implements SrtpCipher {
    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final AesCounterMode rtpCtr;
    private final AesCounterMode rtcpCtr;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[16];
    private final byte[] tag = new byte[HmacSha1.LENGTH];
    private final byte[] rocBytes = new byte[4];

    AesCmHmacSha1Cipher(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        rtpTagLength = profile.authTagLength();
        rtcpTagLength = profile.srtcpAuthTagLength();
        rtpCtr = new AesCounterMode(AesCounterMode.newEcb(rtp.encryptionKey()));
        rtcpCtr = new AesCounterMode(AesCounterMode.newEcb(rtcp.encryptionKey()));
        rtpMac = new HmacSha1(rtp.authKey());
        rtcpMac = new HmacSha1(rtcp.authKey());
        rtpSalt = rtp.salt().clone();
        rtcpSalt = rtcp.salt().clone();
    }

    @Override
    public int rtpOverhead() {
        return rtpTagLength;
    }

    @Override
    public int rtcpOverhead() {
        return 4 + rtcpTagLength;
    }

    /** IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), RFC 3711 §4.1.1. */
    private void computeIv(byte[] salt, int ssrc, long index) {
        System.arraycopy(salt, 0, iv, 0, 14);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte) (ssrc >>> 24);
        iv[5] ^= (byte) (ssrc >>> 16);
        iv[6] ^= (byte) (ssrc >>> 8);
        iv[7] ^= (byte) ssrc;
        for (int i = 0; i < 6; i++) {
            iv[13 - i] ^= (byte) (index >>> (8 * i));
        }
    }

    private void rtpTag(byte[] b, int off, int len, int roc) {
        rtpMac.start();
        rtpMac.update(b, off, len);
        rocBytes[0] = (byte) (roc >>> 24);
        rocBytes[1] = (byte) (roc >>> 16);
        rocBytes[2] = (byte) (roc >>> 8);
        rocBytes[3] = (byte) roc;
        rtpMac.update(rocBytes, 0, 4);
        rtpMac.finish(tag, 0);
    }

    @Override
    public int protectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq) {
        computeIv(rtpSalt, ssrc, ((roc & 0xFFFFFFFFL) << 16) | seq);
        rtpCtr.xorKeystream(iv, b, off + headerLength, len - headerLength);
        rtpTag(b, off, len, roc);
        System.arraycopy(tag, 0, b, off + len, rtpTagLength);
        return len + rtpTagLength;
    }

    @Override
    public int unprotectRtp(byte[] b, int off, int len, int headerLength, int ssrc, int roc, int seq) {
        int plainLength = len - rtpTagLength;
        rtpTag(b, off, plainLength, roc);
        if (!tagMatches(b, off + plainLength, rtpTagLength)) {
            return -1;
        }
        computeIv(rtpSalt, ssrc, ((roc & 0xFFFFFFFFL) << 16) | seq);
        rtpCtr.xorKeystream(iv, b, off + headerLength, plainLength - headerLength);
        return plainLength;
    }

    @Override
    public int protectRtcp(byte[] b, int off, int len, int ssrc, int index) {
        computeIv(rtcpSalt, ssrc, index);
        rtcpCtr.xorKeystream(iv, b, off + 8, len - 8);
        int e = index | 0x80000000;
        b[off + len] = (byte) (e >>> 24);
        b[off + len + 1] = (byte) (e >>> 16);
        b[off + len + 2] = (byte) (e >>> 8);
        b[off + len + 3] = (byte) e;
        rtcpMac.start();
        rtcpMac.update(b, off, len + 4);
        rtcpMac.finish(tag, 0);
        System.arraycopy(tag, 0, b, off + len + 4, rtcpTagLength);
        return len + 4 + rtcpTagLength;
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - rtcpTagLength - 4;
    }

    @Override
    public int unprotectRtcp(byte[] b, int off, int len, int ssrc, int eAndIndex) {
        int authenticated = len - rtcpTagLength;
        rtcpMac.start();
        rtcpMac.update(b, off, authenticated);
        rtcpMac.finish(tag, 0);
        if (!tagMatches(b, off + authenticated, rtcpTagLength)) {
            return -1;
        }
        int plainLength = authenticated - 4;
        if (eAndIndex < 0) { // E-flag set: the payload is encrypted
            computeIv(rtcpSalt, ssrc, eAndIndex & 0x7FFFFFFF);
            rtcpCtr.xorKeystream(iv, b, off + 8, plainLength - 8);
        }
        return plainLength;
    }

    /** Compares without an early exit, so timing does not reveal how many tag bytes were right. */
    private boolean tagMatches(byte[] b, int at, int length) {
        int diff = 0;
        for (int i = 0; i < length; i++) {
            diff |= tag[i] ^ b[at + i];
        }
        return diff == 0;
    }
}
