package dev.jrtc.peerconnection;

import dev.jrtc.rtp.rtcp.FullIntraRequest;
import dev.jrtc.rtp.rtcp.GenericNack;
import dev.jrtc.rtp.rtcp.OpaqueBytes;
import dev.jrtc.rtp.rtcp.PictureLossIndication;
import dev.jrtc.rtp.rtcp.ReceiverReport;
import dev.jrtc.rtp.rtcp.ReportBlock;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpPacket;
import dev.jrtc.rtp.rtcp.RtcpParseResult;
import dev.jrtc.rtp.rtcp.SenderReport;
import dev.jrtc.rtp.rtcp.SourceDescription;
import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RTCP for a connection's RTP streams (RFC 3550 §6.4, RFC 4585 §6.3): periodic sender and receiver reports with
 * the SDES CNAME, picture loss indications on request, and what the peer's reports and feedback say (its SRs for
 * our DLSR, its report blocks about our streams for loss and round-trip time, PLI/FIR for a key frame).
 *
 * <p>Event loop only.
 */
final class RtcpReporter {
    /** Seconds between 1900 (NTP epoch) and 1970 (RFC 868). */
    private static final long NTP_EPOCH_OFFSET = 2_208_988_800L;

    /** The last SR from a remote source: the middle 32 bits of its NTP time and when it arrived (RFC 3550 §6.4.1). */
    private record LastSenderReport(long ntpMiddle, long arrivedNanos) {}

    /** What the peer last reported about one of our streams. */
    record RemoteReport(ReportBlock block, double roundTripTimeSeconds, long receivedMillis) {}

    private final String cname;
    private final long localSsrc;
    private final Map<Long, LastSenderReport> lastSenderReports = new HashMap<>();
    private final Map<Long, RemoteReport> remoteReports = new HashMap<>();
    long reportsSent;
    long packetsReceived;
    long malformed;
    long nacksReceived;
    /** NACKs and transport-wide feedback from the last {@link #handle}, for the senders to act on. */
    final List<RtcpPacket> feedback = new ArrayList<>();

    RtcpReporter(String cname, long localSsrc) {
        this.cname = cname;
        this.localSsrc = localSsrc;
    }

    /** NTP time (RFC 5905 §6) for a wall-clock time in milliseconds. */
    static long ntp(long wallMillis) {
        long seconds = wallMillis / 1000 + NTP_EPOCH_OFFSET;
        long fraction = ((wallMillis % 1000) << 32) / 1000;
        return (seconds << 32) | fraction;
    }

    /**
     * A compound report (RFC 3550 §6.1): an SR per sending stream (the first carries the report blocks) or one RR,
     * then SDES with the CNAME; null when there is nothing to report on.
     */
    byte[] report(List<RtpTransceiver> transceivers, long nowNanos, long wallMillis) {
        List<RtpSender> sending = new ArrayList<>();
        List<ReportBlock> blocks = new ArrayList<>();
        for (RtpTransceiver t : transceivers) {
            RtpSender s = t.sender();
            if (s.packetsSent.get() > 0) sending.add(s);
            RtpReceiver r = t.receiver();
            if (r.ssrc >= 0 && blocks.size() < 31) blocks.add(block(r, nowNanos));
        }
        if (sending.isEmpty() && blocks.isEmpty()) return null;
        List<RtcpPacket> packets = new ArrayList<>();
        long ntp = ntp(wallMillis);
        List<SourceDescription.Chunk> chunks = new ArrayList<>();
        if (sending.isEmpty()) {
            packets.add(new ReceiverReport(localSsrc, blocks, OpaqueBytes.of()));
            chunks.add(new SourceDescription.Chunk(localSsrc, List.of(SourceDescription.Item.cname(cname))));
        } else {
            for (int i = 0; i < sending.size(); i++) {
                RtpSender s = sending.get(i);
                packets.add(new SenderReport(s.ssrc(), ntp, s.rtpTimestampAt(nowNanos), s.packetsSent.get() & 0xFFFFFFFFL,
                        s.payloadBytesSent() & 0xFFFFFFFFL, i == 0 ? blocks : List.of(), OpaqueBytes.of()));
                if (chunks.size() < 31) chunks.add(new SourceDescription.Chunk(s.ssrc(), List.of(SourceDescription.Item.cname(cname))));
            }
        }
        packets.add(new SourceDescription(chunks));
        reportsSent++;
        return RtcpCompound.serialize(packets);
    }

