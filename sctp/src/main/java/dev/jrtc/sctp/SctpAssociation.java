package dev.jrtc.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;

/**
 * An SCTP association (RFC 9260) as a sans-IO core, as WebRTC runs it over DTLS (RFC 8261): one peer, one path,
 * whole packets in and out. It handles the four-way handshake with an authenticated state cookie (including both
 * sides opening at once), reliable ordered and unordered delivery with fragmentation, SACKs with gap blocks and
 * duplicates, RTO per RFC 6298, T3 retransmission, fast retransmit and recovery, congestion control (RFC 9260 §7.2
 * or another {@link CongestionController}), the peer's receive window, HEARTBEAT echoes, SHUTDOWN and ABORT;
 * partial reliability with FORWARD TSN (RFC 3758) and outgoing stream resets with RE-CONFIG (RFC 6525). It gives up
 * on a peer that stops answering after Association.Max.Retrans timeouts in a row (RFC 9260 §8.1; heartbeats on an
 * idle path, §8.3, when configured), and bounds what it holds both ways: a send buffer limit, and a receive window
 * that also counts what the layer above has not consumed yet ({@link #setReceiveBacklog}).
 *
 * <p>This class is the state machine of §4 and the facade over one part per concern: {@link Handshake} (§5),
 * {@link DataSender} with its {@link SendQueue} and {@link RetransmissionQueue} (§6.1, §6.3, §7, RFC 3758),
 * {@link DataReceiver} (§6.2), {@link StreamReset} (RFC 6525) and {@link FailureDetection} (§8). It routes each
 * chunk to its part, runs the timers, and does SHUTDOWN (§9.2) and ABORT (§9.1) itself.
 *
 * <p>TSNs and stream sequence numbers use serial-number arithmetic (RFC 1982); internally TSNs are extended to 64
 * bits. Peer input is never trusted: what is malformed or beyond the configured limits is dropped and counted, and
 * memory held for reassembly is bounded by {@link SctpConfig#maxReassemblyBytes()}. Not thread-safe; packets handed
 * in are copied where kept, packets handed out belong to the caller.
 */
public final class SctpAssociation {
    /** RFC 9260 §4 states this implementation uses. */
    public enum State { CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED, SHUTDOWN_ACK_SENT }

    /** SHUTDOWN and SHUTDOWN ACK give up after Association.Max.Retrans (§9.2); this many when that is "never". */
    private static final int MAX_SHUTDOWN_RETRANSMITS = SctpConfig.DEFAULT_MAX_RETRANSMISSIONS;

    private final SctpConfig config;
    private final Queue<SctpEvent> events = new ArrayDeque<>();
    private final OutboundPackets out;
    private final RetransmissionTimeout rto;
    private final Handshake handshake;
    private final SendQueue sendQueue;
    private final RetransmissionQueue retransmissions;
    private final DataSender sender;
    private final ReassemblyQueue inbound;
    private final DataReceiver receiver;
    private final StreamReset streamReset;
    private final FailureDetection failure;
    private State state = State.CLOSED;
    private long droppedPackets;
    private long unrecognizedChunks;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private int outboundStreams = Handshake.STREAMS;
    /** Shut down or aborted: a CLOSED association that ended never opens again. */
    private boolean ended;
    /** Ended because Association.Max.Retrans (or Max.Init.Retransmits) was exceeded: the peer is unreachable. */
    private boolean peerUnreachable;
    private long t2Deadline = Long.MAX_VALUE;
    private int t2Retransmits;

    /** A CLOSED association; its tags, initial TSN and cookie secret come from {@code config.random()}. */
    public SctpAssociation(SctpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.out = new OutboundPackets(config.port());
        this.rto = new RetransmissionTimeout(config);
        this.inbound = new ReassemblyQueue(config, events);
        this.receiver = new DataReceiver(config, out, inbound);
        this.failure = new FailureDetection(config, out, rto);
        this.handshake = new Handshake(config, out, rto);
        this.sendQueue = new SendQueue(config.maxPacketSize(), events);
        CongestionController cc = Objects.requireNonNull(config.congestionControl().create(config.maxPacketSize()),
                "the congestion control factory returned null");
        this.retransmissions = new RetransmissionQueue(config, sendQueue, cc, rto, handshake.localInitialTsn());
        this.sender = new DataSender(config, out, sendQueue, retransmissions);
        this.streamReset = new StreamReset(config, out, rto, sendQueue, retransmissions, inbound, events, handshake.localInitialTsn());
    }

