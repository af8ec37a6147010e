package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Generic NACK (RFC 4585 §6.2.1), PT=205 FMT=1: the sequence numbers a receiver is missing, carried as PID plus a
 * 16-bit bitmask of the following lost packets (BLP).
 */
public record GenericNack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers) implements RtcpPacket {
    public static final int FMT = 1;

    /** Keeps the numbers sorted and unique (in wrap-around order from the first), so equal sets compare equal. */
    public GenericNack {
        lostSequenceNumbers = List.copyOf(new TreeSet<>(lostSequenceNumbers));
        for (int s : lostSequenceNumbers) {
            if (s < 0 || s > 0xFFFF) throw new IllegalArgumentException("sequence number out of range: " + s);
        }
    }

    static GenericNack read(RtcpIn in) throws RtcpFormatException {
        long sender = in.u32("NACK sender SSRC");
        long media = in.u32("NACK media SSRC");
        if (in.remaining() == 0) throw new RtcpFormatException("NACK without any FCI entry");
        List<Integer> lost = new ArrayList<>();
        while (in.remaining() > 0) {
            int pid = in.u16("NACK PID");
            int blp = in.u16("NACK BLP");
            lost.add(pid);
            for (int i = 0; i < 16; i++) {
                if ((blp & (1 << i)) != 0) lost.add((pid + i + 1) & 0xFFFF);
            }
        }
        return new GenericNack(sender, media, lost);
    }

    @Override
    public int packetType() {
        return RTPFB;
    }

    @Override
    public void writeTo(RtcpOut out) {
        out.begin(FMT, RTPFB);
        out.u32(senderSsrc);
        out.u32(mediaSsrc);
        List<Integer> s = lostSequenceNumbers;
        int i = 0;
        while (i < s.size()) {
            int pid = s.get(i++);
            int blp = 0;
            while (i < s.size() && s.get(i) - pid <= 16) {
                blp |= 1 << (s.get(i) - pid - 1);
                i++;
            }
            out.u16(pid);
            out.u16(blp);
        }
        out.end();
    }
}
