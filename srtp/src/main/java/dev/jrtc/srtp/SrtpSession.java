package dev.jrtc.srtp;

/**
 * Both directions of one DTLS-SRTP association (RFC 5764 §4.2): what we send is protected with our master key,
 * what we receive is unprotected with the peer's. Same threading and ownership rules as {@link SrtpContext}.
 */
public final class SrtpSession {
    private final SrtpContext outbound;
    private final SrtpContext inbound;

    public SrtpSession(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt,
                       SrtpPolicy policy) {
        this.outbound = new SrtpContext(profile, localKey, localSalt, policy);
        this.inbound = new SrtpContext(profile, remoteKey, remoteSalt, policy);
    }

    public int protectRtp(byte[] buf, int off, int len) { return outbound.protectRtp(buf, off, len); }

    public int unprotectRtp(byte[] buf, int off, int len) { return inbound.unprotectRtp(buf, off, len); }

    public int protectRtcp(byte[] buf, int off, int len) { return outbound.protectRtcp(buf, off, len); }

    public int unprotectRtcp(byte[] buf, int off, int len) { return inbound.unprotectRtcp(buf, off, len); }

    /** Counters of what we sent. */
    public SrtpStats outboundStats() { return outbound.stats(); }

    /** Counters of what we received, with drops per reason. */
    public SrtpStats inboundStats() { return inbound.stats(); }
}
