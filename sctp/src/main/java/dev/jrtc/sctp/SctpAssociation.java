package dev.jrtc.sctp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An SCTP association (RFC 9260) as a sans-IO core, as WebRTC runs it over DTLS (RFC 8261): one peer, one path,
 * whole packets in and out. It handles the four-way handshake with an authenticated state cookie (including both
 * sides opening at once), reliable ordered and unordered delivery with fragmentation, SACKs with gap blocks and
 * duplicates, RTO per RFC 6298, T3 retransmission, fast retransmit and recovery, slow start and congestion
 * avoidance, the peer's receive window, HEARTBEAT echoes, SHUTDOWN and ABORT; partial reliability with FORWARD TSN
 * (RFC 3758) and outgoing stream resets with RE-CONFIG (RFC 6525). It gives up on a peer that stops answering after
 * Association.Max.Retrans timeouts in a row (RFC 9260 §8.1; heartbeats on an idle path, §8.3, when configured), and
 * bounds what it holds both ways: a send buffer limit, and a receive window that also counts what the layer above
 * has not consumed yet ({@link #setReceiveBacklog}).
 *
 * <p>TSNs and stream sequence numbers use serial-number arithmetic (RFC 1982); internally TSNs are extended to 64
 * bits. Peer input is never trusted: what is malformed or beyond the configured limits is dropped and counted, and
 * memory held for reassembly is bounded by {@link SctpConfig#maxReassemblyBytes()}. Not thread-safe; packets handed
 * in are copied where kept, packets handed out belong to the caller.
 */
public final class SctpAssociation {
    /** RFC 9260 §4 states this implementation uses. */
    public enum State { CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED, SHUTDOWN_ACK_SENT }

    private static final int DATA_HEADER = 16;
    private static final int COMMON_HEADER = 12;
    /** Below this a packet's leftover room is not worth a fragment of its own (see {@link #firstFragmentSize}). */
    private static final int MIN_BUNDLED_FRAGMENT = 128;
    /** SHUTDOWN and SHUTDOWN ACK give up after Association.Max.Retrans (§9.2); this many when that is "never". */
    private static final int MAX_SHUTDOWN_RETRANSMITS = SctpConfig.DEFAULT_MAX_RETRANSMISSIONS;
    private static final long COOKIE_LIFETIME_NANOS = 60_000_000_000L;
    private static final long DELAYED_SACK_NANOS = 200_000_000L;
    private static final int STREAMS = 65535;
    /** RFC 9260 §3.3.10 cause codes. */
    private static final int CAUSE_INVALID_STREAM = 1;
    private static final int CAUSE_UNRECOGNIZED_CHUNK = 6;
    private static final int COOKIE_FLAG_FORWARD_TSN = 1;
    private static final int COOKIE_FLAG_RECONFIG = 2;

    private final SctpConfig config;
    private final byte[] cookieSecret = new byte[32];
    private final Queue<byte[]> transmits = new ArrayDeque<>();
    private final Queue<SctpEvent> events = new ArrayDeque<>();
    private State state = State.CLOSED;
    private final long localTag;
    private final int localInitialTsn;
    private long peerTag;
    private long droppedPackets;
    private long unrecognizedChunks;
    private long abandonedMessages;
    private long forwardTsnsSent;
    private long forwardTsnsReceived;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private int outboundStreams = STREAMS;
    /** Shut down or aborted: a CLOSED association that ended never opens again. */
    private boolean ended;
    /** Ended because Association.Max.Retrans (or Max.Init.Retransmits) was exceeded: the peer is unreachable. */
    private boolean peerUnreachable;

    // ---- failure detection (RFC 9260 §8)
    /** The association's error counter (§8.1): retransmission timeouts and unanswered heartbeats in a row. */
    private int errorCount;
    /** The one path's error counter (§8.2); the same events, compared with Path.Max.Retrans. */
    private int pathErrorCount;
    private boolean pathActive = true;
    /** A SACK arrived since the last T3 expiry: with the peer's window closed, that peer is alive (§6.1 rule A). */
    private boolean sackSinceT3;
    /** a_rwnd of the peer's last SACK, before what is in flight is taken off. */
    private long peerAdvertisedWindow;
    private final long heartbeatIntervalNanos;
    private long heartbeatDeadline = Long.MAX_VALUE;
    /** When the HEARTBEAT in flight counts as unanswered (one RTO after it left), or MAX_VALUE. */
    private long heartbeatAckDeadline = Long.MAX_VALUE;
    /** Sent time of the HEARTBEAT in flight, echoed in its info (§8.3) and only accepted back once. */
    private long heartbeatSentAt;
    private long heartbeatNonce;
    private long heartbeatsSent;

    // ---- sending
    private int nextTsn;
    private final ArrayDeque<Fragment> pending = new ArrayDeque<>();
    /** Sent and not yet cumulatively acknowledged, by extended TSN; the ring starts at cumulativeAcked + 1. */
    private final TsnRing<Outstanding> outstanding;
    private final Map<Integer, OutgoingStream> outStreams = new HashMap<>();
    private long cumulativeAcked;
    /** Advanced.Peer.Ack.Point (RFC 3758 §3.5): the cumulative TSN plus the abandoned chunks right after it. */
    private long advancedPeerAckPoint;
    private boolean forwardTsnPending;
    /** Abandoned placeholder ends (see {@link #abandon}) with a TSN, not yet in {@link #outstanding}. */
    private final List<Outstanding> placeholders = new ArrayList<>();
    private long forwardTsnSentAt = Long.MIN_VALUE / 2;
    /** The highest TSN assigned when the last FORWARD TSN went out. */
    private long forwardTsnSentAfter;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private long flightSize;
    /** Outstanding chunks marked for retransmission: flush skips its scans of outstanding when there are none. */
    private int markedForRetransmit;
    /**
     * No marked chunk has a TSN below this (while {@link #markedForRetransmit} is above 0), so the scans for them
     * start here and stop once they have seen them all, instead of walking everything outstanding on every flush.
     */
    private long lowestMarked = Long.MAX_VALUE;
    /** Some message was sent with a lifetime: only then can a marked retransmission have expired (RFC 3758 §3.5 A3). */
    private boolean lifetimesUsed;
    private long peerReceiveWindow;
    private boolean inFastRecovery;
    private long fastRecoveryExit;
    private long srtt = -1;
    private long rttvar;
    private long rto;
    private long t3Deadline = Long.MAX_VALUE;
    private long bufferedAmount;

    // ---- stream reset (RFC 6525)
    private long nextReconfigSequence;
    private final Set<Integer> resetQueued = new LinkedHashSet<>();
    private OutgoingSsnResetRequest resetInFlight;
    private long reconfigDeadline = Long.MAX_VALUE;
    private long reconfigRto;
    private long peerNextReconfigSequence;
    private long lastPeerReconfigResult = ReconfigResponse.SUCCESS_NOTHING_TO_DO;
    /** A peer request answered "In progress", then performed when it was retransmitted (see handlePeerReset). */
    private OutgoingSsnResetRequest performedAfterInProgress;

    // ---- handshake and shutdown
    private long t1Deadline = Long.MAX_VALUE;
    private int t1Retransmits;
    private byte[] cookieEcho;
    private long t2Deadline = Long.MAX_VALUE;
    private int t2Retransmits;

    // ---- receiving
    private final ReassemblyQueue inbound;
    private final List<Long> duplicates = new ArrayList<>();
    private int packetsSinceSack;
    private long sackDeadline = Long.MAX_VALUE;
    private boolean sackNow;
    /** Between {@link #beginReceiveBatch} and {@link #endReceiveBatch}: the SACK decision and flush wait for the end. */
    private boolean inReceiveBatch;
    /** DATA or FORWARD TSN arrived in the current batch: its end decides whether to SACK now or arm the delayed SACK. */
    private boolean sackDecisionDue;
    /** a_rwnd of the last SACK we sent: a window update is due when the window opened well beyond it (§6.2). */
    private long lastAdvertisedWindow;
    private long receiveWindowDrops;

    /** One user message on its way out, shared by its fragments. */
    private static final class OutgoingMessage {
        final int streamId;
        final boolean unordered;
        final long ppid;
        final int maxRetransmissions;
        final long expiresAt;
        /** Its fragments that have a TSN (sized for all of them, plus an abandoned end's placeholder). */
        final List<Outstanding> sent;
        int ssn = -1;
        /** Counted in the buffered amounts; {@link #unsentBytes} is what of it has no TSN yet. */
        final boolean counted;
        long unsentBytes;
        int unsentFragments;
        boolean abandoned;

        OutgoingMessage(int streamId, boolean unordered, long ppid, int maxRetransmissions, long expiresAt, long bytes,
                        int fragments) {
            this.streamId = streamId;
            this.unordered = unordered;
            this.ppid = ppid;
            this.sent = new ArrayList<>(fragments + 1);
            this.maxRetransmissions = maxRetransmissions;
            this.expiresAt = expiresAt;
            this.unsentBytes = bytes;
            this.counted = bytes > 0;
        }
    }

    /** A piece of a message waiting for its TSN; its DATA chunk is made once, when it is first sent. */
    private record Fragment(OutgoingMessage message, byte[] payload, boolean beginning, boolean ending) {}

    private static final class Outstanding {
        final DataChunk chunk;
        final OutgoingMessage message;
        long sentAt;
        int transmissions = 1;
        boolean inFlight = true;
        boolean gapAcked;
        boolean retransmit;
        boolean abandoned;
        boolean acked;
        /** Still counted in the buffered amounts. */
        boolean buffered = true;
        int missingReports;

        Outstanding(DataChunk chunk, OutgoingMessage message, long sentAt) {
            this.chunk = chunk;
            this.message = message;
            this.sentAt = sentAt;
        }
    }

    /** What the sender keeps per outgoing stream. */
    private static final class OutgoingStream {
        int nextSsn;
        long buffered;
        long lowThreshold;
        int pendingFragments;
        boolean resetting;
    }

    /** A CLOSED association; its tags, initial TSN and cookie secret come from {@code config.random()}. */
    public SctpAssociation(SctpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.inbound = new ReassemblyQueue(config, events);
        this.heartbeatIntervalNanos = config.heartbeatInterval().toNanos();
        config.random().nextBytes(cookieSecret);
        long tag;
        do {
            tag = config.random().nextInt() & 0xFFFFFFFFL;
        } while (tag == 0);
        localTag = tag;
        localInitialTsn = config.random().nextInt();
        nextTsn = localInitialTsn;
        cumulativeAcked = (localInitialTsn - 1) & 0xFFFFFFFFL;
        outstanding = new TsnRing<>(cumulativeAcked + 1);
        advancedPeerAckPoint = cumulativeAcked;
        nextReconfigSequence = localInitialTsn & 0xFFFFFFFFL; // RFC 6525 §3.1: starts at the initial TSN
        rto = config.rtoInitial().toNanos();
        cwnd = Math.min(4L * config.maxPacketSize(), Math.max(2L * config.maxPacketSize(), 4380)); // RFC 9260 §7.2.1
        ssthresh = Long.MAX_VALUE;
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
        return pending.size() + outstanding.size();
    }

    /** Bytes accepted by {@link #send} and not yet acknowledged by the peer or abandoned (RTCDataChannel.bufferedAmount). */
    public long bufferedAmount() {
        return bufferedAmount;
    }

    /** Bytes accepted by {@link #send} on {@code streamId} and not yet acknowledged or abandoned. */
    public long bufferedAmount(int streamId) {
        OutgoingStream s = outStreams.get(streamId);
        return s == null ? 0 : s.buffered;
    }

    /**
     * Sets when {@link SctpEvent.BufferedAmountLow} fires for {@code streamId}: when its buffered amount falls from
     * above {@code bytes} to at most {@code bytes}.
     */
    public void setBufferedAmountLowThreshold(int streamId, long bytes) {
        checkStreamId(streamId);
        if (bytes < 0) throw new IllegalArgumentException("buffered amount low threshold is negative: " + bytes);
        outStream(streamId).lowThreshold = bytes;
    }

    /**
     * Input dropped: packets with a bad checksum, malformed, with a wrong verification tag or a forged cookie, and
     * chunks beyond the limits (reassembly budget, inbound streams, TSN window) or with malformed parameters.
     */
    public long droppedPackets() {
        return droppedPackets;
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
        return receiveWindowDrops;
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
        inbound.setBacklog(bytes);
        if (receivingData() && inbound.window() - lastAdvertisedWindow >= config.receiveWindow() / 4) {
            sendSack();
            if (!inReceiveBatch) flush(nowNanos);
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
        return pathActive;
    }

    /** The association's error counter (RFC 9260 §8.1). */
    public int errorCount() {
        return errorCount;
    }

    /** HEARTBEAT chunks sent to the idle path (RFC 9260 §8.3). */
    public long heartbeatsSent() {
        return heartbeatsSent;
    }

    /** Chunks of types we do not know, handled as their two high type bits say (RFC 9260 §3.2). */
    public long unrecognizedChunks() {
        return unrecognizedChunks;
    }

    /** Messages abandoned under their partial-reliability limit (RFC 3758 §3.5). */
    public long abandonedMessages() {
        return abandonedMessages;
    }

    /** FORWARD TSN chunks sent (RFC 3758 §3.2), first sendings and repeats. */
    public long forwardTsnsSent() {
        return forwardTsnsSent;
    }

    /** FORWARD TSN chunks received (RFC 3758 §3.6). */
    public long forwardTsnsReceived() {
        return forwardTsnsReceived;
    }

    /** A one-line summary of the sender's state, for logs and failed assertions. */
    @Override
    public String toString() {
        return "SctpAssociation{state=" + state + " flight=" + flightSize + " cwnd=" + cwnd + " rwnd=" + peerReceiveWindow + " outstanding=" + outstanding.size()
                + " pending=" + pending.size() + " t3=" + t3Deadline + " cum=" + cumulativeAcked + " ap=" + advancedPeerAckPoint
                + " next=" + nextTsn + " fwdPending=" + forwardTsnPending + " first=" + (outstanding.isEmpty() ? null : outstanding.get(outstanding.firstKey()).abandoned + "/" + outstanding.firstKey()) + "}";
    }

    /** The congestion window in bytes (RFC 9260 §7.2). */
    public long congestionWindow() {
        return cwnd;
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

    private OutgoingStream outStream(int streamId) {
        return outStreams.computeIfAbsent(streamId, s -> new OutgoingStream());
    }

    private static void checkStreamId(int streamId) {
        if (streamId < 0 || streamId >= STREAMS) throw new IllegalArgumentException("stream id out of range: " + streamId);
    }

    // ------------------------------------------------------------------------------------------------ handshake

    /** Opens the association by sending INIT (RFC 9260 §5.1); in WebRTC both sides may do so at once. */
    public void connect(long nowNanos) {
        if (state != State.CLOSED) throw new IllegalStateException("connect in state " + state);
        state = State.COOKIE_WAIT;
        sendInit(nowNanos);
    }

    private void sendInit(long nowNanos) {
        InitChunk init = new InitChunk(false, localTag, config.receiveWindow(), STREAMS, config.maxInboundStreams(),
                localInitialTsn, supportedExtensions());
        transmits.add(new SctpPacket(config.port(), config.port(), 0, List.of(init)).serialize());
        t1Deadline = nowNanos + rto;
    }

    private List<SctpParameter> supportedExtensions() {
        return List.of(new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, new byte[] {(byte) SctpChunk.FORWARD_TSN, (byte) SctpChunk.RE_CONFIG}));
    }

    private static boolean announcesReconfig(InitChunk init) {
        for (SctpParameter p : init.parameters()) {
            if (p.type() != SctpParameter.SUPPORTED_EXTENSIONS) continue;
            for (byte t : p.value()) {
                if ((t & 0xFF) == SctpChunk.RE_CONFIG) return true;
            }
        }
        return false;
    }

    /** FORWARD TSN is announced either way (RFC 3758 §3.1 parameter, or in the Supported Extensions of RFC 5061). */
    private static boolean announcesForwardTsn(InitChunk init) {
        if (init.forwardTsnSupported()) return true;
        for (SctpParameter p : init.parameters()) {
            if (p.type() != SctpParameter.SUPPORTED_EXTENSIONS) continue;
            for (byte t : p.value()) {
                if ((t & 0xFF) == SctpChunk.FORWARD_TSN) return true;
            }
        }
        return false;
    }

    private void handleInit(long nowNanos, InitChunk init) {
        if (state == State.ESTABLISHED || state.ordinal() > State.ESTABLISHED.ordinal()) {
            droppedPackets++; // a peer restart is not supported: WebRTC never restarts an association
            return;
        }
        // Stateless (RFC 9260 §5.1.3): everything needed later goes into the authenticated cookie. In COOKIE-WAIT
        // or COOKIE-ECHOED (both sides opened) the same tags are reused (§5.2.1).
        byte[] cookie = makeCookie(nowNanos, init);
        List<SctpParameter> params = new ArrayList<>(supportedExtensions());
        params.add(new SctpParameter(SctpParameter.STATE_COOKIE, cookie));
        InitChunk ack = new InitChunk(true, localTag, config.receiveWindow(), STREAMS, config.maxInboundStreams(),
                localInitialTsn, params);
        transmits.add(new SctpPacket(config.port(), config.port(), init.initiateTag(), List.of(ack)).serialize());
    }

    private byte[] makeCookie(long nowNanos, InitChunk init) {
        int flags = (announcesForwardTsn(init) ? COOKIE_FLAG_FORWARD_TSN : 0) | (announcesReconfig(init) ? COOKIE_FLAG_RECONFIG : 0);
        ByteBuffer b = ByteBuffer.allocate(36 + 32);
        b.putInt((int) init.initiateTag()).putInt((int) init.initialTsn()).putInt((int) init.advertisedReceiverWindow())
                .putInt((int) localTag).putInt(localInitialTsn).putLong(nowNanos)
                .putInt(init.inboundStreams()).putInt(flags);
        b.put(hmac(b.array(), 36));
        return b.array();
    }

    private byte[] hmac(byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cookieSecret, "HmacSHA256"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }

    private void handleInitAck(long nowNanos, InitChunk ack) {
        if (state != State.COOKIE_WAIT) {
            return; // RFC 9260 §5.2.3: an unexpected INIT ACK is discarded
        }
        byte[] cookie = ack.stateCookie();
        if (cookie == null) {
            droppedPackets++;
            return;
        }
        peerTag = ack.initiateTag();
        setPeerInitialTsn(ack.initialTsn());
        peerReceiveWindow = ack.advertisedReceiverWindow();
        peerForwardTsn = announcesForwardTsn(ack);
        peerReconfig = announcesReconfig(ack);
        outboundStreams = Math.min(STREAMS, ack.inboundStreams());
        cookieEcho = cookie;
        state = State.COOKIE_ECHOED;
        t1Retransmits = 0;
        sendCookieEcho(nowNanos);
    }

    private void setPeerInitialTsn(long initialTsn) {
        inbound.start(initialTsn);
        peerNextReconfigSequence = initialTsn & 0xFFFFFFFFL; // RFC 6525 §5.2.1: the peer's first request has its initial TSN
    }

    private void sendCookieEcho(long nowNanos) {
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new CookieEchoChunk(cookieEcho))).serialize());
        t1Deadline = nowNanos + rto;
    }

    private void handleCookieEcho(long nowNanos, CookieEchoChunk echo) {
        byte[] c = echo.cookie();
        if (c.length != 68 || !MessageDigest.isEqual(Arrays.copyOfRange(c, 36, 68), hmac(c, 36))) {
            droppedPackets++; // forged or damaged cookie
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(c);
        long cookiePeerTag = b.getInt() & 0xFFFFFFFFL;
        long cookiePeerTsn = b.getInt() & 0xFFFFFFFFL;
        long cookiePeerRwnd = b.getInt() & 0xFFFFFFFFL;
        long cookieLocalTag = b.getInt() & 0xFFFFFFFFL;
        b.getInt();
        long made = b.getLong();
        int peerInboundStreams = b.getInt();
        int flags = b.getInt();
        if (cookieLocalTag != localTag || nowNanos - made > COOKIE_LIFETIME_NANOS) {
            droppedPackets++; // stale cookie, or one minted for another association
            return;
        }
        if (state != State.ESTABLISHED) {
            peerTag = cookiePeerTag;
            setPeerInitialTsn(cookiePeerTsn);
            peerReceiveWindow = cookiePeerRwnd;
            peerForwardTsn = (flags & COOKIE_FLAG_FORWARD_TSN) != 0;
            peerReconfig = (flags & COOKIE_FLAG_RECONFIG) != 0;
            outboundStreams = Math.max(1, Math.min(STREAMS, peerInboundStreams));
            establish();
        }
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new SimpleChunk(SctpChunk.COOKIE_ACK, false))).serialize());
    }

    private void establish() {
        if (state == State.ESTABLISHED) return;
        state = State.ESTABLISHED;
        t1Deadline = Long.MAX_VALUE;
        t1Retransmits = 0;
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
                    handleData(d, errorCauses);
                    dataSeen = true;
                }
            } else if (chunk instanceof SackChunk sack) {
                if (state.ordinal() >= State.ESTABLISHED.ordinal()) handleSack(nowNanos, sack);
            } else if (chunk instanceof ForwardTsnChunk fwd) {
                if (receivingData()) {
                    handleForwardTsn(fwd);
                    dataSeen = true;
                }
            } else if (chunk instanceof ReconfigChunk reconfig) {
                if (state.ordinal() >= State.ESTABLISHED.ordinal()) handleReconfig(nowNanos, reconfig);
            } else if (chunk instanceof HeartbeatChunk hb) {
                if (!hb.ack()) {
                    transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                            List.of(new HeartbeatChunk(true, hb.parameters()))).serialize());
                } else if (state.ordinal() >= State.ESTABLISHED.ordinal()) {
                    handleHeartbeatAck(nowNanos, hb);
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
                    transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                            List.of(new SimpleChunk(SctpChunk.SHUTDOWN_COMPLETE, false))).serialize());
                    closeLocally();
                    return;
                } else if (s.type() == SctpChunk.SHUTDOWN_COMPLETE && state == State.SHUTDOWN_ACK_SENT) {
                    closeLocally();
                    return;
                }
            } else if (chunk instanceof UnknownChunk u) {
                unrecognizedChunks++;
                if (u.report()) errorCauses.add(unrecognizedChunkCause(u));
                if (u.stopProcessing()) break; // RFC 9260 §3.2: the rest of the packet is discarded
            }
            // ERROR needs no action: what it reports was already counted where it was caused.
        }
        if (!errorCauses.isEmpty() && peerTag != 0) sendErrors(errorCauses);
        if (dataSeen) {
            packetsSinceSack++;
            if (inReceiveBatch) {
                sackDecisionDue = true;
            } else {
                decideSack(nowNanos);
            }
        }
        if (!inReceiveBatch) flush(nowNanos);
    }

    /** SACK at once when something is odd or every second packet, else within 200 ms (RFC 9260 §6.2, §6.7). */
    private void decideSack(long nowNanos) {
        if (sackNow || packetsSinceSack >= 2 || state == State.SHUTDOWN_SENT) {
            sendSack();
        } else if (sackDeadline == Long.MAX_VALUE) {
            sackDeadline = nowNanos + DELAYED_SACK_NANOS;
        }
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
        inReceiveBatch = true;
    }

    /**
     * Ends the batch begun by {@link #beginReceiveBatch}: sends the SACK the batch calls for (or arms the delayed
     * SACK timer) and then what the windows allow of new data and retransmissions. Does nothing outside a batch.
     * Call it once every packet of the batch is handled, before polling the association for output and timeouts.
     */
    public void endReceiveBatch(long nowNanos) {
        if (!inReceiveBatch) return;
        inReceiveBatch = false;
        if (sackDecisionDue) {
            sackDecisionDue = false;
            // Not after an abort inside the batch: there is no association left to acknowledge for.
            if (state != State.CLOSED) decideSack(nowNanos);
        }
        flush(nowNanos);
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
            transmits.add(new SctpPacket(config.port(), config.port(), p.verificationTag(),
                    List.of(new SimpleChunk(SctpChunk.SHUTDOWN_COMPLETE, true))).serialize());
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
            return a.tagReflected() ? tag == peerTag : tag == localTag;
        }
        if (chunk instanceof SimpleChunk s && s.type() == SctpChunk.SHUTDOWN_COMPLETE && s.tagReflected()) {
            return tag == peerTag;
        }
        return tag == localTag;
    }

    private static byte[] unrecognizedChunkCause(UnknownChunk u) {
        ChunkOut chunk = new ChunkOut();
        u.writeTo(chunk);
        byte[] c = chunk.toArray();
        int chunkLength = 4 + u.value().length;
        byte[] cause = new byte[4 + chunkLength];
        cause[0] = 0;
        cause[1] = CAUSE_UNRECOGNIZED_CHUNK;
        cause[2] = (byte) (cause.length >>> 8);
        cause[3] = (byte) cause.length;
        System.arraycopy(c, 0, cause, 4, chunkLength);
        return cause;
    }

    private static byte[] invalidStreamCause(int streamId) {
        return new byte[] {0, CAUSE_INVALID_STREAM, 0, 8, (byte) (streamId >>> 8), (byte) streamId, 0, 0};
    }

    /** One ERROR chunk with the causes, each padded to 4 bytes (RFC 9260 §3.3.10), as long as it fits a packet. */
    private void sendErrors(List<byte[]> causes) {
        ChunkOut out = new ChunkOut();
        for (byte[] c : causes) {
            if (out.position() + c.length + 3 > config.maxPacketSize() - COMMON_HEADER - 4) break;
            out.bytes(c);
            while (out.position() % 4 != 0) out.u8(0);
        }
        if (out.position() == 0) return;
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new ErrorChunk(out.toArray()))).serialize());
    }

    // ------------------------------------------------------------------------------------------------ receiving

    private void handleData(DataChunk d, List<byte[]> errorCauses) {
        switch (inbound.add(d)) {
            case ACCEPTED -> { }
            case DUPLICATE -> {
                duplicates.add(d.tsn());
                sackNow = true;
            }
            case DROPPED -> droppedPackets++;
            case WINDOW_FULL -> {
                // RFC 9260 §6.2: a chunk dropped for want of window is answered at once with the window as it is.
                receiveWindowDrops++;
                sackNow = true;
            }
            case INVALID_STREAM -> {
                // RFC 9260 §6.5: acknowledged, reported, discarded.
                droppedPackets++;
                if (errorCauses.size() < 16) errorCauses.add(invalidStreamCause(d.streamId()));
            }
            case MESSAGE_TOO_BIG -> abortLocally("message of " + inbound.oversize() + " bytes exceeds max-message-size "
                    + config.maxMessageSize());
        }
        if (inbound.takeGapSeen()) sackNow = true; // out of order: tell the sender about the gap at once (§6.7)
    }

    /** FORWARD TSN (RFC 3758 §3.6): the sender gave up on everything up to the new cumulative TSN. */
    private void handleForwardTsn(ForwardTsnChunk fwd) {
        forwardTsnsReceived++;
        sackNow = true;
        if (!inbound.forwardTsn(fwd)) droppedPackets++;
    }

    private void sendSack() {
        List<Long> reported = duplicates.isEmpty() ? List.of()
                : duplicates.size() > 128 ? List.copyOf(duplicates.subList(0, 128)) : List.copyOf(duplicates);
        lastAdvertisedWindow = inbound.window();
        SackChunk sack = new SackChunk(inbound.cumulativeTsn(), lastAdvertisedWindow, inbound.gapBlocks(128), reported);
        duplicates.clear();
        packetsSinceSack = 0;
        sackDeadline = Long.MAX_VALUE;
        sackNow = false;
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(sack)).serialize());
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
        OutgoingStream stream = outStream(streamId);
        if (stream.resetting) throw new IllegalStateException("cannot send: stream " + streamId + " is being reset");
        if (counted && bufferedAmount + data.length > config.maxSendBufferBytes()) {
            throw new SctpSendBufferFullException("cannot send " + data.length + " bytes: " + bufferedAmount
                    + " are buffered and the send buffer holds " + config.maxSendBufferBytes());
        }
        int maxRetransmissions = peerForwardTsn ? options.maxRetransmissions() : -1;
        long expiresAt = peerForwardTsn && options.maxLifetimeMillis() >= 0
                ? nowNanos + options.maxLifetimeMillis() * 1_000_000L : Long.MAX_VALUE;
        if (expiresAt != Long.MAX_VALUE) lifetimesUsed = true;
        // A multiple of 4, so the padded DATA chunk still fits maxPacketSize (a 1135-byte fragment padded to 1136
        // made 1164-byte packets, one byte over, and 1201-byte datagrams behind DTLS).
        int fragment = (config.maxPacketSize() - COMMON_HEADER - DATA_HEADER) & ~3;
        int first = data.length > fragment ? firstFragmentSize(fragment) : fragment;
        int fragments = data.length <= first ? 1 : 1 + (data.length - first + fragment - 1) / fragment;
        OutgoingMessage message = new OutgoingMessage(streamId, options.unordered(), ppid, maxRetransmissions, expiresAt,
                counted ? data.length : 0, fragments);
        for (int off = 0; off < data.length; ) {
            int n = Math.min(off == 0 ? first : fragment, data.length - off);
            pending.add(new Fragment(message, Arrays.copyOfRange(data, off, off + n), off == 0, off + n == data.length));
            stream.pendingFragments++;
            message.unsentFragments++;
            off += n;
        }
        if (counted) {
            bufferedAmount += data.length;
            stream.buffered += data.length;
        }
        flush(nowNanos);
    }

    /**
     * How much of a message that needs several fragments goes into its first one. Full fragments fill a packet each,
     * so a message's short last fragment starts a packet that it leaves partly empty. When such an end is the last
     * thing queued, it is what flush packs right before this message, and the first fragment is cut to fill the rest
     * of that packet (DATA chunks of several messages bundled, RFC 9260 §6.10) rather than be a full one: a 16 KiB
     * message then costs 14.5 packets on average instead of 15. Anything else queued last, or too little room, and
     * the first fragment is a full one as usual.
     */
    private int firstFragmentSize(int fragment) {
        Fragment last = pending.peekLast();
        if (last == null || last.beginning() || !last.ending()) return fragment;
        int room = config.maxPacketSize() - COMMON_HEADER - (DATA_HEADER + ((last.payload().length + 3) & ~3)) - DATA_HEADER;
        int n = room & ~3;
        return n >= MIN_BUNDLED_FRAGMENT ? n : fragment;
    }

    private boolean sendingData() {
        return state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_RECEIVED;
    }

    /** Packs what congestion and receive windows allow into packets. */
    private void flush(long nowNanos) {
        if (!sendingData()) return;
        // Retransmissions whose message has outlived its lifetime are abandoned rather than sent (RFC 3758 §3.5 A3).
        if (markedForRetransmit > 0 && lifetimesUsed) {
            // Stops once every chunk still marked is behind; abandoning unmarks fragments ahead too.
            int kept = 0;
            for (long t = Math.max(lowestMarked, outstanding.base()); markedForRetransmit > kept && t < outstanding.end(); t++) {
                Outstanding o = outstanding.get(t);
                if (o == null || !o.retransmit) continue;
                if (nowNanos > o.message.expiresAt) abandon(o.message); else kept++;
            }
        }
        advanceAckPoint(nowNanos);
        List<SctpChunk> packet = new ArrayList<>();
        int size = COMMON_HEADER;
        if (forwardTsnPending) {
            // FORWARD TSN goes ahead of the DATA in the packet (RFC 3758 §3.5 C2).
            ForwardTsnChunk fwd = forwardTsn(nowNanos);
            packet.add(fwd);
            size += 8 + 4 * fwd.skips().size();
        }
        // Retransmissions first, then new data (RFC 9260 §6.1 rule C).
        for (long t = Math.max(lowestMarked, outstanding.base()); markedForRetransmit > 0 && t < outstanding.end(); t++) {
            Outstanding o = outstanding.get(t);
            if (o == null || !o.retransmit) continue;
            lowestMarked = t; // everything below is unmarked now
            int chunkSize = DATA_HEADER + ((o.chunk.payload().length + 3) & ~3);
            if (flightSize > 0 && flightSize + o.chunk.payload().length > cwnd) break;
            if (size + chunkSize > config.maxPacketSize()) {
                emit(packet);
                packet = new ArrayList<>();
                size = COMMON_HEADER;
            }
            unmarkRetransmit(o);
            o.inFlight = true;
            o.transmissions++;
            o.sentAt = nowNanos;
            flightSize += o.chunk.payload().length;
            packet.add(o.chunk);
            size += chunkSize;
        }
        boolean abandonedWhileSending = false;
        while (!pending.isEmpty()) {
            Fragment next = pending.peek();
            OutgoingMessage m = next.message();
            if (m.abandoned) {
                pending.poll();
                outStreams.get(m.streamId).pendingFragments--;
                continue;
            }
            if (nowNanos > m.expiresAt) {
                if (m.sent.isEmpty()) {
                    // Never sent, not even its sequence number: it can vanish without the peer noticing.
                    m.abandoned = true;
                    abandonedMessages++;
                    unbuffer(m.streamId, m.unsentBytes);
                    m.unsentBytes = 0;
                } else {
                    abandon(m);
                    abandonedWhileSending = true;
                }
                continue;
            }
            int len = next.payload().length;
            if (flightSize > 0 && (flightSize + len > cwnd || len > peerReceiveWindow)) break;
            int chunkSize = DATA_HEADER + ((len + 3) & ~3);
            if (size + chunkSize > config.maxPacketSize()) {
                emit(packet);
                packet = new ArrayList<>();
                size = COMMON_HEADER;
            }
            pending.poll();
            OutgoingStream stream = outStreams.get(m.streamId);
            stream.pendingFragments--;
            if (m.ssn < 0) {
                // Sequence numbers are taken when a message starts going out, so an expired unsent one leaves no gap.
                if (m.unordered) {
                    m.ssn = 0;
                } else {
                    m.ssn = stream.nextSsn;
                    stream.nextSsn = (stream.nextSsn + 1) & 0xFFFF;
                }
            }
            DataChunk withTsn = new DataChunk(false, m.unordered, next.beginning(), next.ending(), nextTsn & 0xFFFFFFFFL,
                    m.streamId, m.ssn, m.ppid, next.payload());
            nextTsn++;
            Outstanding o = new Outstanding(withTsn, m, nowNanos);
            o.buffered = m.counted;
            m.sent.add(o);
            m.unsentFragments--;
            if (m.counted) m.unsentBytes -= len;
            outstanding.put(extendOwn(withTsn.tsn()), o);
            flightSize += len;
            peerReceiveWindow = Math.max(0, peerReceiveWindow - len);
            packet.add(withTsn);
            size += chunkSize;
        }
        if (heartbeatIntervalNanos != 0 && !packet.isEmpty() && heartbeatAckDeadline == Long.MAX_VALUE) armHeartbeat(nowNanos);
        emit(packet);
        if (abandonedWhileSending) {
            advanceAckPoint(nowNanos);
            if (forwardTsnPending) emit(new ArrayList<>(List.of(forwardTsn(nowNanos))));
        }
        if (!outstanding.isEmpty() && t3Deadline == Long.MAX_VALUE) t3Deadline = nowNanos + rto;
        if (heartbeatIntervalNanos != 0 && heartbeatDeadline == Long.MAX_VALUE && heartbeatAckDeadline == Long.MAX_VALUE) {
            armHeartbeat(nowNanos);
        }
        maybeSendResetRequest(nowNanos);
        if (outstanding.isEmpty() && pending.isEmpty()) {
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

    private void markRetransmit(Outstanding o) {
        if (!o.retransmit) {
            markedForRetransmit++;
            lowestMarked = Math.min(lowestMarked, extendOwn(o.chunk.tsn()));
        }
        o.retransmit = true;
    }

    private void unmarkRetransmit(Outstanding o) {
        if (o.retransmit && --markedForRetransmit == 0) lowestMarked = Long.MAX_VALUE;
        o.retransmit = false;
    }

    private long extendOwn(long tsn) {
        long diff = (int) (tsn - (cumulativeAcked & 0xFFFFFFFFL));
        return cumulativeAcked + diff;
    }

    private void emit(List<SctpChunk> chunks) {
        if (!chunks.isEmpty()) transmits.add(new SctpPacket(config.port(), config.port(), peerTag, chunks).serialize());
    }

    private void unbuffer(int streamId, long bytes) {
        if (bytes == 0) return;
        bufferedAmount -= bytes;
        OutgoingStream s = outStreams.get(streamId);
        long before = s.buffered;
        s.buffered -= bytes;
        if (before > s.lowThreshold && s.buffered <= s.lowThreshold) events.add(new SctpEvent.BufferedAmountLow(streamId));
    }

    /** True when sending {@code o} again would break its message's retransmission limit (RFC 3758 §4, "rtx"). */
    private static boolean retransmissionsExhausted(Outstanding o) {
        return o.message.maxRetransmissions >= 0 && o.transmissions > o.message.maxRetransmissions;
    }

    /** Gives up on a whole message: every fragment, sent or not (RFC 3758 §3.5 A3, RFC 8831 §6.6). */
    private void abandon(OutgoingMessage m) {
        if (m.abandoned) return;
        m.abandoned = true;
        abandonedMessages++;
        for (Outstanding o : m.sent) {
            if (o.acked) continue;
            o.abandoned = true;
            unmarkRetransmit(o);
            if (o.inFlight) {
                o.inFlight = false;
                flightSize -= o.chunk.payload().length;
            }
            if (o.buffered) {
                o.buffered = false;
                unbuffer(m.streamId, o.chunk.payload().length);
            }
        }
        unbuffer(m.streamId, m.unsentBytes); // its unsent fragments are dropped from the queue as flush reaches them
        m.unsentBytes = 0;
        if (m.unsentFragments > 0 && !m.sent.isEmpty()) {
            // Part of it went out, the rest never will. If what went out is all acknowledged, nothing abandoned is
            // left for the ack point to pass, and the peer would wait for the missing end forever. So the end gets
            // a TSN of its own that is abandoned from the start: the FORWARD TSN covers it and the peer moves on.
            DataChunk last = m.sent.get(m.sent.size() - 1).chunk;
            DataChunk end = new DataChunk(false, m.unordered, false, true, nextTsn & 0xFFFFFFFFL, m.streamId, m.ssn, last.ppid(), new byte[1]);
            nextTsn++;
            Outstanding placeholder = new Outstanding(end, m, 0);
            placeholder.inFlight = false;
            placeholder.buffered = false;
            placeholder.abandoned = true;
            m.sent.add(placeholder);
            placeholders.add(placeholder); // callers may be iterating over outstanding: it goes in afterwards
            m.unsentFragments = 0;
        }
    }

    /** Moves the Advanced.Peer.Ack.Point over abandoned chunks (RFC 3758 §3.5 C1); a FORWARD TSN is due if it moved. */
    private void advanceAckPoint(long nowNanos) {
        insertPlaceholders();
        if (!peerForwardTsn) return;
        long point = Math.max(advancedPeerAckPoint, cumulativeAcked);
        boolean more = true;
        while (more) {
            more = false;
            for (Outstanding o = outstanding.get(point + 1); o != null; o = outstanding.get(point + 1)) {
                if (!o.abandoned && nowNanos > o.message.expiresAt && !o.gapAcked) abandon(o.message);
                if (!o.abandoned) break;
                point++;
            }
            if (!placeholders.isEmpty()) {
                insertPlaceholders();
                more = true; // a placeholder may continue the run of abandoned TSNs
            }
        }
        if (point > advancedPeerAckPoint) {
            advancedPeerAckPoint = point;
            forwardTsnPending = true;
        }
        if (advancedPeerAckPoint <= cumulativeAcked) forwardTsnPending = false;
    }

    private void insertPlaceholders() {
        for (Outstanding o : placeholders) outstanding.put(extendOwn(o.chunk.tsn()), o);
        placeholders.clear();
    }

    /** FORWARD TSN to the ack point, naming the last abandoned sequence number of each ordered stream (RFC 3758 §3.2). */
    private ForwardTsnChunk forwardTsn(long nowNanos) {
        forwardTsnPending = false;
        forwardTsnsSent++;
        forwardTsnSentAt = nowNanos;
        forwardTsnSentAfter = extendOwn((nextTsn - 1) & 0xFFFFFFFFL);
        Map<Integer, Integer> skips = new LinkedHashMap<>();
        for (long t = outstanding.base(); t <= advancedPeerAckPoint && t < outstanding.end(); t++) {
            Outstanding o = outstanding.get(t);
            if (o != null && o.abandoned && !o.message.unordered) skips.put(o.message.streamId, o.message.ssn);
        }
        List<ForwardTsnChunk.StreamSkip> list = new ArrayList<>(skips.size());
        for (Map.Entry<Integer, Integer> e : skips.entrySet()) list.add(new ForwardTsnChunk.StreamSkip(e.getKey(), e.getValue()));
        if (list.size() > (config.maxPacketSize() - COMMON_HEADER - 8) / 4) {
            list = list.subList(0, (config.maxPacketSize() - COMMON_HEADER - 8) / 4); // cannot happen below 280 streams
        }
        return new ForwardTsnChunk(advancedPeerAckPoint & 0xFFFFFFFFL, list);
    }

    private void handleSack(long nowNanos, SackChunk sack) {
        insertPlaceholders();
        long cum = extendOwn(sack.cumulativeTsnAck());
        if (cum < cumulativeAcked) return; // an old SACK arriving late (RFC 9260 §6.2.1 D)
        if (cum >= extendOwn(nextTsn & 0xFFFFFFFFL)) {
            droppedPackets++; // acknowledges data never sent: forged or broken
            return;
        }
        long bytesAcked = 0;
        boolean rttTaken = false;
        boolean cumAdvanced = cum > cumulativeAcked;
        sackSinceT3 = true;
        peerAdvertisedWindow = sack.advertisedReceiverWindow();
        for (long t = outstanding.base(); t <= cum && t < outstanding.end(); t++) {
            Outstanding o = outstanding.get(t);
            if (o == null) continue;
            int len = o.chunk.payload().length;
            if (!o.gapAcked && !o.abandoned) bytesAcked += len;
            if (o.inFlight) {
                o.inFlight = false;
                flightSize -= len;
            }
            if (o.transmissions == 1 && !rttTaken && !o.abandoned) {
                updateRto(nowNanos - o.sentAt); // Karn: only chunks sent once
                rttTaken = true;
            }
            o.acked = true;
            unmarkRetransmit(o);
            if (o.buffered) {
                o.buffered = false;
                unbuffer(o.message.streamId, len);
            }
        }
        outstanding.removeThrough(cum);
        cumulativeAcked = Math.max(cumulativeAcked, cum);
        long highestGapAcked = cum;
        long previousEnd = cum;
        for (SackChunk.GapBlock g : sack.gapBlocks()) {
            // Blocks come in ascending order without overlap (RFC 9260 §3.3.4); others are skipped, which keeps a
            // forged SACK from costing more than one pass over what is outstanding.
            if (cum + g.start() <= previousEnd) continue;
            previousEnd = cum + g.end();
            for (long t = cum + g.start(); t <= cum + g.end(); t++) {
                Outstanding o = outstanding.get(t);
                if (o == null) break; // beyond what was sent
                if (!o.gapAcked) {
                    o.gapAcked = true;
                    if (!o.abandoned) bytesAcked += o.chunk.payload().length;
                    if (o.inFlight) {
                        o.inFlight = false;
                        flightSize -= o.chunk.payload().length;
                    }
                    unmarkRetransmit(o);
                }
                highestGapAcked = Math.max(highestGapAcked, t);
            }
        }
        // Fast retransmit (RFC 9260 §7.2.4): three reports of a TSN missing below the highest acknowledged.
        for (long t = outstanding.base(); t < highestGapAcked && t < outstanding.end(); t++) {
            Outstanding o = outstanding.get(t);
            if (o != null && !o.gapAcked && !o.retransmit && !o.abandoned && ++o.missingReports == 3) {
                o.missingReports = 0;
                if (retransmissionsExhausted(o)) {
                    abandon(o.message);
                    continue;
                }
                markRetransmit(o);
                if (o.inFlight) {
                    o.inFlight = false;
                    flightSize -= o.chunk.payload().length;
                }
                if (!inFastRecovery) {
                    inFastRecovery = true;
                    fastRecoveryExit = outstanding.end() - 1;
                    ssthresh = Math.max(cwnd / 2, 4L * config.maxPacketSize());
                    cwnd = ssthresh;
                    partialBytesAcked = 0;
                }
            }
        }
        if (inFastRecovery && cumulativeAcked >= fastRecoveryExit) inFastRecovery = false;
        if (cumAdvanced && !inFastRecovery) growWindow(bytesAcked);
        if (cumAdvanced || bytesAcked > 0) peerAnswered(); // new data acknowledged (RFC 9260 §8.1, §8.2)
        peerReceiveWindow = Math.max(0, sack.advertisedReceiverWindow() - flightSize);
        if (outstanding.isEmpty()) {
            t3Deadline = Long.MAX_VALUE;
        } else if (cumAdvanced) {
            t3Deadline = nowNanos + rto;
        }
        advanceAckPoint(nowNanos);
        // RFC 3758 §3.5 C3: the peer still acknowledges below the ack point, so our FORWARD TSN may be lost; say it
        // again. At once when the peer has data sent after it (so it was lost or overtaken), otherwise at most once
        // a round trip, so that a burst of SACKs does not become a burst of FORWARD TSNs.
        if (advancedPeerAckPoint > cumulativeAcked
                && (highestGapAcked > forwardTsnSentAfter || nowNanos - forwardTsnSentAt >= Math.max(srtt, 0))) {
            forwardTsnPending = true;
        }
    }

    /** Slow start and congestion avoidance (RFC 9260 §7.2.1, §7.2.2). */
    private void growWindow(long bytesAcked) {
        int mtu = config.maxPacketSize();
        if (cwnd <= ssthresh) {
            cwnd += Math.min(bytesAcked, mtu);
        } else {
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
        }
    }

    /** RFC 6298 §2 with alpha 1/8, beta 1/4, clamped to the configured bounds. */
    private void updateRto(long rtt) {
        if (srtt < 0) {
            srtt = rtt;
            rttvar = rtt / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - rtt)) / 4;
            srtt = (7 * srtt + rtt) / 8;
        }
        rto = Math.max(config.rtoMin().toNanos(), Math.min(config.rtoMax().toNanos(), srtt + 4 * rttvar));
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
        for (int id : streamIds) {
            OutgoingStream s = outStream(id);
            if (s.resetting) continue;
            s.resetting = true;
            resetQueued.add(id);
        }
        flush(nowNanos);
    }

    /** One request at a time (RFC 6525 §5.1.1), for the queued streams whose data has all been given a TSN. */
    private void maybeSendResetRequest(long nowNanos) {
        if (resetInFlight != null || resetQueued.isEmpty() || state != State.ESTABLISHED) return;
        List<Integer> ready = new ArrayList<>();
        for (int id : resetQueued) {
            if (outStreams.get(id).pendingFragments == 0) ready.add(id);
            if (ready.size() == 128) break; // keeps the chunk well inside one packet
        }
        if (ready.isEmpty()) return;
        ready.forEach(resetQueued::remove);
        resetInFlight = new OutgoingSsnResetRequest(nextReconfigSequence, (peerNextReconfigSequence - 1) & 0xFFFFFFFFL,
                (nextTsn - 1) & 0xFFFFFFFFL, ready);
        nextReconfigSequence = (nextReconfigSequence + 1) & 0xFFFFFFFFL;
        reconfigRto = rto;
        sendResetRequest(nowNanos);
    }

    private void sendResetRequest(long nowNanos) {
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                List.of(new ReconfigChunk(List.of(resetInFlight.toParameter())))).serialize());
        reconfigDeadline = nowNanos + reconfigRto;
    }

    private void handleReconfig(long nowNanos, ReconfigChunk chunk) {
        List<SctpParameter> responses = new ArrayList<>(2);
        for (SctpParameter p : chunk.parameters()) {
            switch (p.type()) {
                case SctpParameter.OUTGOING_SSN_RESET_REQUEST -> {
                    OutgoingSsnResetRequest req = OutgoingSsnResetRequest.from(p);
                    if (req == null) {
                        droppedPackets++;
                    } else {
                        responses.add(new ReconfigResponse(req.requestSequence(), handlePeerReset(req)).toParameter());
                    }
                }
                case SctpParameter.RECONFIG_RESPONSE -> {
                    ReconfigResponse resp = ReconfigResponse.from(p);
                    if (resp == null) droppedPackets++; else handleReconfigResponse(nowNanos, resp);
                }
                case SctpParameter.INCOMING_SSN_RESET_REQUEST, 15, 17, 18 -> {
                    // Incoming SSN reset, SSN/TSN reset, add streams (RFC 6525 §4.2, §4.3, §4.5, §4.6): WebRTC uses
                    // none of them, so they are denied, in sequence like any request.
                    if (p.value().length < 4) {
                        droppedPackets++;
                        continue;
                    }
                    long seq = OutgoingSsnResetRequest.u32(p.value(), 0);
                    long result = ReconfigResponse.DENIED;
                    if (seq == peerNextReconfigSequence) {
                        peerNextReconfigSequence = (peerNextReconfigSequence + 1) & 0xFFFFFFFFL;
                        lastPeerReconfigResult = result;
                    } else if (seq != ((peerNextReconfigSequence - 1) & 0xFFFFFFFFL)) {
                        result = ReconfigResponse.ERROR_BAD_SEQUENCE_NUMBER;
                    }
                    responses.add(new ReconfigResponse(seq, result).toParameter());
                }
                default -> droppedPackets++;
            }
        }
        if (!responses.isEmpty()) {
            transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new ReconfigChunk(responses))).serialize());
        }
    }

    /**
     * The peer resets its outgoing streams, our incoming ones (RFC 6525 §5.2.2); returns the result to answer.
     *
     * <p>A request answered "In progress" has used its sequence number; the peer asks again either with the same
     * number (RFC 6525 §5.2.1 retransmission, which is then evaluated afresh) or with the next one (what older
     * dcsctp and others send), so both are taken.
     */
    private long handlePeerReset(OutgoingSsnResetRequest req) {
        long seq = req.requestSequence();
        boolean retransmission = seq == ((peerNextReconfigSequence - 1) & 0xFFFFFFFFL);
        if (retransmission && lastPeerReconfigResult != ReconfigResponse.IN_PROGRESS) return lastPeerReconfigResult;
        if (!retransmission && seq != peerNextReconfigSequence) return ReconfigResponse.ERROR_BAD_SEQUENCE_NUMBER;
        if (!retransmission) {
            peerNextReconfigSequence = (peerNextReconfigSequence + 1) & 0xFFFFFFFFL;
            OutgoingSsnResetRequest done = performedAfterInProgress;
            performedAfterInProgress = null;
            if (done != null && done.lastAssignedTsn() == req.lastAssignedTsn() && done.streamIds().equals(req.streamIds())) {
                // The same reset asked again under a new number because our "In progress" reached the peer after a
                // retransmission of it had already been performed: done once, and must not be done twice (it would
                // reset whatever uses the stream by now).
                lastPeerReconfigResult = ReconfigResponse.SUCCESS_PERFORMED;
                return lastPeerReconfigResult;
            }
        }
        if (!inbound.hasReceivedThrough(req.lastAssignedTsn())) {
            // Data sent before the reset is still missing: the peer asks again after a while (deferred reset).
            lastPeerReconfigResult = ReconfigResponse.IN_PROGRESS;
            return lastPeerReconfigResult;
        }
        if (retransmission) performedAfterInProgress = req;
        events.add(new SctpEvent.StreamsReset(inbound.resetStreams(req.streamIds())));
        lastPeerReconfigResult = ReconfigResponse.SUCCESS_PERFORMED;
        return lastPeerReconfigResult;
    }

    private void handleReconfigResponse(long nowNanos, ReconfigResponse resp) {
        if (resetInFlight == null || resp.responseSequence() != resetInFlight.requestSequence()) return; // stale
        if (resp.result() == ReconfigResponse.IN_PROGRESS) {
            // Ask again once the peer has had time to receive the data, under a new sequence number: every
            // implementation takes that, while some answer a same-number retransmission with the stale
            // "In progress" forever. A retransmission after a timeout keeps its number (RFC 6525 §5.1.1).
            resetInFlight = new OutgoingSsnResetRequest(nextReconfigSequence, resetInFlight.responseSequence(),
                    resetInFlight.lastAssignedTsn(), resetInFlight.streamIds());
            nextReconfigSequence = (nextReconfigSequence + 1) & 0xFFFFFFFFL;
            reconfigRto = rto / 2; // the timeout handler doubles it back: this wait is a plain RTO, not a backoff
            reconfigDeadline = nowNanos + rto;
            return;
        }
        List<Integer> streams = resetInFlight.streamIds();
        int[] ids = streams.stream().mapToInt(Integer::intValue).toArray();
        resetInFlight = null;
        reconfigDeadline = Long.MAX_VALUE;
        for (int id : ids) {
            OutgoingStream s = outStreams.get(id);
            s.resetting = false;
            if (resp.success()) s.nextSsn = 0;
        }
        if (resp.success()) {
            // The peer had everything up to the request's last TSN, so what of these streams still waits for a
            // SACK (which may arrive after this answer) is delivered: settled now, so that a stream used again
            // starts from 0 and its new user is not told about bytes that were not its own.
            Set<Integer> reset = new LinkedHashSet<>(streams);
            for (long t = outstanding.base(); t < outstanding.end(); t++) {
                Outstanding o = outstanding.get(t);
                if (o != null && o.buffered && reset.contains(o.message.streamId)) {
                    o.buffered = false;
                    unbuffer(o.message.streamId, o.chunk.payload().length);
                }
            }
        }
        events.add(resp.success() ? new SctpEvent.OutgoingStreamsReset(ids) : new SctpEvent.StreamResetFailed(ids, resp.result()));
        maybeSendResetRequest(nowNanos);
    }

    // ------------------------------------------------------------------------------------------------ time

    /** Runs the timers due at {@code nowNanos}: T1 (INIT, COOKIE ECHO), T2 (SHUTDOWN), T3 (data), RE-CONFIG, delayed SACK. */
    public void handleTimeout(long nowNanos) {
        if (nowNanos >= t1Deadline) {
            if (config.maxInitRetransmits() >= 0 && ++t1Retransmits > config.maxInitRetransmits()) {
                peerUnreachable = true;
                abortLocally("no answer to " + (state == State.COOKIE_WAIT ? "INIT" : "COOKIE ECHO") + " after "
                        + config.maxInitRetransmits() + " retransmissions (Max.Init.Retransmits)");
                return;
            }
            rto = Math.min(rto * 2, config.rtoMax().toNanos());
            if (state == State.COOKIE_WAIT) sendInit(nowNanos);
            else if (state == State.COOKIE_ECHOED) sendCookieEcho(nowNanos);
            else t1Deadline = Long.MAX_VALUE;
        }
        if (nowNanos >= t2Deadline) {
            int limit = config.maxRetransmissions() >= 0 ? config.maxRetransmissions() : MAX_SHUTDOWN_RETRANSMITS;
            if (++t2Retransmits > limit) {
                peerUnreachable = true;
                abortLocally("no answer to " + (state == State.SHUTDOWN_SENT ? "SHUTDOWN" : "SHUTDOWN ACK") + " after "
                        + limit + " retransmissions");
                return;
            }
            rto = Math.min(rto * 2, config.rtoMax().toNanos());
            if (state == State.SHUTDOWN_SENT) sendShutdown(nowNanos);
            else if (state == State.SHUTDOWN_ACK_SENT) sendShutdownAck(nowNanos);
            else t2Deadline = Long.MAX_VALUE;
        }
        if (nowNanos >= t3Deadline) {
            // RFC 9260 §6.1 rule A: probing a closed window while the peer keeps sending SACKs is no failure (the
            // receiver may keep its window closed as long as its application reads nothing).
            boolean zeroWindowProbe = peerAdvertisedWindow == 0 && sackSinceT3;
            sackSinceT3 = false;
            if (!zeroWindowProbe && countTimeout("data")) return;
            // RFC 9260 §6.3.3: back off, shrink the window to one packet, resend the earliest outstanding data.
            rto = Math.min(rto * 2, config.rtoMax().toNanos());
            ssthresh = Math.max(cwnd / 2, 4L * config.maxPacketSize());
            cwnd = config.maxPacketSize();
            partialBytesAcked = 0;
            inFastRecovery = false;
            for (long t = outstanding.base(); t < outstanding.end(); t++) {
                Outstanding o = outstanding.get(t);
                if (o == null || o.gapAcked || o.retransmit || o.abandoned) continue;
                if (retransmissionsExhausted(o) || nowNanos > o.message.expiresAt) {
                    abandon(o.message);
                    continue;
                }
                markRetransmit(o);
                if (o.inFlight) {
                    o.inFlight = false;
                    flightSize -= o.chunk.payload().length;
                }
            }
            advanceAckPoint(nowNanos);
            // A FORWARD TSN may have been lost like any chunk: repeat it while the peer has not caught up (§3.5 C3).
            if (advancedPeerAckPoint > cumulativeAcked) forwardTsnPending = true;
            t3Deadline = outstanding.isEmpty() ? Long.MAX_VALUE : nowNanos + rto;
            flush(nowNanos);
        }
        if (nowNanos >= reconfigDeadline) {
            if (resetInFlight != null && state == State.ESTABLISHED) {
                reconfigRto = Math.min(reconfigRto * 2, config.rtoMax().toNanos());
                sendResetRequest(nowNanos);
            } else {
                reconfigDeadline = Long.MAX_VALUE;
            }
        }
        if (nowNanos >= sackDeadline) {
            sendSack();
        }
        if (nowNanos >= heartbeatAckDeadline) {
            heartbeatAckDeadline = Long.MAX_VALUE;
            if (countTimeout("HEARTBEAT")) return;
            rto = Math.min(rto * 2, config.rtoMax().toNanos()); // §8.3: an unanswered HEARTBEAT backs off like T3
            armHeartbeat(nowNanos);
        }
        if (nowNanos >= heartbeatDeadline) {
            heartbeatDeadline = Long.MAX_VALUE;
            if (state == State.ESTABLISHED) sendHeartbeat(nowNanos);
        }
    }

    /**
     * One more timeout without an answer: counts it against Path.Max.Retrans and Association.Max.Retrans (RFC 9260
     * §8.1, §8.2) and ends the association past the latter; true when it did.
     */
    private boolean countTimeout(String what) {
        errorCount++;
        if (++pathErrorCount > config.pathMaxRetransmissions()) pathActive = false;
        if (config.maxRetransmissions() >= 0 && errorCount > config.maxRetransmissions()) {
            peerUnreachable = true;
            abortLocally("peer unreachable: " + errorCount + " " + what + " timeouts in a row exceed Association.Max.Retrans "
                    + config.maxRetransmissions());
            return true;
        }
        return false;
    }

    /** The peer acknowledged new data or answered a HEARTBEAT: both error counters start again (RFC 9260 §8.1, §8.2). */
    private void peerAnswered() {
        errorCount = 0;
        pathErrorCount = 0;
        pathActive = true;
    }

    /** The next HEARTBEAT goes one HB.interval plus one RTO from now, unless DATA goes first (RFC 9260 §8.3). */
    private void armHeartbeat(long nowNanos) {
        heartbeatDeadline = heartbeatIntervalNanos == 0 || state != State.ESTABLISHED ? Long.MAX_VALUE
                : nowNanos + heartbeatIntervalNanos + rto;
    }

    /** HEARTBEAT with our send time and a nonce as Heartbeat Info (RFC 9260 §3.3.5); the answer is due in one RTO. */
    private void sendHeartbeat(long nowNanos) {
        heartbeatSentAt = nowNanos;
        heartbeatNonce = config.random().nextLong();
        byte[] info = ByteBuffer.allocate(16).putLong(nowNanos).putLong(heartbeatNonce).array();
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                List.of(new HeartbeatChunk(false, List.of(new SctpParameter(SctpParameter.HEARTBEAT_INFO, info))))).serialize());
        heartbeatsSent++;
        heartbeatAckDeadline = nowNanos + rto;
    }

    /** HEARTBEAT ACK (RFC 9260 §8.3): the peer is there; its echo of our send time is a round-trip sample. */
    private void handleHeartbeatAck(long nowNanos, HeartbeatChunk ack) {
        if (heartbeatAckDeadline == Long.MAX_VALUE) return; // late or duplicate: already answered or timed out
        for (SctpParameter p : ack.parameters()) {
            if (p.type() != SctpParameter.HEARTBEAT_INFO || p.value().length != 16) continue;
            ByteBuffer b = ByteBuffer.wrap(p.value());
            if (b.getLong() != heartbeatSentAt || b.getLong() != heartbeatNonce) continue; // not ours, or stale
            heartbeatAckDeadline = Long.MAX_VALUE;
            peerAnswered();
            updateRto(nowNanos - heartbeatSentAt);
            armHeartbeat(nowNanos);
            return;
        }
        droppedPackets++;
    }

    /** When {@link #handleTimeout} is next due, or {@link Long#MAX_VALUE} when no timer runs. */
    public long pollTimeout() {
        long heartbeat = Math.min(heartbeatDeadline, heartbeatAckDeadline);
        return Math.min(Math.min(Math.min(t1Deadline, t2Deadline), heartbeat),
                Math.min(Math.min(t3Deadline, sackDeadline), reconfigDeadline));
    }

    /** The next packet to send, or null; the caller owns it. */
    public byte[] pollTransmit() {
        return transmits.poll();
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
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                List.of(new ShutdownChunk(inbound.cumulativeTsn()))).serialize());
        t2Deadline = nowNanos + rto;
    }

    private void sendShutdownAck(long nowNanos) {
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new SimpleChunk(SctpChunk.SHUTDOWN_ACK, false))).serialize());
        t2Deadline = nowNanos + rto;
    }

    /** SHUTDOWN (RFC 9260 §9.2): acknowledges our data like a SACK; we answer once our own data is acknowledged. */
    private void handleShutdown(long nowNanos, ShutdownChunk shutdown) {
        switch (state) {
            case ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_RECEIVED -> {
                handleSack(nowNanos, new SackChunk(shutdown.cumulativeTsnAck(), peerReceiveWindow + flightSize, List.of(), List.of()));
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
        if (state != State.COOKIE_WAIT) {
            transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new AbortChunk(false, new byte[0]))).serialize());
        }
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
        t1Deadline = t2Deadline = t3Deadline = sackDeadline = reconfigDeadline = Long.MAX_VALUE;
        heartbeatDeadline = heartbeatAckDeadline = Long.MAX_VALUE;
        pending.clear();
        outstanding.clear();
        markedForRetransmit = 0;
        lowestMarked = Long.MAX_VALUE;
        placeholders.clear();
        inbound.clear();
        resetQueued.clear();
        resetInFlight = null;
    }
}
