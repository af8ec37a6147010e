package dev.jrtc.srtp;

import dev.jrtc.rtp.RtpHeader;
import java.util.Objects;

/**
 * The SRTP and SRTCP cryptographic context of one master key (RFC 3711 §3.2), protecting or unprotecting packets
 * in place, with per-SSRC state (ROC, replay lists, SRTCP index) created on demand.
 *
 * <p>Every method works on {@code buf[off, off+len)} and returns the new length, or a negative
 * {@link SrtpDrop#code()} when the packet must be dropped (also counted in {@link #stats()}); bad input never
 * throws. Ownership: the caller keeps the buffer; it is modified in place and nothing is retained. Protecting
 * needs {@link #rtpOverhead()} (or {@link #rtcpOverhead()}) spare bytes after the packet: too little room is a
 * caller bug and throws {@link IllegalArgumentException}.
 *
 * <p>Not thread-safe: a context belongs to one thread (the connection's event loop). Sending and receiving keep
 * separate stream state, so one context may serve both directions of a loopback test.
 */
public final class SrtpContext {
    private final SrtpProfile profile;
    private final SrtpPolicy policy;
    private final SrtpCipher cipher;
    private final SsrcTable sendStreams = new SsrcTable();
    private final SsrcTable receiveStreams = new SsrcTable();
    private final SrtpStats stats = new SrtpStats();

    /** A context from a master key and salt, e.g. one half of the DTLS-SRTP keying material (RFC 5764 §4.2). */
    public SrtpContext(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, SrtpPolicy policy) {
        this(profile, SrtpSessionKeys.derive(profile, masterKey, masterSalt, false),
                SrtpSessionKeys.derive(profile, masterKey, masterSalt, true), policy);
    }

