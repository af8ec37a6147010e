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
    /**
     * Received RTP packets that may wait for the callback thread: a listener slower than the stream loses the
     * newest packets (counted) rather than queueing them without end. RTP is real-time; late is as good as lost.
     */
    static final int MAX_PENDING_DELIVERIES = 1024;
    /** RTP packets written by the application that may wait for the loop; more are dropped and counted. */
    static final int MAX_QUEUED_SENDS = 4096;
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
    private final java.util.concurrent.atomic.AtomicInteger pendingDeliveries = new java.util.concurrent.atomic.AtomicInteger();
    private final org.jctools.queues.MpscArrayQueue<QueuedRtp> sends = new org.jctools.queues.MpscArrayQueue<>(MAX_QUEUED_SENDS);
    private final java.util.concurrent.atomic.AtomicBoolean sendDrainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    long rtcpReceived;
    long rtxReceived;
    long rtpUnroutable;
    /** Received RTP dropped because {@link #MAX_PENDING_DELIVERIES} packets already waited for the listener. */
    long rtpDeliveryDropped;

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

    private record QueuedRtp(RtpSender sender, byte[] buf, int len, int header, long rtpTimestamp) {}

    /**
     * From a sender, any thread: copy with room for the SRTP tag, stamp SSRC and payload type, send on the loop.
     * Packets wait in a bounded queue that one loop task drains; past {@link #MAX_QUEUED_SENDS} (an application
     * writing faster than the loop sends) they are dropped and counted in the sender's packetsDiscardedOnSend.
     */
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
        if (!sends.offer(new QueuedRtp(sender, buf, len, header, rtpTimestamp))) {
            sender.packetsDropped.incrementAndGet();
            return;
        }
        if (sendDrainScheduled.compareAndSet(false, true)) onLoop.accept(this::drainSends);
    }

    private void drainSends() {
        sendDrainScheduled.set(false);
        for (int n = 0; n < MAX_QUEUED_SENDS; n++) {
            QueuedRtp q = sends.poll();
            if (q == null) break;
            if (transport.sendProtected(q.buf(), q.len(), false)) {
                q.sender().packetsSent.incrementAndGet();
                q.sender().bytesSent.addAndGet(q.len() - q.header());
                q.sender().sent(q.rtpTimestamp(), System.nanoTime());
                q.sender().markSent();
            } else {
                q.sender().packetsDropped.incrementAndGet();
            }
        }
        if (!sends.isEmpty() && sendDrainScheduled.compareAndSet(false, true)) onLoop.accept(this::drainSends);
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
            // One PLI waiting for the loop stands for any number of requests (an application calling in a loop).
            java.util.concurrent.atomic.AtomicBoolean pliPending = new java.util.concurrent.atomic.AtomicBoolean();
            r.keyFrameRequester(() -> {
                if (pliPending.compareAndSet(false, true)) {
                    onLoop.accept(() -> {
                        pliPending.set(false);
                        sendRtcp(rtcp.pictureLossIndication(ssrc));
                    });
                }
            });
        }
        r.count(RtpHeader.sequenceNumber(packet, 0), header, length);
        if (pendingDeliveries.get() >= MAX_PENDING_DELIVERIES) {
            rtpDeliveryDropped++;
            return;
        }
        pendingDeliveries.incrementAndGet();
        byte[] copy = Arrays.copyOf(packet, length);
        MediaStreamTrack track = r.track();
        events.execute(() -> {
            try {
                track.deliver(copy);
            } finally {
                pendingDeliveries.decrementAndGet();
            }
        });
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
        for (long ssrc : rtcp.handle(packet, length, System.nanoTime(), System.currentTimeMillis(), this::isRemoteStream,
                this::isLocalStream)) {
            for (RtpTransceiver t : transceivers) {
                RtpSender s = t.sender();
                if (s.ssrc() != ssrc) continue;
                s.keyFrameRequests.incrementAndGet();
                Runnable l = s.keyFrameListener();
                // One request waiting for the listener stands for any number: a peer sending a PLI per packet
                // cannot queue events without end (an encoder sends one key frame for all of them anyway).
                if (l != null && s.keyFrameRequestPending.compareAndSet(false, true)) {
                    events.execute(() -> {
                        s.keyFrameRequestPending.set(false);
                        l.run();
                    });
                }
            }
        }
    }

    /** An SSRC the peer sends us that is routed to a receiver (RTCP about it is worth keeping). */
    private boolean isRemoteStream(long ssrc) {
        for (RtpTransceiver t : transceivers) if (t.receiver().ssrc == ssrc) return true;
        return false;
    }

    /** One of our senders' SSRCs (the peer's report blocks about it are worth keeping). */
    private boolean isLocalStream(long ssrc) {
        for (RtpTransceiver t : transceivers) if (t.sender().ssrc() == ssrc) return true;
        return false;
    }
}