    /** A PLI for the peer's stream {@code mediaSsrc} (RFC 4585 §6.3.1), after an empty RR as RFC 3550 §6.1 asks. */
    byte[] pictureLossIndication(long mediaSsrc) {
        return RtcpCompound.serialize(List.of(new ReceiverReport(localSsrc, List.of(), OpaqueBytes.of()),
                new PictureLossIndication(localSsrc, mediaSsrc)));
    }

    private ReportBlock block(RtpReceiver r, long nowNanos) {
        long expected = r.expected();
        long expectedInterval = expected - r.expectedPrior;
        long receivedInterval = r.packetsReceived - r.receivedPrior;
        r.expectedPrior = expected;
        r.receivedPrior = r.packetsReceived;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long lost = Math.min(0x7FFFFF, r.packetsLost());
        LastSenderReport sr = lastSenderReports.get(r.ssrc);
        long lsr = sr == null ? 0 : sr.ntpMiddle;
        long dlsr = sr == null ? 0 : ((nowNanos - sr.arrivedNanos) * 65536L) / 1_000_000_000L;
        return new ReportBlock(r.ssrc, fraction, (int) lost, r.extendedHighestSequence() & 0xFFFFFFFFL, 0, lsr,
                dlsr & 0xFFFFFFFFL);
    }

    /**
     * A compound RTCP packet from the peer (SRTCP removed): remembers SRs, reads report blocks about our streams,
     * and returns the SSRCs of ours the peer asked a key frame for (PLI, FIR). Malformed packets are counted.
     */
    List<Long> handle(byte[] packet, int length, long nowNanos, long wallMillis) {
        packetsReceived++;
        RtcpParseResult parsed = RtcpCompound.parse(packet, 0, length);
        if (!parsed.isOk()) {
            malformed++;
            return List.of();
        }
        List<Long> keyFrames = new ArrayList<>(0);
        feedback.clear();
        for (RtcpPacket p : parsed.packets()) {
            if (p instanceof SenderReport sr) {
                lastSenderReports.put(sr.ssrc(), new LastSenderReport((sr.ntpTimestamp() >>> 16) & 0xFFFFFFFFL, nowNanos));
                reportBlocks(sr.reports(), wallMillis);
            } else if (p instanceof ReceiverReport rr) {
                reportBlocks(rr.reports(), wallMillis);
            } else if (p instanceof PictureLossIndication pli) {
                keyFrames.add(pli.mediaSsrc());
            } else if (p instanceof FullIntraRequest fir) {
                for (FullIntraRequest.Entry e : fir.entries()) keyFrames.add(e.ssrc());
            } else if (p instanceof GenericNack) {
                nacksReceived++;
                feedback.add(p);
            } else if (p instanceof TransportWideFeedback) {
                feedback.add(p);
            }
        }
        return keyFrames;
    }

    private void reportBlocks(List<ReportBlock> blocks, long wallMillis) {
        long arrival = (ntp(wallMillis) >>> 16) & 0xFFFFFFFFL;
        for (ReportBlock b : blocks) {
            double rtt = b.lastSenderReport() == 0 ? -1
                    : roundTripSeconds(arrival, b.lastSenderReport(), b.delaySinceLastSenderReport());
            remoteReports.put(b.ssrc(), new RemoteReport(b, rtt, wallMillis));
        }
    }

    /**
     * RFC 3550 §6.4.1: round-trip time = A - LSR - DLSR, all in the middle 32 bits of NTP time (1/65536 s units);
     * -1 when the result is negative (clocks or a stale report).
     */
    static double roundTripSeconds(long arrivalMiddle, long lastSenderReport, long delaySinceLastSenderReport) {
        long units = (arrivalMiddle - lastSenderReport - delaySinceLastSenderReport) & 0xFFFFFFFFL;
        return units < 0x80000000L ? units / 65536.0 : -1;
    }

    /** The peer's last report on our stream {@code ssrc}, or null. */
    RemoteReport remoteReport(long ssrc) {
        return remoteReports.get(ssrc);
    }
}