    /** A context from already derived session keys (test vectors are given this way). */
    public SrtpContext(SrtpProfile profile, SrtpSessionKeys rtpKeys, SrtpSessionKeys rtcpKeys, SrtpPolicy policy) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.cipher = SrtpCipher.create(profile, rtpKeys, rtcpKeys, policy);
    }

    public SrtpProfile profile() {
        return profile;
    }

    public SrtpStats stats() {
        return stats;
    }

    /** Spare bytes {@link #protectRtp} needs after the packet. */
    public int rtpOverhead() {
        return cipher.rtpOverhead();
    }

    /** Spare bytes {@link #protectRtcp} needs after the packet. */
    public int rtcpOverhead() {
        return cipher.rtcpOverhead();
    }

    /** Protects an RTP packet in place (RFC 3711 §3.3); returns the SRTP length or a negative drop code. */
    public int protectRtp(byte[] buf, int off, int len) {
        int headerLength = RtpHeader.headerLength(buf, off, len);
        if (headerLength < 0) {
            return stats.drop(SrtpDrop.MALFORMED);
        }
        checkRoom(buf, off, len, cipher.rtpOverhead());
        int ssrc = (int) RtpHeader.ssrc(buf, off);
        SrtpStream stream = stream(sendStreams, ssrc);
        if (stream == null) {
            return stats.drop(SrtpDrop.STREAM_LIMIT);
        }
        int seq = RtpHeader.sequenceNumber(buf, off);
        long index = stream.estimateIndex(seq);
        if (index < 0) {
            return stats.drop(SrtpDrop.REPLAYED);
        }
        if (index > SrtpStream.MAX_RTP_INDEX) {
            // RFC 3711 §9.2: after 2^48 packets the ROC would wrap and indexes (keystreams) repeat.
            return stats.drop(SrtpDrop.KEY_EXHAUSTED);
        }
        int n = cipher.protectRtp(buf, off, len, headerLength, ssrc, (int) (index >>> 16), seq);
        if (n < 0) {
            return stats.drop(SrtpDrop.CIPHER_REFUSED);
        }
        stream.update(index);
        stats.countProtected();
        return n;
    }

    /** Checks and decrypts an SRTP packet in place (RFC 3711 §3.3); returns the RTP length or a drop code. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        int headerLength = RtpHeader.headerLength(buf, off, len);
        if (headerLength < 0 || len - headerLength < cipher.rtpOverhead()) {
            return stats.drop(SrtpDrop.MALFORMED);
        }
        int ssrc = (int) RtpHeader.ssrc(buf, off);
        SrtpStream stream = receiveStream(ssrc);
        if (stream == null) {
            return stats.drop(SrtpDrop.STREAM_LIMIT);
        }
        int seq = RtpHeader.sequenceNumber(buf, off);
        long index = stream.estimateIndex(seq);
        if (index > SrtpStream.MAX_RTP_INDEX) {
            return stats.drop(SrtpDrop.KEY_EXHAUSTED); // no sender may use this key past 2^48 packets
        }
        if (index < 0 || !stream.rtpReplay().accepts(index)) {
            return stats.drop(SrtpDrop.REPLAYED);
        }
        int n = cipher.unprotectRtp(buf, off, len, headerLength, ssrc, (int) (index >>> 16), seq);
        if (n < 0) {
            return stats.drop(SrtpDrop.AUTH_FAILED);
        }
        register(ssrc, stream);
        stream.update(index);
        stream.rtpReplay().mark(index);
        stats.countUnprotected();
        return n;
    }

    /** Protects an RTCP (compound) packet in place (RFC 3711 §3.4); returns the SRTCP length or a drop code. */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (!isRtcp(buf, off, len)) {
            return stats.drop(SrtpDrop.MALFORMED);
        }
        checkRoom(buf, off, len, cipher.rtcpOverhead());
        int ssrc = readInt(buf, off + 4);
        SrtpStream stream = stream(sendStreams, ssrc);
        if (stream == null) {
            return stats.drop(SrtpDrop.STREAM_LIMIT);
        }
        int index = stream.takeSrtcpIndex();
        if (index < 0) {
            return stats.drop(SrtpDrop.KEY_EXHAUSTED); // RFC 3711 §9.2: 2^31 SRTCP packets per master key
        }
        int n = cipher.protectRtcp(buf, off, len, ssrc, index);
        if (n < 0) {
            return stats.drop(SrtpDrop.CIPHER_REFUSED);
        }
        stats.countProtected();
        return n;
    }

    /** Checks and decrypts an SRTCP packet in place (RFC 3711 §3.4); returns the RTCP length or a drop code. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (!isRtcp(buf, off, len) || len < 8 + cipher.rtcpOverhead()) {
            return stats.drop(SrtpDrop.MALFORMED);
        }
        int ssrc = readInt(buf, off + 4);
        SrtpStream stream = receiveStream(ssrc);
        if (stream == null) {
            return stats.drop(SrtpDrop.STREAM_LIMIT);
        }
        int eAndIndex = readInt(buf, off + cipher.rtcpIndexOffset(len));
        long index = eAndIndex & 0x7FFFFFFFL;
        if (!stream.rtcpReplay().accepts(index)) {
            return stats.drop(SrtpDrop.REPLAYED);
        }
        int n = cipher.unprotectRtcp(buf, off, len, ssrc, eAndIndex);
        if (n < 0) {
            return stats.drop(SrtpDrop.AUTH_FAILED);
        }
        register(ssrc, stream);
        stream.rtcpReplay().mark(index);
        stats.countUnprotected();
        return n;
    }

    /**
     * The receive state of {@code ssrc}, or a fresh one that is not registered yet (null beyond the stream limit):
     * a forged packet must not create state, so {@link #register} runs only after authentication.
     */
    private SrtpStream receiveStream(int ssrc) {
        SrtpStream s = receiveStreams.get(ssrc);
        if (s == null && receiveStreams.size() < policy.maxStreams()) {
            s = new SrtpStream(policy.replayWindowSize());
        }
        return s;
    }

    private void register(int ssrc, SrtpStream stream) {
        if (receiveStreams.get(ssrc) == null) {
            receiveStreams.put(ssrc, stream);
        }
    }

    private SrtpStream stream(SsrcTable table, int ssrc) {
        SrtpStream s = table.get(ssrc);
        if (s == null) {
            if (table.size() >= policy.maxStreams()) {
                return null;
            }
            s = new SrtpStream(policy.replayWindowSize());
            table.put(ssrc, s);
        }
        return s;
    }

    /**
     * Whether this context refused a packet because its master key is used up ({@link SrtpDrop#KEY_EXHAUSTED}):
     * the connection needs a new key (a new DTLS handshake) to send more.
     */
    public boolean keyExhausted() {
        return stats.dropped(SrtpDrop.KEY_EXHAUSTED) > 0;
    }

    /**
     * Test hook (same package): the send state of {@code ssrc} continues after SRTP index {@code rtpIndex} and
     * with SRTCP index {@code srtcpIndex}, so the 2^48 and 2^31 limits can be reached without sending that much.
     */
    void startSendingAt(int ssrc, long rtpIndex, int srtcpIndex) {
        SrtpStream s = stream(sendStreams, ssrc);
        if (s == null) {
            throw new IllegalStateException("stream limit reached");
        }
        s.startAt(rtpIndex, srtcpIndex);
    }

    /** Test hook (same package): the receive state of {@code ssrc} continues after SRTP index {@code rtpIndex}. */
    void startReceivingAt(int ssrc, long rtpIndex) {
        SrtpStream s = receiveStream(ssrc);
        if (s == null) {
            throw new IllegalStateException("stream limit reached");
        }
        s.startAt(rtpIndex, 0);
        register(ssrc, s);
    }

    private static boolean isRtcp(byte[] b, int off, int len) {
        return len >= 8 && (b[off] & 0xC0) == 0x80;
    }

    private static void checkRoom(byte[] buf, int off, int len, int overhead) {
        if (off < 0 || len < 0 || buf.length - off - len < overhead) {
            throw new IllegalArgumentException("protecting needs " + overhead + " spare bytes after the packet: buffer "
                    + buf.length + " bytes, packet at " + off + " of length " + len);
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