    /** Where the association is in RFC 9260 §4. */
    public State state() {
        return state;
    }

    /**
     * DATA chunks queued or sent and not yet cumulatively acknowledged: what the send buffer holds counted in
     * chunks, which bounds what messages without bytes of their own (empty data-channel messages) cost.
     */
    public int queuedChunks() {
        return sendQueue.size() + retransmissions.size();
    }

    /** Bytes accepted by {@link #send} and not yet acknowledged by the peer or abandoned (RTCDataChannel.bufferedAmount). */
    public long bufferedAmount() {
        return sendQueue.bufferedAmount();
    }

    /** Bytes accepted by {@link #send} on {@code streamId} and not yet acknowledged or abandoned. */
    public long bufferedAmount(int streamId) {
        return sendQueue.bufferedAmount(streamId);
    }

    /**
     * Sets when {@link SctpEvent.BufferedAmountLow} fires for {@code streamId}: when its buffered amount falls from
     * above {@code bytes} to at most {@code bytes}.
     */
    public void setBufferedAmountLowThreshold(int streamId, long bytes) {
        checkStreamId(streamId);
        if (bytes < 0) throw new IllegalArgumentException("buffered amount low threshold is negative: " + bytes);
        sendQueue.stream(streamId).lowThreshold = bytes;
    }

    /**
     * Input dropped: packets with a bad checksum, malformed, with a wrong verification tag or a forged cookie, and
     * chunks beyond the limits (reassembly budget, inbound streams, TSN window) or with malformed parameters.
     */
    public long droppedPackets() {
        return droppedPackets + receiver.dropped() + retransmissions.dropped() + streamReset.dropped() + failure.dropped();
    }

    /** Payload bytes held for reassembly and for ordered delivery behind a missing message (what a_rwnd leaves out). */
    public long receiveBufferedBytes() {
        return inbound.heldBytes();
    }

    /**
     * DATA dropped because it did not fit the receive window (the peer probing a closed window, RFC 9260 §6.1 rule
     * A, or ignoring it): flow control rather than bad input, answered by a SACK at once.
     */
    public long receiveWindowDrops() {
        return receiver.receiveWindowDrops();
    }

    /**
     * Tells the association how many bytes of delivered messages the layer above still holds (queued for a slow
     * application, say): they count against the receive window and the reassembly budget, so a peer sending
     * faster than the application reads is slowed by a closing window (RFC 9260 §6.2) instead of growing memory.
     * When the backlog falls far enough to reopen the window by a quarter or more, a window update (a SACK) goes
     * out at once, as §6.2 allows "to update the offered window as the receiving application consumes new data".
     *
     * @throws IllegalArgumentException for a negative backlog
     */
    public void setReceiveBacklog(long nowNanos, long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("receive backlog is negative: " + bytes);
        boolean windowUpdateDue = receiver.setBacklog(bytes);
        if (receivingData() && windowUpdateDue) {
            receiver.sendSack();
            if (!receiver.inBatch()) flush(nowNanos);
        }
    }

    /** The a_rwnd we would advertise now (RFC 9260 §6.2). */
    public long receiveWindow() {
        return inbound.window();
    }

    /**
     * True when the association ended because the peer stopped answering: more than Association.Max.Retrans
     * consecutive timeouts (RFC 9260 §8.1) or Max.Init.Retransmits unanswered INITs or COOKIE ECHOs (§5.1).
     */
    public boolean peerUnreachable() {
        return peerUnreachable;
    }

    /** False while the one path has had more than Path.Max.Retrans timeouts in a row (RFC 9260 §8.2). */
    public boolean pathActive() {
        return failure.pathActive();
    }

    /** The association's error counter (RFC 9260 §8.1). */
    public int errorCount() {
        return failure.errorCount();
    }

    /** HEARTBEAT chunks sent to the idle path (RFC 9260 §8.3). */
    public long heartbeatsSent() {
        return failure.heartbeatsSent();
    }

