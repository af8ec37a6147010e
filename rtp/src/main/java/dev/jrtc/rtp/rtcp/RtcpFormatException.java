package dev.jrtc.rtp.rtcp;

/** Why a packet inside an RTCP compound is malformed; caught by {@link RtcpCompound#parse} and never thrown out. */
final class RtcpFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    RtcpFormatException(String reason) {
        super(reason, null, false, false);
    }
}
