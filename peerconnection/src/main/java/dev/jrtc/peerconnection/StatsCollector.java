package dev.jrtc.peerconnection;

import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.CandidatePair;
import dev.jrtc.sctp.datachannel.DataChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the getStats() report (W3C webrtc-stats §3, §7) on the event loop, with W3C ids and member names:
 * peer-connection, transport, candidate-pair, local-candidate, remote-candidate, inbound-rtp, outbound-rtp and
 * data-channel.
 */
final class StatsCollector {
    private static final String TRANSPORT_ID = "T01";

    private StatsCollector() {}

    static RtcStatsReport collect(PeerConnection pc, BundleTransport t, MediaRouter media,
                                  List<RtpTransceiver> transceivers, List<RtcDataChannel> channels) {
        long ts = pc.wallClockMillis() * 1000;
        Map<String, RtcStats> out = new HashMap<>();
        put(out, new RtcStats("P", "peer-connection", ts, Map.of(
                "dataChannelsOpened", pc.channels().dataChannelsOpened(),
                "dataChannelsClosed", pc.channels().dataChannelsClosed())));

        CandidatePair selected = t.selectedPair();
        Map<String, Object> transport = new HashMap<>();
        transport.put("bytesSent", t.bytesSent);
        transport.put("bytesReceived", t.bytesReceived);
        transport.put("packetsSent", t.packetsSent);
        transport.put("packetsReceived", t.packetsReceived);
        transport.put("dtlsState", t.dtlsState().name().toLowerCase(Locale.ROOT));
        transport.put("iceState", t.iceState().name().toLowerCase(Locale.ROOT));
        if (t.iceRole() != null) transport.put("iceRole", t.iceRole().name().toLowerCase(Locale.ROOT));
        if (t.dtlsRole() != null) transport.put("dtlsRole", t.dtlsRole().name().toLowerCase(Locale.ROOT));
        if (t.dtlsCipher() != null) transport.put("dtlsCipher", t.dtlsCipher());
        if (t.srtpCipher() != null) transport.put("srtpCipher", t.srtpCipher());
        if (selected != null) transport.put("selectedCandidatePairId", pairId(selected));
        transport.put("iceLocalUsernameFragment", t.localCredentials().ufrag());
        // Bad input is dropped and counted (DESIGN.md rule 7); these members are jrtc's own, not W3C's.
        transport.put("jrtcDatagramsFiltered", t.filteredDatagrams);
        transport.put("jrtcRemoteCandidatesFiltered", pc.remoteCandidatesFiltered());
        transport.put("jrtcIceDropped", t.iceDropped());
        transport.put("jrtcDtlsDropped", t.dtlsDroppedTotal());
        transport.put("jrtcSrtpDropped", t.rtpDropped);
        transport.put("jrtcSctpDropped", t.sctpDropped());
        transport.put("jrtcIceCandidatesDropped", t.iceCandidatesDropped());
        transport.put("jrtcIcePairsPruned", t.icePairsPruned());
        transport.put("jrtcSrtpKeyExhausted", t.srtpKeyExhausted());
        transport.put("jrtcSinglePortForgedRequests", pc.io().singlePortForgedRequests());
        transport.put("jrtcMdnsResolved", t.mdnsResolved);
        transport.put("jrtcMdnsUnresolved", t.mdnsUnresolved);
        transport.put("jrtcMdnsLookupsOverLimit", t.mdnsLookupsOverLimit);
        transport.put("jrtcMdnsFiltered", t.mdnsFiltered);
        transport.put("jrtcMdnsHiddenCandidatesDropped", t.mdnsHiddenDropped());
        transport.put("jrtcRtpUnroutable", media.rtpUnroutable);
        transport.put("jrtcRtxReceived", media.rtxReceived);
        transport.put("jrtcRtcpReceived", media.rtcpReceived);
        transport.put("jrtcRtpImpairedOutgoing", media.impairedOutgoing);
        transport.put("jrtcRtpImpairedIncoming", media.impairedIncoming);
        transport.put("jrtcTransportFeedbackSent", media.transportFeedbackSent());
        // Bounds against floods and slow listeners: what was dropped or refused instead of queued without end.
        transport.put("jrtcRtcpUnknownSsrc", pc.rtcpReporter().unknownSsrcs);
        transport.put("jrtcRtpDeliveryDropped", media.rtpDeliveryDropped);
        transport.put("jrtcDatagramsQueueDropped", pc.io().inboundDropped());
        transport.put("jrtcSctpReceiveWindowDrops", t.sctpReceiveWindowDrops());
        transport.put("jrtcDataChannelSendsRefused", pc.channels().sendsRefused());
        transport.put("jrtcDataChannelSendsDropped", pc.channels().sendsDropped());
        transport.put("jrtcReceiveBacklog", pc.channels().receiveBacklog());
        put(out, new RtcStats(TRANSPORT_ID, "transport", ts, transport));

        for (CandidatePair p : t.checkList()) {
            Map<String, Object> m = new HashMap<>();
            m.put("transportId", TRANSPORT_ID);
            m.put("localCandidateId", candidateId(p.local()));
            m.put("remoteCandidateId", candidateId(p.remote()));
            m.put("state", p.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("nominated", p.isNominated());
            m.put("priority", p.priority());
            if (p == selected) {
                m.put("bytesSent", t.bytesSent);
                m.put("bytesReceived", t.bytesReceived);
                long available = media.availableOutgoingBitrate();
                if (available >= 0) m.put("availableOutgoingBitrate", (double) available);
            }
            put(out, new RtcStats(pairId(p), "candidate-pair", ts, m));
            put(out, candidate(p.local(), "local-candidate", ts));
            put(out, candidate(p.remote(), "remote-candidate", ts));
        }

        for (RtpTransceiver tr : transceivers) {
            RtpSender s = tr.sender();
            if (s.payloadType() >= 0 && s.packetsSent.get() + s.packetsDropped.get() > 0) {
                Map<String, Object> m = new HashMap<>();
                m.put("ssrc", s.ssrc());
                m.put("kind", tr.kind());
                m.put("transportId", TRANSPORT_ID);
                if (tr.mid() != null) m.put("mid", tr.mid());
                m.put("payloadType", s.payloadType());
                m.put("packetsSent", s.packetsSent.get());
                m.put("bytesSent", s.bytesSent.get());
                m.put("packetsDiscardedOnSend", s.packetsDropped.get());
                m.put("pliCount", s.keyFrameRequests.get());
                m.put("nackCount", s.nacksReceived);
                m.put("retransmittedPacketsSent", s.retransmittedPacketsSent);
                m.put("retransmittedBytesSent", s.retransmittedBytesSent);
                String outboundId = "OT01" + kindLetter(tr.kind()) + s.ssrc();
                put(out, new RtcStats(outboundId, "outbound-rtp", ts, m));
                RtcpReporter.RemoteReport report = pc.rtcpReporter().remoteReport(s.ssrc());
                if (report != null) {
                    Map<String, Object> ri = new HashMap<>();
                    ri.put("ssrc", s.ssrc());
                    ri.put("kind", tr.kind());
                    ri.put("transportId", TRANSPORT_ID);
                    ri.put("localId", outboundId);
                    ri.put("packetsLost", (long) report.block().cumulativeLost());
                    ri.put("fractionLost", report.block().fractionLost() / 256.0);
                    if (report.roundTripTimeSeconds() >= 0) ri.put("roundTripTime", report.roundTripTimeSeconds());
                    put(out, new RtcStats("RI01" + kindLetter(tr.kind()) + s.ssrc(), "remote-inbound-rtp", ts, ri));
                }
            }
            for (RtpReceiver r : tr.receiver().streams()) {
                if (r.ssrc < 0) continue;
                Map<String, Object> m = new HashMap<>();
                m.put("ssrc", r.ssrc);
                m.put("kind", tr.kind());
                m.put("transportId", TRANSPORT_ID);
                if (tr.mid() != null) m.put("mid", tr.mid());
                m.put("trackIdentifier", r.track().id());
                m.put("packetsReceived", r.packetsReceived);
                m.put("bytesReceived", r.bytesReceived);
                m.put("headerBytesReceived", r.headerBytesReceived);
                m.put("packetsLost", r.packetsLost());
                m.put("nackCount", r.nacksSent);
                m.put("retransmittedPacketsReceived", r.retransmittedPacketsReceived);
                m.put("retransmittedBytesReceived", r.retransmittedBytesReceived);
                m.put("pliCount", r.pliSent);
                if (r.layerRid() != null) m.put("rid", r.layerRid());
                put(out, new RtcStats("IT01" + kindLetter(tr.kind()) + r.ssrc, "inbound-rtp", ts, m));
            }
        }

        for (RtcDataChannel c : channels) {
            DataChannel h = c.channel();
            Map<String, Object> m = new HashMap<>();
            m.put("label", c.label());
            m.put("protocol", c.protocol());
            if (c.id() != null) m.put("dataChannelIdentifier", c.id());
            m.put("state", c.readyState().name().toLowerCase(Locale.ROOT));
            m.put("messagesSent", h == null ? 0L : h.messagesSent());
            m.put("bytesSent", h == null ? 0L : h.bytesSent());
            m.put("messagesReceived", h == null ? 0L : h.messagesReceived());
            m.put("bytesReceived", h == null ? 0L : h.bytesReceived());
            put(out, new RtcStats("D" + (c.id() == null ? "-" + System.identityHashCode(c) : c.id()), "data-channel", ts, m));
        }
        return new RtcStatsReport(out);
    }

    private static void put(Map<String, RtcStats> out, RtcStats s) {
        out.put(s.id(), s);
    }

    private static String kindLetter(String kind) {
        return kind.equals("audio") ? "A" : "V";
    }

    private static String candidateId(Candidate c) {
        return "I" + Integer.toHexString((c.address().toString() + c.type()).hashCode());
    }

    private static String pairId(CandidatePair p) {
        return "CP" + candidateId(p.local()).substring(1) + "_" + candidateId(p.remote()).substring(1);
    }

    private static RtcStats candidate(Candidate c, String type, long ts) {
        Map<String, Object> m = new HashMap<>();
        m.put("transportId", TRANSPORT_ID);
        m.put("address", c.address().isUnresolved() ? c.address().getHostString() : c.address().getAddress().getHostAddress());
        m.put("port", c.address().getPort());
        m.put("protocol", "udp");
        m.put("candidateType", c.type().sdpName());
        m.put("priority", c.priority());
        m.put("foundation", c.foundation());
        return new RtcStats(candidateId(c), type, ts, m);
    }
}
