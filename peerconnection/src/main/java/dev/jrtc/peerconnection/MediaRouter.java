package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.RtpMap;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.Ssrc;
import dev.jrtc.peerconnection.sdp.SsrcGroup;
import dev.jrtc.rtp.RtpHeader;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Routes a connection's RTP and RTCP between its transceivers and the bundle transport: received packets go to the
 * receiver whose SSRC the remote description announced (RFC 8843 §9.2), else to the first receiving transceiver
 * whose payload types match; sent packets get the sender's SSRC and payload type; RTCP reports go out once a second
 * and feedback comes back to the senders (RFC 3550 §6, RFC 4585 §6.3).
 *
 * <p>Event loop only, except {@link #send}, which any thread may call.
 */
final class MediaRouter {
    private final BundleTransport transport;
    private final List<RtpTransceiver> transceivers;
    private final EventLoop loop;
    private final Consumer<Runnable> onLoop;
    private final Executor events;
    private final RtcpReporter rtcp;
    private final Map<Long, RtpTransceiver> bySsrc = new HashMap<>();
    private final Set<Long> rtxSsrcs = new HashSet<>();
    private final Map<String, List<Integer>> payloadTypesByMid = new HashMap<>();
    private ScheduledFuture<?> reportTimer;
    long rtcpReceived;
    long rtxReceived;
    long rtpUnroutable;

    /**
     * @param onLoop runs a task on the connection's event loop (at once when already there)
     * @param events runs application callbacks in the connection's order, off the loop
     */
    MediaRouter(BundleTransport transport, List<RtpTransceiver> transceivers, EventLoop loop, Consumer<Runnable> onLoop,
                Executor events, String cname, long localSsrc) {
        this.transport = transport;
        this.transceivers = transceivers;
        this.loop = loop;
        this.onLoop = onLoop;
        this.events = events;
        this.rtcp = new RtcpReporter(cname, localSsrc);
    }

    RtcpReporter reporter() {
        return rtcp;
    }

    /** What a remote m-section says about the streams it sends to {@code t}: SSRCs, RTX SSRCs, payload types. */
    void learn(String mid, RtpTransceiver t, MediaDescription m) throws SdpParseException {
        List<Integer> pts = new ArrayList<>();
        for (RtpMap r : m.rtpMaps()) if (!r.encodingName().equalsIgnoreCase("rtx")) pts.add(r.payloadType());
        payloadTypesByMid.put(mid, pts);
        // RFC 4588 §8.6: the second SSRC of an FID group carries retransmissions (and Chrome's padding probes), not
        // media of its own.
        for (SsrcGroup g : m.ssrcGroups()) {
            if (g.semantics().equals("FID")) for (int i = 1; i < g.ssrcs().size(); i++) rtxSsrcs.add(g.ssrcs().get(i));
        }
        for (Ssrc s : m.ssrcs()) if (!rtxSsrcs.contains(s.ssrc())) bySsrc.put(s.ssrc(), t);
    }

    /** Starts the reports once SRTP is keyed and there is media (RFC 3550 §6.2 scaled to two parties, as browsers do). */
    void startReports() {
        if (reportTimer == null && transport.srtpReady() && !transceivers.isEmpty()) {
            reportTimer = loop.scheduleAtFixedRate(this::sendReports, 1, 1, TimeUnit.SECONDS);
        }
    }

    void stop() {
        if (reportTimer != null) reportTimer.cancel(false);
        reportTimer = null;
    }

    private void sendReports() {
        byte[] report = rtcp.report(transceivers, System.nanoTime(), System.currentTimeMillis());
        if (report != null) sendRtcp(report);
    }

    private void sendRtcp(byte[] compound) {
        byte[] buf = Arrays.copyOf(compound, compound.length + transport.srtpOverhead(true));
        transport.sendProtected(buf, compound.length, true);
    }

    /** From a sender, any thread: copy with room for the SRTP tag, stamp SSRC and payload type, send on the loop. */
    void send(RtpSender sender, byte[] packet, int off, int len, int payloadType) {
        byte[] buf = new byte[len + transport.srtpOverhead(false)];
        System.arraycopy(packet, off, buf, 0, len);
        buf[1] = (byte) ((buf[1] & 0x80) | (payloadType & 0x7F));
        long ssrc = sender.ssrc();
        buf[8] = (byte) (ssrc >>> 24);
        buf[9] = (byte) (ssrc >>> 16);
        buf[10] = (byte) (ssrc >>> 8);
        buf[11] = (byte) ssrc;
        int header = Math.max(RtpHeader.headerLength(buf, 0, len), RtpHeader.FIXED_LENGTH);
        long rtpTimestamp = RtpHeader.timestamp(buf, 0);
        onLoop.accept(() -> {
            if (transport.sendProtected(buf, len, false)) {
                sender.packetsSent.incrementAndGet();
                sender.bytesSent.addAndGet(len - header);
                sender.sent(rtpTimestamp, System.nanoTime());
                sender.markSent();
            } else {
                sender.packetsDropped.incrementAndGet();
            }
        });
    }

    /** An RTP packet with SRTP removed; the router owns {@code packet}. */
    void receiveRtp(byte[] packet, int length) {
        long ssrc = RtpHeader.ssrc(packet, 0);
        if (rtxSsrcs.contains(ssrc)) {
            rtxReceived++; // no NACK is sent, so nothing is retransmitted: these are padding probes
            return;
        }
        RtpTransceiver t = bySsrc.get(ssrc);
        if (t == null) t = learnByPayloadType(ssrc, RtpHeader.payloadType(packet, 0));
        int header = RtpHeader.headerLength(packet, 0, length);
        if (t == null || header < 0) {
            rtpUnroutable++;
            return;
        }
        RtpReceiver r = t.receiver();
        if (r.ssrc < 0) {
            r.ssrc = ssrc;
            r.keyFrameRequester(() -> onLoop.accept(() -> sendRtcp(rtcp.pictureLossIndication(ssrc))));
        }
        r.count(RtpHeader.sequenceNumber(packet, 0), header, length);
        byte[] copy = Arrays.copyOf(packet, length);
        MediaStreamTrack track = r.track();
        events.execute(() -> track.deliver(copy));
    }

    /** An unannounced SSRC: the first receiving transceiver without a stream yet whose payload types match. */
    private RtpTransceiver learnByPayloadType(long ssrc, int payloadType) {
        for (RtpTransceiver c : transceivers) {
            Direction d = c.currentDirection();
            List<Integer> pts = c.mid() == null ? null : payloadTypesByMid.get(c.mid());
            if (d != null && d.receives() && c.receiver().ssrc < 0 && pts != null && pts.contains(payloadType)) {
                bySsrc.put(ssrc, c);
                return c;
            }
        }
        return null;
    }

    /** An RTCP compound with SRTCP removed: reports are remembered, PLI/FIR reach the sender's listener. */
    void receiveRtcp(byte[] packet, int length) {
        rtcpReceived++;
        for (long ssrc : rtcp.handle(packet, length, System.nanoTime(), System.currentTimeMillis())) {
            for (RtpTransceiver t : transceivers) {
                RtpSender s = t.sender();
                if (s.ssrc() != ssrc) continue;
                s.keyFrameRequests.incrementAndGet();
                Runnable l = s.keyFrameListener();
                if (l != null) events.execute(l);
            }
        }
    }
}