    /** Chunks of types we do not know, handled as their two high type bits say (RFC 9260 §3.2). */
    public long unrecognizedChunks() {
        return unrecognizedChunks;
    }

    /** Messages abandoned under their partial-reliability limit (RFC 3758 §3.5). */
    public long abandonedMessages() {
        return retransmissions.abandonedMessages();
    }

    /** FORWARD TSN chunks sent (RFC 3758 §3.2), first sendings and repeats. */
    public long forwardTsnsSent() {
        return retransmissions.forwardTsnsSent();
    }

    /** FORWARD TSN chunks received (RFC 3758 §3.6). */
    public long forwardTsnsReceived() {
        return receiver.forwardTsnsReceived();
    }

    /** DATA chunks sent again (fast retransmit or T3), for tests of loss recovery. */
    long retransmittedChunks() {
        return retransmissions.retransmittedChunks();
    }

    /** T3-rtx expiries, fast recoveries entered and tail loss probes sent, for tests of loss recovery. */
    long[] lossRecoveries() {
        return new long[] {retransmissions.t3Expiries(), retransmissions.fastRecoveries(), retransmissions.tailLossProbes()};
    }

    /** A one-line summary of the sender's state, for logs and failed assertions. */
    @Override
    public String toString() {
        return "SctpAssociation{state=" + state + " " + retransmissions.describe() + "}";
    }

    /** The congestion window in bytes (RFC 9260 §7.2). */
    public long congestionWindow() {
        return retransmissions.congestionController().congestionWindow();
    }

    /** True once the peer announced Forward-TSN-Supported (RFC 3758 §3.1); without it limits are not applied. */
    public boolean peerSupportsPartialReliability() {
        return peerForwardTsn;
    }

    /** True once the peer announced RE-CONFIG in its Supported Extensions (RFC 6525 §3.1, RFC 5061 §4.2.7). */
    public boolean peerSupportsStreamReset() {
        return peerReconfig;
    }

    /** Outbound streams usable: the peer's number of inbound streams, at most 65535 (RFC 9260 §5.1.1). */
    public int outboundStreams() {
        return outboundStreams;
    }

    private static void checkStreamId(int streamId) {
        if (streamId < 0 || streamId >= Handshake.STREAMS) throw new IllegalArgumentException("stream id out of range: " + streamId);
    }

    // ------------------------------------------------------------------------------------------------ handshake

    /** Opens the association by sending INIT (RFC 9260 §5.1); in WebRTC both sides may do so at once. */
    public void connect(long nowNanos) {
        if (state != State.CLOSED) throw new IllegalStateException("connect in state " + state);
        state = State.COOKIE_WAIT;
        handshake.sendInit(nowNanos);
    }

    private void handleInit(long nowNanos, InitChunk init) {
        if (state == State.ESTABLISHED || state.ordinal() > State.ESTABLISHED.ordinal()) {
            droppedPackets++; // a peer restart is not supported: WebRTC never restarts an association
            return;
        }
        handshake.handleInit(nowNanos, init);
    }

    private void handleInitAck(long nowNanos, InitChunk ack) {
        if (state != State.COOKIE_WAIT) {
            return; // RFC 9260 §5.2.3: an unexpected INIT ACK is discarded
        }
        PeerInit peer = handshake.acceptInitAck(ack);
        if (peer == null) {
            droppedPackets++;
            return;
        }
        start(peer);
        state = State.COOKIE_ECHOED;
        handshake.echoCookie(nowNanos);
    }

    private void handleCookieEcho(long nowNanos, CookieEchoChunk echo) {
        PeerInit peer = handshake.openCookie(nowNanos, echo);
        if (peer == null) {
            droppedPackets++; // forged, damaged or stale cookie, or one minted for another association
            return;
        }
        if (state != State.ESTABLISHED) {
            start(peer);
            establish();
        }
        out.send(new SimpleChunk(SctpChunk.COOKIE_ACK, false));
    }

    /** Takes what the handshake learnt of the peer into every part. */
    private void start(PeerInit peer) {
        out.setPeerTag(peer.tag());
        receiver.start(peer.initialTsn());
        streamReset.start(peer.initialTsn());
        sender.start(peer);
        peerForwardTsn = peer.forwardTsn();
        peerReconfig = peer.reconfig();
        outboundStreams = peer.outboundStreams();
    }

