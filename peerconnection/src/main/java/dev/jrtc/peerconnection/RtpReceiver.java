package dev.jrtc.peerconnection;

/** RTCRtpReceiver (W3C webrtc §5.3): the remote track of a transceiver and what arrived for it (RFC 3550 §6.4.1). */
public final class RtpReceiver {
    private final MediaStreamTrack track;
    // Event loop only; getStats reads them there.
    long ssrc = -1;
    long packetsReceived;
    long bytesReceived;
    long headerBytesReceived;
    int highestSequence = -1;
    long cycles;
    long baseSequence = -1;

    RtpReceiver(MediaStreamTrack track) {
        this.track = track;
    }

    /** The track the peer's packets are delivered to. */
    public MediaStreamTrack track() {
        return track;
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
        long expected = cycles + highestSequence - baseSequence + 1;
        return Math.max(0, expected - packetsReceived);
    }
}
