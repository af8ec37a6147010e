package dev.jrtc.rtp.rtcp;

/** PLI: picture loss indication (RFC 4585 §6.3.1), PT=206 FMT=1, no FCI. */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {
    public static final int FMT = 1;

    @Override
    public int packetType() {
        return PSFB;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(FMT, PSFB);
        out.u32(senderSsrc);
        out.u32(mediaSsrc);
        out.end();
    }
}