    private void establish() {
        if (state == State.ESTABLISHED) return;
        state = State.ESTABLISHED;
        handshake.established();
        events.add(new SctpEvent.Established());
    }

    // ------------------------------------------------------------------------------------------------ input

    /** One SCTP packet from the peer (a DTLS application-data record); the caller keeps {@code buf}. */
    public void handlePacket(long nowNanos, byte[] buf, int off, int len) {
        SctpPacket.ParseResult r = SctpPacket.parse(buf, off, len);
        if (!r.isOk()) {
            droppedPackets++;
            return;
        }
        SctpPacket p = r.packet();
        if (state == State.CLOSED && !startsSomething(p)) {
            handleOutOfTheBlue(p);
            return;
        }
        boolean dataSeen = false;
        List<byte[]> errorCauses = new ArrayList<>();
        for (SctpChunk chunk : p.chunks()) {
            if (!tagAccepted(p, chunk)) {
                droppedPackets++;
                return;
            }
            if (chunk instanceof InitChunk init) {
                if (init.ack()) handleInitAck(nowNanos, init); else handleInit(nowNanos, init);
            } else if (chunk instanceof CookieEchoChunk echo) {
                handleCookieEcho(nowNanos, echo);
            } else if (chunk instanceof DataChunk d) {
                if (receivingData()) {
                    String tooBig = receiver.handleData(d, errorCauses);
                    if (tooBig != null) abortLocally(tooBig);
                    dataSeen = true;
                }
            } else if (chunk instanceof SackChunk sack) {
                if (state.ordinal() >= State.ESTABLISHED.ordinal() && retransmissions.handleSack(nowNanos, sack)) {
                    failure.peerAnswered(); // new data acknowledged (RFC 9260 §8.1, §8.2)
                }
            } else if (chunk instanceof ForwardTsnChunk fwd) {
                if (receivingData()) {
                    receiver.handleForwardTsn(fwd);
                    dataSeen = true;
                }
            } else if (chunk instanceof ReconfigChunk reconfig) {
                if (state.ordinal() >= State.ESTABLISHED.ordinal()) {
                    streamReset.handleReconfig(nowNanos, reconfig, state == State.ESTABLISHED);
                }
            } else if (chunk instanceof HeartbeatChunk hb) {
                if (!hb.ack()) {
                    out.send(new HeartbeatChunk(true, hb.parameters()));
                } else if (state.ordinal() >= State.ESTABLISHED.ordinal()) {
                    failure.handleHeartbeatAck(nowNanos, hb, state == State.ESTABLISHED);
                }
            } else if (chunk instanceof AbortChunk) {
                abortLocally("the peer aborted the association");
                return;
            } else if (chunk instanceof ShutdownChunk shutdown) {
                handleShutdown(nowNanos, shutdown);
            } else if (chunk instanceof SimpleChunk s) {
                if (s.type() == SctpChunk.COOKIE_ACK && state == State.COOKIE_ECHOED) {
                    establish();
                } else if (s.type() == SctpChunk.SHUTDOWN_ACK && (state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT)) {
                    out.send(new SimpleChunk(SctpChunk.SHUTDOWN_COMPLETE, false));
                    closeLocally();
                    return;
                } else if (s.type() == SctpChunk.SHUTDOWN_COMPLETE && state == State.SHUTDOWN_ACK_SENT) {
                    closeLocally();
                    return;
                }
            } else if (chunk instanceof UnknownChunk u) {
                unrecognizedChunks++;
                if (u.report()) errorCauses.add(ErrorCauses.unrecognizedChunk(u));
                if (u.stopProcessing()) break; // RFC 9260 §3.2: the rest of the packet is discarded
            }
            // ERROR needs no action: what it reports was already counted where it was caused.
        }
        if (!errorCauses.isEmpty() && out.peerTag() != 0) {
            ErrorChunk error = ErrorCauses.bundle(errorCauses, config.maxPacketSize());
            if (error != null) out.send(error);
        }
        if (dataSeen) receiver.packetHandled(nowNanos, state == State.SHUTDOWN_SENT);
        if (!receiver.inBatch()) flush(nowNanos);
    }

