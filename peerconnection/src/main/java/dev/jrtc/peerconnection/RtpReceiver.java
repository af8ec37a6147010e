package dev.jrtc.peerconnection;

import dev.jrtc.rtp.stream.NackGenerator;

/** RTCRtpReceiver (W3C webrtc §5.3): the remote track of a transceiver and what arrived for it (RFC 3550 §6.4.1). */
public final class RtpReceiver {
    private final MediaStreamTrack track;
    private volatile Runnable keyFrameRequester;
    // Event loop only; getStats reads them there.
    long ssrc = -1;
    long packetsReceived;
    long bytesReceived;
    long headerBytesReceived;
    int highestSequence = -1;
    long cycles;
    long baseSequence = -1;
    long expectedPrior;
    long receivedPrior;
    // Event loop only: generic NACK (RFC 4585 §6.2.1) when negotiated, and its counters for getStats.
    boolean nackEnabled;
    NackGenerator nacks;
    long nacksSent;
    long retransmittedPacketsReceived;
    long retransmittedBytesReceived;
    long duplicatesDropped;
    long nacksGivenUpSeen;
    long lastKeyFrameRequestNanos = Long.MIN_VALUE / 2;
    long pliSent;

    RtpReceiver(MediaStreamTrack track) {
        this.track = track;
    }

    /** The track the peer's packets are delivered to. */
    public MediaStreamTrack track() {
        return track;
    }

    /**
     * Asks the peer for a key frame of this stream with an RTCP PLI (RFC 4585 §6.3.1), e.g. when a decoder starts;
     * ignored until the stream's first packet arrived.
     */
    public void requestKeyFrame() {
        Runnable r = keyFrameRequester;
        if (r != null) r.run();
    }

    void keyFrameRequester(Runnable r) {
        keyFrameRequester = r;
    }

    /** The extended highest sequence number received (RFC 3550 §6.4.1). */
    long extendedHighestSequence() {
        return highestSequence < 0 ? 0 : cycles + highestSequence;
    }

    /** Packets expected so far (RFC 3550 A.3). */
    long expected() {
        return baseSequence < 0 ? 0 : extendedHighestSequence() - baseSequence + 1;
    }

    /** Counts a packet and tracks the extended highest sequence number (RFC 3550 A.1, without probation). */
    void count(int sequence, int headerLength, int length) {
        packetsReceived++;
        headerBytesReceived += headerLength;
        bytesReceived += length - headerLength;
        if (highestSequence < 0) {
            highestSequence = sequence;
            baseSequence = sequence;
        } else {
            int delta = (sequence - highestSequence) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                if (sequence < highestSequence) cycles += 0x10000;
                highestSequence = sequence;
            }
        }
    }

    /** Packets expected minus received (RFC 3550 A.3), never negative. */
    long packetsLost() {
        if (baseSequence < 0) return 0;
        return Math.max(0, expected() - packetsReceived);
    }
}
