package dev.jrtc.peerconnection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * RTCRtpSender (W3C webrtc §5.2): sends its track's RTP packets with the SSRC it announced in SDP (RFC 5576
 * a=ssrc) and the payload type the answer negotiated, SRTP-protected on the bundle transport.
 */
public final class RtpSender {
    private final PeerConnection pc;
    private final String kind;
    private final long ssrc;
    private final long rtxSsrc;
    private volatile MediaStreamTrack track;
    private volatile String streamId;
    private volatile int payloadType = -1;
    private volatile boolean active;
    private volatile boolean everSent;
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong packetsDropped = new AtomicLong();

    RtpSender(PeerConnection pc, String kind, long ssrc, long rtxSsrc) {
        this.pc = pc;
        this.kind = kind;
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
    }

    /** The track sent, or null. */
    public MediaStreamTrack track() {
        return track;
    }

    /** The SSRC of the packets this sender writes. */
    public long ssrc() {
        return ssrc;
    }

    long rtxSsrc() {
        return rtxSsrc;
    }

    String kind() {
        return kind;
    }

    String streamId() {
        return streamId;
    }

    /** The negotiated payload type, or -1 before negotiation. */
    public int payloadType() {
        return payloadType;
    }

    /** Sends {@code newTrack} instead, without renegotiation (W3C §5.2 replaceTrack); null stops sending. */
    public void replaceTrack(MediaStreamTrack newTrack) {
        if (newTrack != null && (newTrack.isRemote() || !newTrack.kind().equals(kind))) {
            throw new IllegalArgumentException("TypeError: replaceTrack needs a local " + kind + " track, got " + newTrack);
        }
        setTrack(newTrack, streamId);
    }

    void setTrack(MediaStreamTrack newTrack, String stream) {
        MediaStreamTrack old = track;
        if (old != null) old.detach(this);
        track = newTrack;
        streamId = stream;
        if (newTrack != null) newTrack.attach(this);
    }

    /** True once a packet went out: such a sender is not reused by addTrack. */
    boolean everSent() {
        return everSent;
    }

    void markSent() {
        everSent = true;
    }

    void negotiated(int pt, boolean sending) {
        payloadType = pt;
        active = sending && pt >= 0;
    }

    /** From the track, any thread: copy, stamp SSRC and payload type, and protect and send on the event loop. */
    void write(byte[] packet, int off, int len) {
        int pt = payloadType;
        if (!active || pt < 0) {
            packetsDropped.incrementAndGet();
            return;
        }
        pc.sendRtp(this, packet, off, len, pt);
    }

    @Override
    public String toString() {
        return "RtpSender(" + kind + ", ssrc " + ssrc + ", pt " + payloadType + ")";
    }
}
