package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.ExtMap;
import dev.jrtc.peerconnection.sdp.Fmtp;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.Rid;
import dev.jrtc.peerconnection.sdp.RtcpFb;
import dev.jrtc.peerconnection.sdp.RtpMap;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.Simulcast;
import dev.jrtc.peerconnection.sdp.Ssrc;
import dev.jrtc.peerconnection.sdp.SsrcGroup;
import dev.jrtc.rtp.RtpHeader;
import dev.jrtc.rtp.RtpHeaderExtensions;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import dev.jrtc.rtp.cc.CongestionController;
import dev.jrtc.rtp.cc.Pacer;
import dev.jrtc.rtp.cc.TransportFeedbackGenerator;
import dev.jrtc.rtp.cc.TransportSequenceStamper;
import dev.jrtc.rtp.rtcp.GenericNack;
import dev.jrtc.rtp.rtcp.OpaqueBytes;
import dev.jrtc.rtp.rtcp.ReceiverReport;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpPacket;
import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import dev.jrtc.rtp.stream.NackGenerator;
import dev.jrtc.rtp.stream.NackSettings;
import dev.jrtc.rtp.stream.Retransmitter;
import dev.jrtc.rtp.stream.RtxUnwrapper;
import dev.jrtc.rtp.stream.SendHistory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Routes a connection's RTP and RTCP between its transceivers and the bundle transport: received packets go to the
 * receiver whose SSRC the remote description announced (RFC 8843 §9.2), else to the first receiving transceiver
 * whose payload types match; sent packets get the sender's SSRC and payload type; RTCP reports go out once a second
 * and feedback comes back to the senders (RFC 3550 §6, RFC 4585 §6.3).
 *
 * <p>What the answer negotiates on top: generic NACK (RFC 4585 §6.2.1) makes receivers ask for missing packets and
 * senders answer from a send history, as RTX (RFC 4588) when an {@code apt} payload type and an FID group were
 * negotiated; RTX from the peer is unwrapped into its stream. Transport-wide congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) stamps every packet sent, sends feedback on what arrived, and
 * runs the send-side estimate (draft-ietf-rmcat-gcc-02) whose target paces what leaves and is reported to the
 * application.
 *
 * <p>Event loop only, except {@link #send} and the listener setters, which any thread may call.
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
    private final TimerQueue timers;
    private final java.util.function.LongSupplier clock;
    private final java.util.function.LongUnaryOperator wallClock;
    private final java.util.Random random;
    private final Consumer<Runnable> onLoop;
    private final Executor events;
    private final RtcpReporter rtcp;
    private final Map<Long, RtpTransceiver> bySsrc = new HashMap<>();
    /** Simulcast layers (RFC 8853) by SSRC, learned from the RtpStreamId header extension (RFC 8852). */
    private final Map<Long, RtpReceiver> layerBySsrc = new HashMap<>();
    /** BUNDLE-wide header extension ids (RFC 8285) of MID, RtpStreamId and RepairedRtpStreamId; -1 when not negotiated. */
    private int midExtensionId = -1;
    private int ridExtensionId = -1;
    private int repairedRidExtensionId = -1;
    /** Whether any transceiver receives simulcast: only then are unknown SSRCs looked at for a rid. */
    private boolean simulcastReceiving;
    private final RtpPacket view = new RtpPacket();
    private final Set<Long> rtxSsrcs = new HashSet<>();
    private final Map<String, List<Integer>> payloadTypesByMid = new HashMap<>();
    private TimerQueue.Periodic reportTimer;
    private final java.util.concurrent.atomic.AtomicInteger pendingDeliveries = new java.util.concurrent.atomic.AtomicInteger();
    private final org.jctools.queues.MpscArrayQueue<QueuedRtp> sends = new org.jctools.queues.MpscArrayQueue<>(MAX_QUEUED_SENDS);
    private final java.util.concurrent.atomic.AtomicBoolean sendDrainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** Received RTP dropped because {@link #MAX_PENDING_DELIVERIES} packets already waited for the listener. */
    long rtpDeliveryDropped;
    private final long localSsrc;
    long rtcpReceived;
    long rtxReceived;
    long rtpUnroutable;
    /** Packets an {@link RtpImpairment} dropped, each way. */
    long impairedOutgoing;
    long impairedIncoming;

    /** Feedback timers: NACK retries and transport-wide feedback are looked at this often. */
    private static final long FEEDBACK_TICK_NANOS = 20_000_000L;
    /** Transport-wide feedback interval (browsers send every 50 to 100 ms). */
    private static final long TWCC_INTERVAL_NANOS = 50_000_000L;
    /**
     * The pacer runs at this multiple of the target, as browsers' pacers do, so a frame is spread out but an encoder
     * at the target never waits behind its own previous frame.
     */
    private static final double PACING_FACTOR = 2.5;
    private static final long INITIAL_BITRATE = 300_000;
    private static final long MIN_BITRATE = 30_000;
    private static final long MAX_BITRATE = 20_000_000;
    private final RtxUnwrapper rtxUnwrapper = new RtxUnwrapper();
    private TimerQueue.Periodic feedbackTimer;
    private int transportCcExtensionId = -1;
    private TransportSequenceStamper stamper;
    private TransportFeedbackGenerator feedbackGenerator;
    private CongestionController congestion;
    private Pacer pacer;
    private TimerQueue.Entry pacerTimer;
    private long pacerTimerAt = Long.MAX_VALUE;
    private long lastReportedTarget = -1;
    private volatile LongConsumer onTargetBitrate;
    private volatile RtpImpairment outgoingImpairment = RtpImpairment.NONE;
    private volatile RtpImpairment incomingImpairment = RtpImpairment.NONE;

    /**
     * @param onLoop runs a task on the connection's event loop (at once when already there)
     * @param events runs application callbacks in the connection's order, off the loop
     */
    MediaRouter(BundleTransport transport, List<RtpTransceiver> transceivers, TimerQueue timers,
                java.util.function.LongSupplier clock, java.util.function.LongUnaryOperator wallClock,
                java.util.Random random, Consumer<Runnable> onLoop, Executor events, String cname, long localSsrc) {
        this.transport = transport;
        this.transceivers = transceivers;
        this.timers = timers;
        this.clock = clock;
        this.wallClock = wallClock;
        this.random = random;
        this.onLoop = onLoop;
        this.events = events;
        this.rtcp = new RtcpReporter(cname, localSsrc);
        this.localSsrc = localSsrc;
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
            if (!g.semantics().equals("FID")) continue;
            for (int i = 1; i < g.ssrcs().size(); i++) {
                rtxSsrcs.add(g.ssrcs().get(i));
                rtxUnwrapper.addStream(g.ssrcs().get(i), g.ssrcs().get(0));
            }
        }
        for (Ssrc s : m.ssrcs()) if (!rtxSsrcs.contains(s.ssrc())) bySsrc.put(s.ssrc(), t);
    }

    /**
     * What the answer's m-section {@code m} negotiated for {@code t} beyond the codec (RFC 4585 §4.2 rtcp-fb, RFC 4588
     * §8.6 apt, RFC 8285 extmap): NACK with or without RTX, and transport-wide congestion control.
     */
    void configure(RtpTransceiver t, MediaDescription m) throws SdpParseException {
        int pt = -1;
        for (String f : m.formats()) {
            RtpMap r = m.rtpMap(parseFormat(f)).orElse(null);
            if (r != null && !r.encodingName().equalsIgnoreCase("rtx")) {
                pt = r.payloadType();
                break;
            }
        }
        if (pt < 0) return;
        boolean nack = false;
        boolean transportCc = false;
        for (RtcpFb fb : m.rtcpFbs()) {
            if (!fb.payloadType().equals("*") && !fb.payloadType().equals(Integer.toString(pt))) continue;
            if (fb.type().equals("nack") && fb.parameter() == null) nack = true;
            if (fb.type().equals("transport-cc")) transportCc = true;
        }
        int rtxPt = -1;
        for (RtpMap r : m.rtpMaps()) {
            if (!r.encodingName().equalsIgnoreCase("rtx")) continue;
            Fmtp fmtp = m.fmtp(Integer.toString(r.payloadType())).orElse(null);
            String apt = fmtp == null ? null : fmtp.parameter("apt").orElse(null);
            int associated = apt == null ? -1 : parseFormat(apt);
            if (associated < 0 || associated > 127) continue;
            rtxUnwrapper.addPayloadType(r.payloadType(), associated);
            if (associated == pt) rtxPt = r.payloadType();
        }
        RtpSender s = t.sender();
        if (nack && s.retransmitter == null) {
            // Our FID group (and so an RTX SSRC) is only announced for video with an rtx format (MediaSections).
            boolean rtx = rtxPt >= 0 && t.kind().equals("video");
            s.history = SendHistory.defaults();
            s.retransmitter = new Retransmitter(s.history, rtx ? s.rtxSsrc() : -1,
                    random.nextInt(1 << 16), 2_000_000);
            if (rtx) s.retransmitter.mapPayloadType(pt, rtxPt);
        }
        t.receiver().nackEnabled = nack;
        configureSimulcast(t, m);
        if (transportCc && congestion == null) {
            for (ExtMap e : m.extMaps()) {
                if (e.uri().equals(ExtMap.TRANSPORT_WIDE_CC) && e.id() >= 1 && e.id() <= 14) {
                    enableTransportCc(e.id());
                    break;
                }
            }
        }
        if (nack || congestion != null) startFeedbackTimer();
    }

    /**
     * The simulcast layers this side receives on {@code t} (the answer's {@code a=rid:<id> recv} lines, RFC 8851,
     * that its {@code a=simulcast} lists, RFC 8853) and the header extensions that name them (RFC 8852, RFC 8843).
     */
    private void configureSimulcast(RtpTransceiver t, MediaDescription m) throws SdpParseException {
        for (ExtMap e : m.extMaps()) {
            if (e.uri().equals(ExtMap.SDES_MID)) midExtensionId = e.id();
            if (e.uri().equals(ExtMap.SDES_RID)) ridExtensionId = e.id();
            if (e.uri().equals(ExtMap.SDES_REPAIRED_RID)) repairedRidExtensionId = e.id();
        }
        List<String> rids = new ArrayList<>();
        Optional<Simulcast> simulcast = m.simulcastStreams();
        if (simulcast.isPresent() && ridExtensionId > 0) {
            List<String> listed = Simulcast.rids(simulcast.get().receive());
            for (Rid r : m.rids()) if (r.direction().equals("recv") && listed.contains(r.id())) rids.add(r.id());
        }
        t.receiver().simulcastLayers(rids);
        simulcastReceiving = false;
        for (RtpTransceiver c : transceivers) simulcastReceiving |= c.receiver().simulcast();
    }

    private static int parseFormat(String f) {
        try {
            return Integer.parseInt(f.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void enableTransportCc(int extensionId) {
        transportCcExtensionId = extensionId;
        stamper = new TransportSequenceStamper(extensionId, random.nextInt(1 << 16));
        feedbackGenerator = new TransportFeedbackGenerator(localSsrc, TWCC_INTERVAL_NANOS, 8192);
        congestion = new CongestionController(INITIAL_BITRATE, MIN_BITRATE, MAX_BITRATE);
        pacer = new Pacer(8192, (long) (INITIAL_BITRATE * PACING_FACTOR), 250_000_000L);
    }

    private void startFeedbackTimer() {
        if (feedbackTimer == null) {
            feedbackTimer = timers.every(clock.getAsLong() + FEEDBACK_TICK_NANOS, FEEDBACK_TICK_NANOS, this::feedbackTick);
        }
    }

    /** NACK retries for every stream, and transport-wide feedback when it is due. */
    private void feedbackTick() {
        if (!transport.srtpReady()) return;
        long now = clock.getAsLong();
        for (RtpTransceiver t : transceivers) {
            for (RtpReceiver r : t.receiver().streams()) {
                if (r.nacks != null && r.nacks.pollTimeout() <= now) pollNacks(r, now);
            }
        }
        if (feedbackGenerator != null && feedbackGenerator.pollTimeout() <= now) {
            feedbackGenerator.handleTimeout(now);
            for (TransportWideFeedback f; (f = feedbackGenerator.pollFeedback()) != null; ) {
                sendRtcp(RtcpCompound.serialize(List.of(f)));
            }
        }
    }

    private void pollNacks(RtpReceiver r, long now) {
        r.nacks.handleTimeout(now);
        for (GenericNack n; (n = r.nacks.pollNack()) != null; ) {
            r.nacksSent++;
            // An empty RR first, as RFC 3550 §6.1 wants a compound to begin (RFC 5506 would allow the NACK alone).
            sendRtcp(RtcpCompound.serialize(List.of(new ReceiverReport(localSsrc, List.of(), OpaqueBytes.of()), n)));
        }
        long givenUp = r.nacks.givenUp();
        if (givenUp > r.nacksGivenUpSeen) {
            r.nacksGivenUpSeen = givenUp;
            // A video packet NACK could not bring back leaves the decoder without a reference: ask for a key frame
            // (RFC 4585 §6.3.1), at most every half second.
            if (r.track().kind().equals("video") && now - r.lastKeyFrameRequestNanos >= 500_000_000L) {
                r.lastKeyFrameRequestNanos = now;
                r.pliSent++;
                sendRtcp(rtcp.pictureLossIndication(r.ssrc));
            }
        }
    }

    /** Called on the callback thread when the send-side estimate moves by 5% or more (bits per second). */
    void onTargetBitrate(LongConsumer listener) {
        onTargetBitrate = listener;
    }

    void setImpairments(RtpImpairment outgoing, RtpImpairment incoming) {
        outgoingImpairment = outgoing == null ? RtpImpairment.NONE : outgoing;
        incomingImpairment = incoming == null ? RtpImpairment.NONE : incoming;
    }

    /** Transport-wide feedback packets sent (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3). */
    long transportFeedbackSent() {
        return feedbackGenerator == null ? 0 : feedbackGenerator.feedbackSent();
    }

    /** The send-side estimate in bits per second, or -1 when transport-wide congestion control is not in use. */
    long availableOutgoingBitrate() {
        return congestion == null ? -1 : congestion.targetBitrate();
    }

    /** Starts the reports once SRTP is keyed and there is media (RFC 3550 §6.2 scaled to two parties, as browsers do). */
    void startReports() {
        if (reportTimer == null && transport.srtpReady() && !transceivers.isEmpty()) {
            reportTimer = timers.every(clock.getAsLong() + 1_000_000_000L, 1_000_000_000L, this::sendReports);
        }
    }

    void stop() {
        if (reportTimer != null) reportTimer.cancel();
        reportTimer = null;
        if (feedbackTimer != null) feedbackTimer.cancel();
        feedbackTimer = null;
        if (pacerTimer != null) pacerTimer.cancel();
        pacerTimer = null;
    }

    private void sendReports() {
        long now = clock.getAsLong();
        byte[] report = rtcp.report(transceivers, now, wallClock.applyAsLong(now));
        if (report != null) sendRtcp(report);
    }

    private void sendRtcp(byte[] compound) {
        byte[] buf = Arrays.copyOf(compound, compound.length + transport.srtpOverhead(true));
        transport.sendProtected(buf, compound.length, true);
    }

    private record QueuedRtp(RtpSender sender, byte[] buf, int len) {}

    /**
     * From a sender, any thread: copy with room for the SRTP tag (and a transport-wide sequence number), stamp SSRC
     * and payload type, and send on the loop (through the pacer when congestion control runs). Packets wait in a
     * bounded queue that one loop task drains; past {@link #MAX_QUEUED_SENDS} (an application writing faster than
     * the loop sends) they are dropped and counted in the sender's packetsDiscardedOnSend.
     */
    void send(RtpSender sender, byte[] packet, int off, int len, int payloadType) {
        byte[] buf = new byte[len + transport.srtpOverhead(false) + TransportSequenceStamper.MAX_GROWTH];
        System.arraycopy(packet, off, buf, 0, len);
        buf[1] = (byte) ((buf[1] & 0x80) | (payloadType & 0x7F));
        long ssrc = sender.ssrc();
        buf[8] = (byte) (ssrc >>> 24);
        buf[9] = (byte) (ssrc >>> 16);
        buf[10] = (byte) (ssrc >>> 8);
        buf[11] = (byte) ssrc;
        if (!sends.offer(new QueuedRtp(sender, buf, len))) {
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
            if (pacer == null) {
                transmit(q.sender(), q.buf(), q.len(), false);
            } else if (pacer.enqueue(clock.getAsLong(), q.buf(), q.len())) {
                drainPacer();
            } else {
                q.sender().packetsDropped.incrementAndGet();
            }
        }
        if (!sends.isEmpty() && sendDrainScheduled.compareAndSet(false, true)) onLoop.accept(this::drainSends);
    }

    private void drainPacer() {
        long now = clock.getAsLong();
        for (byte[] p; (p = pacer.pollPacket(now)) != null; ) transmit(senderOf(p), p, pacer.lastLength(), false);
        long at = pacer.pollTimeout();
        if (at == Long.MAX_VALUE || (pacerTimer != null && pacerTimerAt <= at)) return;
        if (pacerTimer != null) pacerTimer.cancel();
        pacerTimerAt = at;
        pacerTimer = timers.schedule(at, () -> {
            pacerTimer = null;
            pacerTimerAt = Long.MAX_VALUE;
            drainPacer();
        });
    }

    private RtpSender senderOf(byte[] packet) {
        long ssrc = RtpHeader.ssrc(packet, 0);
        for (RtpTransceiver t : transceivers) if (t.sender().ssrc() == ssrc) return t.sender();
        return null;
    }

    /**
     * On the loop: stamps the transport-wide sequence number, keeps a copy for retransmission, and protects and
     * sends {@code buf[0, len)} (which has room for the stamp and the SRTP tag).
     */
    private void transmit(RtpSender sender, byte[] buf, int len, boolean retransmission) {
        long now = clock.getAsLong();
        int overhead = transport.srtpOverhead(false);
        int sequence = -1;
        if (stamper != null) {
            int n = stamper.stamp(buf, 0, len, buf.length - overhead);
            if (n > 0) {
                len = n;
                sequence = (stamper.nextSequence() - 1) & 0xFFFF;
            }
        }
        if (sender == null) return;
        if (!retransmission && sender.history != null) sender.history.handleSent(now, buf, 0, len);
        int header = Math.max(RtpHeader.headerLength(buf, 0, len), RtpHeader.FIXED_LENGTH);
        long rtpTimestamp = RtpHeader.timestamp(buf, 0);
        if (sequence >= 0) congestion.handleSent(now, sequence, len + overhead);
        long delay = outgoingImpairment.delayNanos(now, buf, len);
        boolean sent;
        if (delay < 0) {
            impairedOutgoing++; // lost "on the network": for us it left
            sent = true;
        } else if (delay > 0) {
            int length = len;
            timers.schedule(now + delay, () -> transport.sendProtected(buf, length, false));
            sent = true;
        } else {
            sent = transport.sendProtected(buf, len, false);
        }
        if (!sent) {
            sender.packetsDropped.incrementAndGet();
        } else if (retransmission) {
            sender.retransmittedPacketsSent++;
            sender.retransmittedBytesSent += len - header;
        } else {
            sender.packetsSent.incrementAndGet();
            sender.bytesSent.addAndGet(len - header);
            sender.sent(rtpTimestamp, now);
            sender.markSent();
        }
    }

    /** A NACK from the peer: what it asks for goes out again, as RTX when negotiated. */
    private void handleNack(long now, GenericNack nack) {
        for (RtpTransceiver t : transceivers) {
            RtpSender s = t.sender();
            if (s.ssrc() != nack.mediaSsrc()) continue;
            s.nacksReceived++;
            if (s.retransmitter == null) return;
            s.retransmitter.handleNack(now, nack);
            int room = 1500 + 2 + transport.srtpOverhead(false) + TransportSequenceStamper.MAX_GROWTH;
            while (s.retransmitter.hasPending()) {
                byte[] out = new byte[room];
                int n = s.retransmitter.pollRetransmission(now, out, 0);
                if (n == 0) break;
                transmit(s, out, n, true);
            }
            return;
        }
    }

    private void handleTransportFeedback(long now, TransportWideFeedback feedback) {
        if (congestion == null) return;
        long target = congestion.handleFeedback(now, feedback);
        pacer.setRate((long) (target * PACING_FACTOR));
        for (RtpTransceiver t : transceivers) {
            Retransmitter r = t.sender().retransmitter;
            if (r != null) r.setMaxBitrate(Math.max(200_000, target / 2));
        }
        if (lastReportedTarget < 0 || Math.abs(target - lastReportedTarget) * 20 >= lastReportedTarget) {
            lastReportedTarget = target;
            LongConsumer l = onTargetBitrate;
            if (l != null) events.execute(() -> l.accept(target));
        }
        drainPacer();
    }

    /** An RTP packet with SRTP removed; the router owns {@code packet}. */
    void receiveRtp(byte[] packet, int length) {
        long now = clock.getAsLong();
        long delay = incomingImpairment.delayNanos(now, packet, length);
        if (delay < 0) {
            impairedIncoming++;
        } else if (delay > 0) {
            timers.schedule(now + delay, () -> route(packet, length, clock.getAsLong()));
        } else {
            route(packet, length, now);
        }
    }

    private void route(byte[] packet, int length, long now) {
        if (feedbackGenerator != null) {
            // Every packet counts for transport-wide feedback, RTX and padding probes included.
            int sequence = TransportSequenceStamper.read(packet, 0, length, transportCcExtensionId);
            if (sequence >= 0) feedbackGenerator.handlePacket(now, sequence);
        }
        long ssrc = RtpHeader.ssrc(packet, 0);
        if (simulcastReceiving && !bySsrc.containsKey(ssrc) && !rtxSsrcs.contains(ssrc)) learnLayer(ssrc, packet, length);
        boolean repaired = false;
        if (rtxSsrcs.contains(ssrc)) {
            RtpReceiver owner = receiverOf(rtxUnwrapper.mediaSsrc(ssrc));
            int n = owner != null && owner.nacks != null ? rtxUnwrapper.unwrap(packet, 0, length) : -1;
            if (n < 0) {
                rtxReceived++; // padding probes, or RTX we did not ask for
                return;
            }
            length = n;
            ssrc = RtpHeader.ssrc(packet, 0);
            repaired = true;
        }
        RtpTransceiver t = bySsrc.get(ssrc);
        if (t == null) t = learnByPayloadType(ssrc, RtpHeader.payloadType(packet, 0));
        int header = RtpHeader.headerLength(packet, 0, length);
        if (t == null || header < 0) {
            rtpUnroutable++;
            return;
        }
        RtpReceiver layer = layerBySsrc.get(ssrc);
        RtpReceiver r = layer != null ? layer : t.receiver();
        if (r.ssrc < 0) {
            r.ssrc = ssrc;
            long mediaSsrc = ssrc;
            RtpReceiver receiver = r;
            // One PLI waiting for the loop stands for any number of requests (an application calling in a loop).
            java.util.concurrent.atomic.AtomicBoolean pliPending = new java.util.concurrent.atomic.AtomicBoolean();
            r.keyFrameRequester(() -> {
                if (pliPending.compareAndSet(false, true)) {
                    onLoop.accept(() -> {
                        pliPending.set(false);
                        receiver.pliSent++;
                        sendRtcp(rtcp.pictureLossIndication(mediaSsrc));
                    });
                }
            });
            if (r.nackEnabled) r.nacks = new NackGenerator(localSsrc, ssrc, NackSettings.defaults());
            if (feedbackGenerator != null) feedbackGenerator.setMediaSsrc(ssrc);
        }
        if (r.nacks != null && r.ssrc == ssrc) {
            NackGenerator.Arrival arrival = r.nacks.handlePacket(now, RtpHeader.sequenceNumber(packet, 0));
            if (repaired) {
                if (arrival == NackGenerator.Arrival.OLD) {
                    r.duplicatesDropped++; // already delivered (a probe resending old media, or a second copy)
                    return;
                }
                r.retransmittedPacketsReceived++;
                r.retransmittedBytesReceived += length - header;
            }
            if (r.nacks.pollTimeout() <= now) pollNacks(r, now);
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

    /** The receiver of the stream {@code ssrc}: a simulcast layer's, the transceiver's, or null. */
    private RtpReceiver receiverOf(long ssrc) {
        RtpReceiver layer = layerBySsrc.get(ssrc);
        if (layer != null) return layer;
        RtpTransceiver t = bySsrc.get(ssrc);
        return t == null ? null : t.receiver();
    }

    /**
     * An unannounced SSRC with an RtpStreamId (RFC 8852 §3.1) becomes the stream of that simulcast layer, one with a
     * RepairedRtpStreamId (§3.2) that layer's RTX stream; the MID (RFC 8843 §15) says which transceiver, else the
     * first with a layer of that rid. The extensions only come in a stream's first packets, until the peer sees our
     * reports on it, so what they say is remembered by SSRC.
     */
    private void learnLayer(long ssrc, byte[] packet, int length) {
        if (view.wrap(packet, 0, length) != RtpParseStatus.OK) return;
        String mid = extensionText(midExtensionId);
        String rid = extensionText(ridExtensionId);
        String repaired = rid == null ? extensionText(repairedRidExtensionId) : null;
        if (rid == null && repaired == null) return;
        String wanted = rid != null ? rid : repaired;
        for (RtpTransceiver t : transceivers) {
            if ((mid != null && !mid.equals(t.mid())) || t.receiver().layer(wanted) == null) continue;
            RtpReceiver layer = t.receiver().layer(wanted);
            if (rid != null) {
                if (layer.ssrc >= 0 && layer.ssrc != ssrc) return; // the layer keeps its first SSRC
                bySsrc.put(ssrc, t);
                layerBySsrc.put(ssrc, layer);
                t.receiver().layerSsrc(rid, ssrc);
            } else if (layer.ssrc >= 0 && layer.rtxSsrc < 0) {
                // One RTX stream per layer, so a peer cannot make us hold an SSRC for every packet it invents.
                layer.rtxSsrc = ssrc;
                rtxSsrcs.add(ssrc);
                rtxUnwrapper.addStream(ssrc, layer.ssrc);
            }
            return;
        }
    }

    /** The text of a header extension element of the packet in {@link #view} (an SDES item: MID, RID), or null. */
    private String extensionText(int id) {
        if (id <= 0) return null;
        long e = view.findExtension(id);
        if (e < 0) return null;
        int len = RtpHeaderExtensions.dataLength(e);
        if (len == 0 || len > 255) return null;
        return new String(view.buffer(), RtpHeaderExtensions.dataOffset(e), len, StandardCharsets.US_ASCII);
    }

    /** An unannounced SSRC: the first receiving transceiver without a stream yet whose payload types match. */
    private RtpTransceiver learnByPayloadType(long ssrc, int payloadType) {
        for (RtpTransceiver c : transceivers) {
            Direction d = c.currentDirection();
            List<Integer> pts = c.mid() == null ? null : payloadTypesByMid.get(c.mid());
            if (d != null && d.receives() && c.receiver().ssrc < 0 && !c.receiver().simulcast() && pts != null
                    && pts.contains(payloadType)) {
                bySsrc.put(ssrc, c);
                return c;
            }
        }
        return null;
    }

    /** An RTCP compound with SRTCP removed: reports are remembered, PLI/FIR reach the sender's listener. */
    void receiveRtcp(byte[] packet, int length) {
        rtcpReceived++;
        long now = clock.getAsLong();
        List<Long> keyFrames = rtcp.handle(packet, length, now, wallClock.applyAsLong(now), this::isRemoteStream,
                this::isLocalStream);
        for (RtcpPacket p : rtcp.feedback) {
            if (p instanceof GenericNack n) handleNack(now, n);
            else if (p instanceof TransportWideFeedback f) handleTransportFeedback(now, f);
        }
        updateRoundTripTimes();
        for (long ssrc : keyFrames) {
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

    /** The RTT from the peer's reports on our streams (RFC 3550 §6.4.1) spaces NACKs, resends and rate decreases. */
    private void updateRoundTripTimes() {
        double rtt = -1;
        for (RtpTransceiver t : transceivers) {
            RtcpReporter.RemoteReport report = rtcp.remoteReport(t.sender().ssrc());
            if (report != null && report.roundTripTimeSeconds() >= 0) rtt = Math.max(rtt, report.roundTripTimeSeconds());
        }
        if (rtt < 0) return;
        long nanos = Math.max(1_000_000L, (long) (rtt * 1e9));
        for (RtpTransceiver t : transceivers) {
            if (t.sender().retransmitter != null) t.sender().retransmitter.handleRoundTripTime(nanos);
            for (RtpReceiver r : t.receiver().streams()) if (r.nacks != null) r.nacks.handleRoundTripTime(nanos);
        }
        if (congestion != null) congestion.handleRoundTripTime(nanos);
    }
}
