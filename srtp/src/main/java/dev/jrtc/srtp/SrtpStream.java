package dev.jrtc.srtp;

/**
 * The cryptographic state of one SSRC in one direction (RFC 3711 §3.2.1): the highest packet index (ROC and
 * s_l), the replay lists for SRTP and SRTCP, and the SRTCP index this side sends with.
 */
final class SrtpStream {
    /** The SRTP packet index is 48 bits, ROC and sequence number (RFC 3711 §3.3.1). */
    static final long MAX_RTP_INDEX = (1L << 48) - 1;
    /** The SRTCP index is 31 bits (RFC 3711 §3.4). */
    static final int MAX_SRTCP_INDEX = 0x7FFFFFFF;

    private long highestIndex = -1;
    private final ReplayWindow rtpReplay;
    private final ReplayWindow rtcpReplay;
    private int nextSrtcpIndex;
    private boolean srtcpExhausted;

    SrtpStream(int replayWindowSize) {
        rtpReplay = new ReplayWindow(replayWindowSize);
        rtcpReplay = new ReplayWindow(replayWindowSize);
    }

    /**
     * The packet index of sequence number {@code seq} (RFC 3711 §3.3.1 and Appendix A), or -1 when it would lie
     * before the stream's first packet. Before any packet the ROC is 0. May exceed {@link #MAX_RTP_INDEX} (the ROC
     * would wrap): callers refuse such an index.
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

    /**
     * The SRTCP index for the next packet sent, or -1 once all 2^31 were used: the index must not wrap under one
     * master key (RFC 3711 §3.3.1, §9.2).
     */
    int takeSrtcpIndex() {
        if (srtcpExhausted) {
            return -1;
        }
        int i = nextSrtcpIndex;
        if (i == MAX_SRTCP_INDEX) {
            srtcpExhausted = true;
        } else {
            nextSrtcpIndex = i + 1;
        }
        return i;
    }

    /** Test hook: continue as if {@code rtpIndex} had been sent last and {@code srtcpIndex} is the next SRTCP index. */
    void startAt(long rtpIndex, int srtcpIndex) {
        highestIndex = rtpIndex;
        nextSrtcpIndex = srtcpIndex;
    }
}
