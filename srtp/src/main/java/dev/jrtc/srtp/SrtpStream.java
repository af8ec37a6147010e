package dev.jrtc.srtp;

/**
 * The cryptographic state of one SSRC in one direction (RFC 3711 §3.2.1): the highest packet index (ROC and
 * s_l), the replay lists for SRTP and SRTCP, and the SRTCP index this side sends with.
 */
final class SrtpStream {
    private long highestIndex = -1;
    private final ReplayWindow rtpReplay;
    private final ReplayWindow rtcpReplay;
    private int nextSrtcpIndex;

    SrtpStream(int replayWindowSize) {
        rtpReplay = new ReplayWindow(replayWindowSize);
        rtcpReplay = new ReplayWindow(replayWindowSize);
    }

    /**
     * The packet index of sequence number {@code seq} (RFC 3711 §3.3.1 and Appendix A), or -1 when it would lie
     * before the stream's first packet. Before any packet the ROC is 0.
     */
    long estimateIndex(int seq) {
        if (highestIndex < 0) {
            return seq;
        }
        long roc = highestIndex >>> 16;
        int sl = (int) (highestIndex & 0xFFFF);
        long v;
        if (sl < 32768) {
            v = seq - sl > 32768 ? roc - 1 : roc;
        } else {
            v = sl - 32768 > seq ? roc + 1 : roc;
        }
        return v < 0 ? -1 : (v << 16) | seq;
    }

    /** Moves ROC and s_l forward after {@code index} was authenticated (or sent). */
    void update(long index) {
        if (index > highestIndex) {
            highestIndex = index;
        }
    }

    ReplayWindow rtpReplay() {
        return rtpReplay;
    }

    ReplayWindow rtcpReplay() {
        return rtcpReplay;
    }

    /** The SRTCP index for the next packet sent, 31 bits, wrapping (re-keying is the application's job). */
    int takeSrtcpIndex() {
        int i = nextSrtcpIndex;
        nextSrtcpIndex = (nextSrtcpIndex + 1) & 0x7FFFFFFF;
        return i;
    }
}
