package dev.jrtc.peerconnection;

import dev.jrtc.rtp.stream.Retransmitter;
import dev.jrtc.rtp.stream.SendHistory;
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
    final AtomicLong keyFrameRequests = new AtomicLong();
    private volatile Runnable onKeyFrameRequest;
    private volatile int clockRate = 90000;
    // Event loop only: NACK handling (RFC 4585 §6.2.1, RFC 4588) when negotiated, and its counters for getStats.
    SendHistory history;
    Retransmitter retransmitter;
    long nacksReceived;
    long retransmittedPacketsSent;
    long retransmittedBytesSent;
    // Event loop only: the last packet's RTP timestamp and when it left, for the SR's RTP timestamp.
    private long lastRtpTimestamp = -1;
    private long lastSentNanos;

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

    /**
     * Called on the callback thread when the peer asks for a key frame (RTCP PLI or FIR, RFC 4585 §6.3.1, RFC 5104
     * §4.3.1): a video source should send an intra frame next.
     */
    public void onKeyFrameRequest(Runnable listener) {
        onKeyFrameRequest = listener;
    }

    Runnable keyFrameListener() {
        return onKeyFrameRequest;
    }

    void clockRate(int rate) {
        if (rate > 0) clockRate = rate;
    }

    void sent(long rtpTimestamp, long nowNanos) {
        lastRtpTimestamp = rtpTimestamp;
        lastSentNanos = nowNanos;
    }

    long payloadBytesSent() {
        return bytesSent.get();
    }

    /** The RTP timestamp matching {@code nowNanos}: the last one sent, moved on by the clock rate (RFC 3550 §6.4.1). */
    long rtpTimestampAt(long nowNanos) {
        if (lastRtpTimestamp < 0) return 0;
        return (lastRtpTimestamp + (nowNanos - lastSentNanos) * clockRate / 1_000_000_000L) & 0xFFFFFFFFL;
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