    /**
     * Starts a batch of packets that arrived together (say, one read of the socket): {@link #handlePacket} calls up
     * to {@link #endReceiveBatch} neither send a SACK nor new data; the end of the batch does, once. A SACK every
     * second packet (RFC 9260 §6.2) becomes one SACK per batch that acknowledges all of it, which is all the sender
     * learns from the SACKs it replaces, and the sender answers it with one pass over what it has outstanding.
     * What makes a SACK immediate (a gap, a duplicate, FORWARD TSN) still does, at the end of the batch; a batch of
     * one packet is the same as no batch. Calling it again inside a batch does nothing.
     */
    public void beginReceiveBatch() {
        receiver.beginBatch();
    }

    /**
     * Ends the batch begun by {@link #beginReceiveBatch}: sends the SACK the batch calls for (or arms the delayed
     * SACK timer) and then what the windows allow of new data and retransmissions. Does nothing outside a batch.
     * Call it once every packet of the batch is handled, before polling the association for output and timeouts.
     */
    public void endReceiveBatch(long nowNanos) {
        // Not after an abort inside the batch: there is no association left to acknowledge for.
        if (receiver.endBatch(nowNanos, state != State.CLOSED, state == State.SHUTDOWN_SENT)) flush(nowNanos);
    }

    private boolean receivingData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_SENT;
    }

    /** INIT or COOKIE ECHO may open a CLOSED association that has not ended before. */
    private boolean startsSomething(SctpPacket p) {
        return !ended && (p.chunks().get(0) instanceof InitChunk init && !init.ack() || p.chunks().get(0) instanceof CookieEchoChunk);
    }

    /** Any other packet while CLOSED (RFC 9260 §8.4): dropped, except that a SHUTDOWN ACK is completed. */
    private void handleOutOfTheBlue(SctpPacket p) {
        if (p.chunks().get(0) instanceof SimpleChunk s && s.type() == SctpChunk.SHUTDOWN_ACK) {
            // §8.4 item 5: answer with SHUTDOWN COMPLETE, T bit set, reflecting the tag it carried.
            out.sendWithTag(p.verificationTag(), new SimpleChunk(SctpChunk.SHUTDOWN_COMPLETE, true));
            return;
        }
        droppedPackets++;
    }

    /** Verification tag rules (RFC 9260 §8.5, §8.5.1). */
    private boolean tagAccepted(SctpPacket p, SctpChunk chunk) {
        long tag = p.verificationTag();
        if (chunk instanceof InitChunk init && !init.ack()) {
            return tag == 0 && p.chunks().size() == 1;
        }
        if (chunk instanceof AbortChunk a) {
            return a.tagReflected() ? tag == out.peerTag() : tag == handshake.localTag();
        }
        if (chunk instanceof SimpleChunk s && s.type() == SctpChunk.SHUTDOWN_COMPLETE && s.tagReflected()) {
            return tag == out.peerTag();
        }
        return tag == handshake.localTag();
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Queues an ordered or unordered reliable message (RFC 9260 §10.1 SEND). The data is copied.
     *
     * @throws IllegalStateException    unless the association is established, or while the stream is being reset
     * @throws IllegalArgumentException for an empty message, one above max-message-size, or a stream id out of range
     */
    public void send(long nowNanos, int streamId, long ppid, byte[] data, boolean unordered) {
        send(nowNanos, streamId, ppid, data, SctpSendOptions.reliable(unordered));
    }

    /**
     * Queues a message with {@code options} (RFC 9260 §10.1 SEND, RFC 3758 §4 PR-SCTP policies). The data is copied.
     * Limits apply only when the peer supports partial reliability; otherwise the message is sent reliably.
     *
     * @throws IllegalStateException    unless the association is established, or while the stream is being reset
     * @throws SctpSendBufferFullException when the message would take the buffered amount past
     *                                  {@link SctpConfig#maxSendBufferBytes()}
     * @throws IllegalArgumentException for an empty message, one above max-message-size, or a stream id out of range
     */
    public void send(long nowNanos, int streamId, long ppid, byte[] data, SctpSendOptions options) {
        send(nowNanos, streamId, ppid, data, options, true);
    }

    /**
     * As {@link #send(long, int, long, byte[], SctpSendOptions)}; with {@code counted} false the message stays out of
     * the buffered amounts, for what the layer above does not count as user data (DCEP messages, the placeholder
     * byte of an empty data-channel message, RFC 8831 §6.6).
     */
    public void send(long nowNanos, int streamId, long ppid, byte[] data, SctpSendOptions options, boolean counted) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        if (state != State.ESTABLISHED) throw new IllegalStateException("cannot send: association is " + state);
        if (data.length == 0) throw new IllegalArgumentException("SCTP messages carry at least one byte (use PPID 56/57 for empty ones)");
        if (data.length > config.maxMessageSize()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes exceeds max-message-size " + config.maxMessageSize());
        }
        checkStreamId(streamId);
        if (streamId >= outboundStreams) {
            throw new IllegalArgumentException("stream id " + streamId + " is beyond the " + outboundStreams + " streams the peer allows");
        }
        sender.send(nowNanos, streamId, ppid, data, options, counted);
        flush(nowNanos);
    }

    private boolean sendingData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED;
    }

    /**
     * Sends what the windows allow, then what waits for that: the heartbeat timer, a stream reset request, and
     * SHUTDOWN or SHUTDOWN ACK once everything is acknowledged (§9.2).
     */
    private void flush(long nowNanos) {
        if (!sendingData()) return;
        boolean sent = sender.flush(nowNanos);
        failure.afterFlush(nowNanos, sent, state == State.ESTABLISHED);
        streamReset.maybeSendRequest(nowNanos, state == State.ESTABLISHED);
        if (sender.idle()) {
            if (state == State.SHUTDOWN_PENDING) {
                state = State.SHUTDOWN_SENT;
                t2Retransmits = 0;
                sendShutdown(nowNanos);
            } else if (state == State.SHUTDOWN_RECEIVED) {
                state = State.SHUTDOWN_ACK_SENT;
                t2Retransmits = 0;
                sendShutdownAck(nowNanos);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ stream reset

    /**
     * Resets our outgoing {@code streamIds} (RFC 6525 §5.1.2, Outgoing SSN Reset Request) once what is queued on them
     * has been sent; sending on them is refused meanwhile. {@link SctpEvent.OutgoingStreamsReset} reports that the
     * peer performed it, after which their sequence numbers start again at 0. Streams already being reset are skipped.
     *
     * @throws IllegalStateException    unless established, or when the peer does not support RE-CONFIG
     * @throws IllegalArgumentException for a stream id out of range
     */
    public void resetStreams(long nowNanos, int... streamIds) {
        if (state != State.ESTABLISHED) throw new IllegalStateException("cannot reset streams: association is " + state);
        if (!peerReconfig) throw new IllegalStateException("cannot reset streams: the peer did not announce RE-CONFIG");
        for (int id : streamIds) checkStreamId(id);
        streamReset.request(streamIds);
        flush(nowNanos);
    }

    // ------------------------------------------------------------------------------------------------ time

    /**
     * Runs the timers due at {@code nowNanos}: T1 (INIT, COOKIE ECHO), T2 (SHUTDOWN), T3 (data), the tail loss probe,
     * RE-CONFIG, delayed SACK, heartbeat.
     */
    public void handleTimeout(long nowNanos) {
        if (nowNanos >= handshake.t1Deadline()) {
            String giveUp = handshake.handleT1Expiry(nowNanos, state);
            if (giveUp != null) {
                giveUp(giveUp);
                return;
            }
        }
        if (nowNanos >= t2Deadline) {
            int limit = config.maxRetransmissions() >= 0 ? config.maxRetransmissions() : MAX_SHUTDOWN_RETRANSMITS;
            if (++t2Retransmits > limit) {
                giveUp("no answer to " + (state == State.SHUTDOWN_SENT ? "SHUTDOWN" : "SHUTDOWN ACK") + " after "
                        + limit + " retransmissions");
                return;
            }
            rto.backOff();
            if (state == State.SHUTDOWN_SENT) sendShutdown(nowNanos);
            else if (state == State.SHUTDOWN_ACK_SENT) sendShutdownAck(nowNanos);
            else t2Deadline = Long.MAX_VALUE;
        }
        if (nowNanos >= retransmissions.t3Deadline()) {
            if (!retransmissions.takeZeroWindowProbe()) {
                String giveUp = failure.countTimeout("data");
                if (giveUp != null) {
                    giveUp(giveUp);
                    return;
                }
            }
            retransmissions.handleT3Expiry(nowNanos);
            flush(nowNanos);
        }
        if (nowNanos >= retransmissions.probeDeadline()) {
            retransmissions.handleProbeTimeout(nowNanos);
            flush(nowNanos);
        }
        streamReset.handleTimeout(nowNanos, state == State.ESTABLISHED);
        receiver.handleTimeout(nowNanos);
        String giveUp = failure.handleTimeout(nowNanos, state == State.ESTABLISHED);
        if (giveUp != null) giveUp(giveUp);
    }

    /** When {@link #handleTimeout} is next due, or {@link Long#MAX_VALUE} when no timer runs. */
    public long pollTimeout() {
        return Math.min(Math.min(Math.min(handshake.t1Deadline(), t2Deadline), failure.deadline()),
                Math.min(Math.min(Math.min(retransmissions.t3Deadline(), retransmissions.probeDeadline()), receiver.sackDeadline()),
                        streamReset.deadline()));
    }

    /** The next packet to send, or null; the caller owns it. */
    public byte[] pollTransmit() {
        return out.poll();
    }

    /** The next notification, or null. */
    public SctpEvent pollEvent() {
        return events.poll();
    }

    // ------------------------------------------------------------------------------------------------ closing

    /** Graceful close (RFC 9260 §9.2): SHUTDOWN once everything sent is acknowledged. */
    public void close(long nowNanos) {
        if (state != State.ESTABLISHED) return;
        state = State.SHUTDOWN_PENDING;
        flush(nowNanos);
    }

    private void sendShutdown(long nowNanos) {
        out.send(new ShutdownChunk(inbound.cumulativeTsn()));
        t2Deadline = nowNanos + rto.rto();
    }

    private void sendShutdownAck(long nowNanos) {
        out.send(new SimpleChunk(SctpChunk.SHUTDOWN_ACK, false));
        t2Deadline = nowNanos + rto.rto();
    }

    /** SHUTDOWN (RFC 9260 §9.2): acknowledges our data like a SACK; we answer once our own data is acknowledged. */
    private void handleShutdown(long nowNanos, ShutdownChunk shutdown) {
        switch (state) {
            case ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_RECEIVED -> {
                if (retransmissions.handleShutdownAck(nowNanos, shutdown.cumulativeTsnAck())) failure.peerAnswered();
                state = State.SHUTDOWN_RECEIVED;
                flush(nowNanos);
            }
            case SHUTDOWN_SENT -> {
                // Both sides shut down at once (§9.2): answer with SHUTDOWN ACK.
                state = State.SHUTDOWN_ACK_SENT;
                t2Retransmits = 0;
                sendShutdownAck(nowNanos);
            }
            case SHUTDOWN_ACK_SENT -> sendShutdownAck(nowNanos); // our SHUTDOWN ACK was lost
            default -> { }
        }
    }

    /** Sends ABORT and ends at once (RFC 9260 §9.1). */
    public void abort(String reason) {
        if (state == State.CLOSED) return;
        if (state != State.COOKIE_WAIT) out.send(new AbortChunk(false, new byte[0]));
        abortLocally(reason);
    }

    /** The peer stopped answering (Max.Init.Retransmits, Association.Max.Retrans): ends without a word to it. */
    private void giveUp(String reason) {
        peerUnreachable = true;
        abortLocally(reason);
    }

    private void abortLocally(String reason) {
        stopEverything();
        events.add(new SctpEvent.Aborted(reason));
    }

    private void closeLocally() {
        stopEverything();
        events.add(new SctpEvent.Closed());
    }

    private void stopEverything() {
        state = State.CLOSED;
        ended = true;
        t2Deadline = Long.MAX_VALUE;
        handshake.stop();
        failure.stop();
        sender.clear();
        receiver.clear();
        streamReset.clear();
    }
}
