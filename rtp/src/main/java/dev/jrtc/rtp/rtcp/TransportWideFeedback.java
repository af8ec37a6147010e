package dev.jrtc.rtp.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1),
 * PT=205 FMT=15: for each packet from the base sequence number on, whether it arrived and, if so, its arrival
 * delta in 250 µs ticks.
 *
 * <pre>
 * | sender SSRC | media SSRC | base sequence (16) | packet status count (16) | reference time (24) | fb pkt count (8)
 * | packet chunks (16 bits each) ... | recv deltas (8 or 16 bits each) ... | padding
 *   run length chunk:    0 | S (2) | run length (13)
 *   status vector chunk: 1 | 0 | 14 one-bit symbols   or   1 | 1 | 7 two-bit symbols
 *   symbols: 0 not received, 1 received with a small delta (u8), 2 received with a large delta (s16)
 * </pre>
 *
 * @param statuses  one symbol per packet ({@link #NOT_RECEIVED}, {@link #SMALL_DELTA}, {@link #LARGE_DELTA})
 * @param deltas    the receive deltas of the received packets, in order, in 250 µs ticks
 * @param referenceTime signed 24-bit reference time in 64 ms units
 */
public record TransportWideFeedback(long senderSsrc, long mediaSsrc, int baseSequence, int referenceTime,
                                    int feedbackPacketCount, List<Integer> statuses, List<Integer> deltas)
        implements RtcpPacket {
    public static final int FMT = 15;
    public static final int NOT_RECEIVED = 0;
    public static final int SMALL_DELTA = 1;
    public static final int LARGE_DELTA = 2;

    public TransportWideFeedback {
        statuses = List.copyOf(statuses);
        deltas = List.copyOf(deltas);
        int received = 0;
        for (int i = 0; i < statuses.size(); i++) {
            int s = statuses.get(i);
            if (s < 0 || s > 2) throw new IllegalArgumentException("status symbol must be 0, 1 or 2: " + s);
            if (s != NOT_RECEIVED) {
                if (received >= deltas.size()) throw new IllegalArgumentException("fewer deltas than received packets");
                int d = deltas.get(received++);
                if (s == SMALL_DELTA && (d < 0 || d > 255)) throw new IllegalArgumentException("small delta out of 0..255: " + d);
                if (s == LARGE_DELTA && (d < Short.MIN_VALUE || d > Short.MAX_VALUE)) {
                    throw new IllegalArgumentException("large delta out of 16-bit range: " + d);
                }
            }
        }
        if (received != deltas.size()) throw new IllegalArgumentException("more deltas than received packets");
        if (statuses.size() > 0xFFFF) throw new IllegalArgumentException("too many packets: " + statuses.size());
    }

    static TransportWideFeedback read(RtcpIn in) throws RtcpFormatException {
        long sender = in.u32("TWCC sender SSRC");
        long media = in.u32("TWCC media SSRC");
        int base = in.u16("base sequence number");
        int count = in.u16("packet status count");
        int reference = in.u24("reference time");
        reference = (reference << 8) >> 8;
        int fbCount = in.u8("feedback packet count");
        List<Integer> statuses = new ArrayList<>(count);
        while (statuses.size() < count) {
            int chunk = in.u16("packet chunk");
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >>> 13) & 0x3;
                int run = chunk & 0x1FFF;
                if (symbol == 3) throw new RtcpFormatException("reserved status symbol 3 in a run length chunk");
                if (run == 0) throw new RtcpFormatException("run length chunk of zero packets");
                for (int i = 0; i < run && statuses.size() < count; i++) statuses.add(symbol);
            } else if ((chunk & 0x4000) == 0) {
                for (int i = 13; i >= 0 && statuses.size() < count; i--) statuses.add((chunk >>> i) & 1);
            } else {
                for (int i = 6; i >= 0 && statuses.size() < count; i--) {
                    int symbol = (chunk >>> (2 * i)) & 0x3;
                    if (symbol == 3) throw new RtcpFormatException("reserved status symbol 3 in a status vector");
                    statuses.add(symbol);
                }
            }
        }
        List<Integer> deltas = new ArrayList<>();
        for (int s : statuses) {
            if (s == SMALL_DELTA) deltas.add(in.u8("small receive delta"));
            else if (s == LARGE_DELTA) deltas.add((int) (short) in.u16("large receive delta"));
        }
        // Whatever follows is padding to a 32-bit boundary.
        return new TransportWideFeedback(sender, media, base, reference, fbCount, statuses, deltas);
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
        out.u16(baseSequence);
        out.u16(statuses.size());
        out.u24(referenceTime & 0xFFFFFF);
        out.u8(feedbackPacketCount);
        int i = 0;
        int n = statuses.size();
        while (i < n) {
            int run = 1;
            while (i + run < n && run < 0x1FFF && statuses.get(i + run).equals(statuses.get(i))) run++;
            if (run >= 14 || i + run == n) {
                out.u16((statuses.get(i) << 13) | run);
                i += run;
            } else if (onlyZeroOrOne(i, Math.min(n, i + 14))) {
                int chunk = 0x8000;
                for (int k = 0; k < 14; k++) chunk |= (i + k < n ? statuses.get(i + k) : 0) << (13 - k);
                out.u16(chunk);
                i += 14;
            } else {
                int chunk = 0xC000;
                for (int k = 0; k < 7; k++) chunk |= (i + k < n ? statuses.get(i + k) : 0) << (2 * (6 - k));
                out.u16(chunk);
                i += 7;
            }
        }
        int d = 0;
        for (int s : statuses) {
            if (s == SMALL_DELTA) out.u8(deltas.get(d++));
            else if (s == LARGE_DELTA) out.u16(deltas.get(d++) & 0xFFFF);
        }
        out.end();
    }

    private boolean onlyZeroOrOne(int from, int to) {
        for (int k = from; k < to; k++) if (statuses.get(k) > 1) return false;
        return true;
    }
}
