package dev.jrtc.sctp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An SCTP association (RFC 9260) as a sans-IO core, as WebRTC runs it over DTLS (RFC 8261): one peer, one path,
 * whole packets in and out. It handles the four-way handshake with an authenticated state cookie (including both
 * sides opening at once), reliable ordered and unordered delivery with fragmentation, SACKs with gap blocks and
 * duplicates, RTO per RFC 6298, T3 retransmission, fast retransmit and recovery, slow start and congestion
 * avoidance, the peer's receive window, HEARTBEAT echoes, SHUTDOWN and ABORT.
 *
 * <p>TSNs and stream sequence numbers use serial-number arithmetic (RFC 1982); internally received TSNs are
 * extended to 64 bits. Not thread-safe; packets handed in are copied where kept, packets handed out belong to
 * the caller.
 */
public final class SctpAssociation {
    /** RFC 9260 §4 states this implementation uses. */
    public enum State { CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_ACK_SENT }

    private static final int DATA_HEADER = 16;
    private static final int COMMON_HEADER = 12;
    private static final int MAX_INIT_RETRANSMITS = 8;
    private static final long COOKIE_LIFETIME_NANOS = 60_000_000_000L;
    private static final long DELAYED_SACK_NANOS = 200_000_000L;
    private static final int STREAMS = 65535;

    private final SctpConfig config;
    private final byte[] cookieSecret = new byte[32];
    private final Queue<byte[]> transmits = new ArrayDeque<>();
    private final Queue<SctpEvent> events = new ArrayDeque<>();
    private State state = State.CLOSED;
    private final long localTag;
    private final int localInitialTsn;
    private long peerTag;
    private long droppedPackets;

    // ---- sending
    private int nextTsn;
    private final ArrayDeque<DataChunk> pending = new ArrayDeque<>();
    /** Sent and not yet cumulatively acknowledged, in TSN order. */
    private final TreeMap<Long, Outstanding> outstanding = new TreeMap<>();
    private final Map<Integer, Integer> nextSsn = new HashMap<>();
    private long cumulativeAcked;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private long flightSize;
    private long peerReceiveWindow;
    private boolean inFastRecovery;
    private long fastRecoveryExit;
    private long srtt = -1;
    private long rttvar;
    private long rto;
    private long t3Deadline = Long.MAX_VALUE;
    private long bufferedAmount;

    // ---- handshake
    private long t1Deadline = Long.MAX_VALUE;
    private int t1Retransmits;
    private byte[] cookieEcho;

    // ---- receiving
    private long peerCumulativeTsn;
    private final TreeMap<Long, DataChunk> received = new TreeMap<>();
    private final List<Long> duplicates = new ArrayList<>();
    /** TSNs whose message was delivered but that stay in {@code received} until the cumulative TSN passes them. */
    private final java.util.TreeSet<Long> delivered = new java.util.TreeSet<>();
    private final Map<Integer, Integer> expectedSsn = new HashMap<>();
    private final Map<Integer, TreeMap<Integer, SctpEvent.Message>> orderedReady = new HashMap<>();
    private long receivedBytes;
    private int packetsSinceSack;
    private long sackDeadline = Long.MAX_VALUE;
    private boolean sackNow;

    private static final class Outstanding {
        final DataChunk chunk;
        long sentAt;
        int transmissions = 1;
        boolean gapAcked;
        boolean retransmit;
        int missingReports;

        Outstanding(DataChunk chunk, long sentAt) {
            this.chunk = chunk;
            this.sentAt = sentAt;
        }
    }

    public SctpAssociation(SctpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        config.random().nextBytes(cookieSecret);
        long tag;
        do {
            tag = config.random().nextInt() & 0xFFFFFFFFL;
        } while (tag == 0);
        localTag = tag;
        localInitialTsn = config.random().nextInt();
        nextTsn = localInitialTsn;
        cumulativeAcked = (localInitialTsn - 1) & 0xFFFFFFFFL;
        rto = config.rtoInitial().toNanos();
        cwnd = Math.min(4L * config.maxPacketSize(), Math.max(2L * config.maxPacketSize(), 4380)); // RFC 9260 §7.2.1
        ssthresh = Long.MAX_VALUE;
    }

    public State state() {
        return state;
    }

    /** Bytes accepted by {@link #send} and not yet acknowledged by the peer (RTCDataChannel.bufferedAmount). */
    public long bufferedAmount() {
        return bufferedAmount;
    }

    /** Packets dropped: bad checksum, malformed, wrong verification tag, forged cookie. */
    public long droppedPackets() {
        return droppedPackets;
    }

    public long congestionWindow() {
        return cwnd;
    }

    // ------------------------------------------------------------------------------------------------ handshake

    /** Opens the association by sending INIT (RFC 9260 §5.1); in WebRTC both sides may do so at once. */
    public void connect(long nowNanos) {
        if (state != State.CLOSED) throw new IllegalStateException("connect in state " + state);
        state = State.COOKIE_WAIT;
        sendInit(nowNanos);
    }

    private void sendInit(long nowNanos) {
        InitChunk init = new InitChunk(false, localTag, config.receiveWindow(), STREAMS, STREAMS, localInitialTsn,
                supportedExtensions());
        transmits.add(new SctpPacket(config.port(), config.port(), 0, List.of(init)).serialize());
        t1Deadline = nowNanos + rto;
    }

    private List<SctpParameter> supportedExtensions() {
        return List.of(new SctpParameter(SctpParameter.FORWARD_TSN_SUPPORTED, new byte[0]),
                new SctpParameter(SctpParameter.SUPPORTED_EXTENSIONS, new byte[] {(byte) SctpChunk.FORWARD_TSN, (byte) SctpChunk.RE_CONFIG}));
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
        InitChunk ack = new InitChunk(true, localTag, config.receiveWindow(), STREAMS, STREAMS, localInitialTsn, params);
        transmits.add(new SctpPacket(config.port(), config.port(), init.initiateTag(), List.of(ack)).serialize());
    }

    private byte[] makeCookie(long nowNanos, InitChunk init) {
        ByteBuffer b = ByteBuffer.allocate(36 + 32);
        b.putInt((int) init.initiateTag()).putInt((int) init.initialTsn()).putInt((int) init.advertisedReceiverWindow())
                .putInt((int) localTag).putInt(localInitialTsn).putLong(nowNanos).putLong(0);
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
        peerCumulativeTsn = (ack.initialTsn() - 1) & 0xFFFFFFFFL;
        peerReceiveWindow = ack.advertisedReceiverWindow();
        cookieEcho = cookie;
        state = State.COOKIE_ECHOED;
        t1Retransmits = 0;
        sendCookieEcho(nowNanos);
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
        if (cookieLocalTag != localTag || nowNanos - made > COOKIE_LIFETIME_NANOS) {
            droppedPackets++; // stale cookie, or one minted for another association
            return;
        }
        if (state != State.ESTABLISHED) {
            peerTag = cookiePeerTag;
            peerCumulativeTsn = (cookiePeerTsn - 1) & 0xFFFFFFFFL;
            peerReceiveWindow = cookiePeerRwnd;
            establish();
        }
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new SimpleChunk(SctpChunk.COOKIE_ACK, false))).serialize());
    }

    private void establish() {
        if (state == State.ESTABLISHED) return;
        state = State.ESTABLISHED;
        t1Deadline = Long.MAX_VALUE;
        events.add(new SctpEvent.Established());
    }

    // ------------------------------------------------------------------------------------------------ input

    /** One SCTP packet from the peer (a DTLS application-data record); the caller keeps {@code buf}. */
    public void handlePacket(long nowNanos, byte[] buf, int off, int len) {
        SctpPacket.ParseResult r = SctpPacket.parse(buf, off, len);
        if (!r.isOk() || state == State.CLOSED && !startsWithInit(r.packet())) {
            droppedPackets++;
            return;
        }
        SctpPacket p = r.packet();
        boolean dataSeen = false;
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
                if (state == State.ESTABLISHED || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_SENT) {
                    handleData(d);
                    dataSeen = true;
                }
            } else if (chunk instanceof SackChunk sack) {
                handleSack(nowNanos, sack);
            } else if (chunk instanceof HeartbeatChunk hb) {
                if (!hb.ack()) {
                    transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                            List.of(new HeartbeatChunk(true, hb.parameters()))).serialize());
                }
            } else if (chunk instanceof AbortChunk) {
                abortLocally("the peer aborted the association");
                return;
            } else if (chunk instanceof ShutdownChunk shutdown) {
                handleShutdown(nowNanos, shutdown);
            } else if (chunk instanceof SimpleChunk s) {
                if (s.type() == SctpChunk.COOKIE_ACK && state == State.COOKIE_ECHOED) {
                    establish();
                } else if (s.type() == SctpChunk.SHUTDOWN_ACK && state == State.SHUTDOWN_SENT) {
                    transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                            List.of(new SimpleChunk(SctpChunk.SHUTDOWN_COMPLETE, false))).serialize());
                    closeLocally();
                } else if (s.type() == SctpChunk.SHUTDOWN_COMPLETE && state == State.SHUTDOWN_ACK_SENT) {
                    closeLocally();
                }
            } else if (chunk instanceof UnknownChunk u && u.stopProcessing()) {
                return;
            }
            // HEARTBEAT ACK, ERROR, FORWARD TSN, RE-CONFIG: not acted on yet.
        }
        if (dataSeen) {
            packetsSinceSack++;
            if (sackNow || packetsSinceSack >= 2) {
                sendSack();
            } else if (sackDeadline == Long.MAX_VALUE) {
                sackDeadline = nowNanos + DELAYED_SACK_NANOS;
            }
        }
        flush(nowNanos);
    }

    private static boolean startsWithInit(SctpPacket p) {
        return p.chunks().get(0) instanceof InitChunk init && !init.ack()
                || p.chunks().get(0) instanceof CookieEchoChunk;
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

    // ------------------------------------------------------------------------------------------------ receiving

    /** Extends a 32-bit TSN to 64 bits next to the cumulative TSN. */
    private long extend(long tsn) {
        long base = peerCumulativeTsn;
        long diff = (int) (tsn - (base & 0xFFFFFFFFL));
        return base + diff;
    }

    private void handleData(DataChunk d) {
        long tsn = extend(d.tsn());
        if (tsn <= peerCumulativeTsn || received.containsKey(tsn)) {
            duplicates.add(d.tsn());
            sackNow = true;
            return;
        }
        if (receivedBytes + d.payload().length > config.receiveWindow()) {
            droppedPackets++; // no room: the sender will retransmit when our window opens
            return;
        }
        received.put(tsn, d);
        receivedBytes += d.payload().length;
        if (tsn != peerCumulativeTsn + 1) {
            sackNow = true; // out of order: tell the sender about the gap at once (RFC 9260 §6.7)
        }
        while (received.containsKey(peerCumulativeTsn + 1)) {
            peerCumulativeTsn++;
        }
        assemble(tsn, d);
        // Fragments delivered and below the cumulative TSN are no longer needed, not even for SACK gaps.
        for (Iterator<Long> it = delivered.iterator(); it.hasNext(); ) {
            long t = it.next();
            if (t <= peerCumulativeTsn) {
                received.remove(t);
                it.remove();
            }
        }
    }

    /** Finds the message {@code d} belongs to; delivers it when every fragment is in. */
    private void assemble(long tsn, DataChunk d) {
        if (delivered.contains(tsn)) return;
        long first = tsn;
        while (!received.get(first).beginning()) {
            DataChunk prev = received.get(first - 1);
            if (prev == null || delivered.contains(first - 1) || prev.streamId() != d.streamId() || prev.unordered() != d.unordered()
                    || (!d.unordered() && prev.streamSequence() != d.streamSequence()) || prev.ending()) {
                return;
            }
            first--;
        }
        long last = tsn;
        while (!received.get(last).ending()) {
            DataChunk next = received.get(last + 1);
            if (next == null || delivered.contains(last + 1) || next.streamId() != d.streamId() || next.beginning()) return;
            last++;
        }
        int size = 0;
        for (long t = first; t <= last; t++) size += received.get(t).payload().length;
        if (size > config.maxMessageSize()) {
            abortLocally("message of " + size + " bytes exceeds max-message-size " + config.maxMessageSize());
            return;
        }
        byte[] message = new byte[size];
        int at = 0;
        for (long t = first; t <= last; t++) {
            byte[] part = received.get(t).payload();
            System.arraycopy(part, 0, message, at, part.length);
            at += part.length;
            receivedBytes -= part.length;
            delivered.add(t);
        }
        SctpEvent.Message m = new SctpEvent.Message(d.streamId(), d.ppid(), d.unordered(), message);
        if (d.unordered()) {
            events.add(m);
        } else {
            orderedReady.computeIfAbsent(d.streamId(), s -> new TreeMap<>()).put(d.streamSequence(), m);
            deliverOrdered(d.streamId());
        }
    }

    private void deliverOrdered(int stream) {
        TreeMap<Integer, SctpEvent.Message> ready = orderedReady.get(stream);
        int expected = expectedSsn.getOrDefault(stream, 0);
        SctpEvent.Message m;
        while ((m = ready.remove(expected)) != null) {
            events.add(m);
            expected = (expected + 1) & 0xFFFF;
        }
        expectedSsn.put(stream, expected);
    }

    private void sendSack() {
        List<SackChunk.GapBlock> gaps = new ArrayList<>();
        long start = -1;
        long prev = -1;
        for (long tsn : received.tailMap(peerCumulativeTsn + 1).keySet()) {
            if (start < 0) {
                start = tsn;
            } else if (tsn != prev + 1) {
                gaps.add(new SackChunk.GapBlock((int) (start - peerCumulativeTsn), (int) (prev - peerCumulativeTsn)));
                start = tsn;
            }
            prev = tsn;
        }
        if (start >= 0) gaps.add(new SackChunk.GapBlock((int) (start - peerCumulativeTsn), (int) (prev - peerCumulativeTsn)));
        long window = Math.max(0, config.receiveWindow() - receivedBytes);
        SackChunk sack = new SackChunk(peerCumulativeTsn & 0xFFFFFFFFL, window, gaps.size() > 128 ? gaps.subList(0, 128) : gaps,
                duplicates.size() > 128 ? List.copyOf(duplicates.subList(0, 128)) : List.copyOf(duplicates));
        duplicates.clear();
        packetsSinceSack = 0;
        sackDeadline = Long.MAX_VALUE;
        sackNow = false;
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(sack)).serialize());
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Queues a message (RFC 9260 §10.1 SEND). The data is copied.
     *
     * @throws IllegalStateException    unless the association is established
     * @throws IllegalArgumentException for an empty message or one above max-message-size
     */
    public void send(long nowNanos, int streamId, long ppid, byte[] data, boolean unordered) {
        if (state != State.ESTABLISHED) throw new IllegalStateException("cannot send: association is " + state);
        if (data.length == 0) throw new IllegalArgumentException("SCTP messages carry at least one byte (use PPID 56/57 for empty ones)");
        if (data.length > config.maxMessageSize()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes exceeds max-message-size " + config.maxMessageSize());
        }
        if (streamId < 0 || streamId >= STREAMS) throw new IllegalArgumentException("stream id out of range: " + streamId);
        int ssn = 0;
        if (!unordered) {
            ssn = nextSsn.getOrDefault(streamId, 0);
            nextSsn.put(streamId, (ssn + 1) & 0xFFFF);
        }
        int fragment = config.maxPacketSize() - COMMON_HEADER - DATA_HEADER;
        for (int off = 0; off < data.length; off += fragment) {
            int n = Math.min(fragment, data.length - off);
            pending.add(new DataChunk(false, unordered, off == 0, off + n == data.length, 0, streamId, ssn, ppid,
                    Arrays.copyOfRange(data, off, off + n)));
        }
        bufferedAmount += data.length;
        flush(nowNanos);
    }

    /**
     * Queues a message with {@code options} (RFC 9260 §10.1 SEND, RFC 3758 §4 PR-SCTP policies). The data is copied.
     *
     * @throws IllegalStateException    unless the association is established, or while the stream is being reset
     * @throws IllegalArgumentException for an empty message, one above max-message-size, or a stream id out of range
     */
    public void send(long nowNanos, int streamId, long ppid, byte[] data, SctpSendOptions options) {
        send(nowNanos, streamId, ppid, data, options.unordered()); // skeleton: limits come next
    }

    /** Bytes accepted by {@link #send} on {@code streamId} and not yet acknowledged or abandoned. */
    public long bufferedAmount(int streamId) {
        return 0; // skeleton
    }

    /** Sets when {@link SctpEvent.BufferedAmountLow} fires for {@code streamId}: on falling from above to at most {@code bytes}. */
    public void setBufferedAmountLowThreshold(int streamId, long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("threshold is negative: " + bytes);
    }

    /**
     * Resets our outgoing {@code streamIds} (RFC 6525 §5.1.2 Outgoing SSN Reset Request) once what was queued on them
     * is sent; {@link SctpEvent.OutgoingStreamsReset} reports the peer performed it.
     *
     * @throws IllegalStateException unless established, or when the peer does not support RE-CONFIG
     */
    public void resetStreams(long nowNanos, int... streamIds) {
        if (state != State.ESTABLISHED) throw new IllegalStateException("cannot reset streams: association is " + state);
    }

    /** True once established with a peer that announced RE-CONFIG in its Supported Extensions (RFC 6525 §3.1). */
    public boolean peerSupportsStreamReset() {
        return true; // skeleton
    }

    /** True once established with a peer that announced Forward-TSN-Supported (RFC 3758 §3.1). */
    public boolean peerSupportsPartialReliability() {
        return true; // skeleton
    }

    /** Outbound streams usable: the peer's MIS, at most 65535 (RFC 9260 §5.1.1); 65535 before the handshake. */
    public int outboundStreams() {
        return STREAMS;
    }

    /** Packs what congestion and receive windows allow into packets. */
    private void flush(long nowNanos) {
        if (state != State.ESTABLISHED && state != State.SHUTDOWN_PENDING) return;
        List<SctpChunk> packet = new ArrayList<>();
        int size = COMMON_HEADER;
        // Retransmissions first, then new data (RFC 9260 §6.1 rule C).
        for (Outstanding o : outstanding.values()) {
            if (!o.retransmit) continue;
            int chunkSize = DATA_HEADER + ((o.chunk.payload().length + 3) & ~3);
            if (flightSize > 0 && flightSize + o.chunk.payload().length > cwnd) break;
            if (size + chunkSize > config.maxPacketSize()) {
                emit(packet);
                packet = new ArrayList<>();
                size = COMMON_HEADER;
            }
            o.retransmit = false;
            o.transmissions++;
            o.sentAt = nowNanos;
            flightSize += o.chunk.payload().length;
            packet.add(o.chunk);
            size += chunkSize;
        }
        while (!pending.isEmpty()) {
            DataChunk next = pending.peek();
            int len = next.payload().length;
            if (flightSize > 0 && (flightSize + len > cwnd || len > peerReceiveWindow)) break;
            int chunkSize = DATA_HEADER + ((len + 3) & ~3);
            if (size + chunkSize > config.maxPacketSize()) {
                emit(packet);
                packet = new ArrayList<>();
                size = COMMON_HEADER;
            }
            pending.poll();
            DataChunk withTsn = next.withTsn(nextTsn & 0xFFFFFFFFL);
            nextTsn++;
            outstanding.put(extendOwn(withTsn.tsn()), new Outstanding(withTsn, nowNanos));
            flightSize += len;
            peerReceiveWindow = Math.max(0, peerReceiveWindow - len);
            packet.add(withTsn);
            size += chunkSize;
        }
        emit(packet);
        if (!outstanding.isEmpty() && t3Deadline == Long.MAX_VALUE) t3Deadline = nowNanos + rto;
        if (state == State.SHUTDOWN_PENDING && outstanding.isEmpty() && pending.isEmpty()) {
            state = State.SHUTDOWN_SENT;
            transmits.add(new SctpPacket(config.port(), config.port(), peerTag,
                    List.of(new ShutdownChunk(peerCumulativeTsn & 0xFFFFFFFFL))).serialize());
        }
    }

    private long extendOwn(long tsn) {
        long diff = (int) (tsn - (cumulativeAcked & 0xFFFFFFFFL));
        return cumulativeAcked + diff;
    }

    private void emit(List<SctpChunk> chunks) {
        if (!chunks.isEmpty()) transmits.add(new SctpPacket(config.port(), config.port(), peerTag, chunks).serialize());
    }

    private void handleSack(long nowNanos, SackChunk sack) {
        long cum = extendOwn(sack.cumulativeTsnAck());
        if (cum < cumulativeAcked) return; // an old SACK arriving late (RFC 9260 §6.2.1 D)
        long bytesAcked = 0;
        boolean rttTaken = false;
        boolean cumAdvanced = cum > cumulativeAcked;
        for (Iterator<Map.Entry<Long, Outstanding>> it = outstanding.headMap(cum, true).entrySet().iterator(); it.hasNext(); ) {
            Outstanding o = it.next().getValue();
            int len = o.chunk.payload().length;
            if (!o.gapAcked) {
                bytesAcked += len;
                if (!o.retransmit) flightSize -= len;
            }
            if (o.transmissions == 1 && !rttTaken) {
                updateRto(nowNanos - o.sentAt); // Karn: only chunks sent once
                rttTaken = true;
            }
            bufferedAmount -= len;
            it.remove();
        }
        cumulativeAcked = Math.max(cumulativeAcked, cum);
        long highestGapAcked = cum;
        for (SackChunk.GapBlock g : sack.gapBlocks()) {
            for (long t = cum + g.start(); t <= cum + g.end(); t++) {
                Outstanding o = outstanding.get(t);
                if (o != null && !o.gapAcked) {
                    o.gapAcked = true;
                    bytesAcked += o.chunk.payload().length;
                    if (!o.retransmit) flightSize -= o.chunk.payload().length;
                    o.retransmit = false;
                }
                highestGapAcked = Math.max(highestGapAcked, t);
            }
        }
        // Fast retransmit (RFC 9260 §7.2.4): three reports of a TSN missing below the highest acknowledged.
        for (Map.Entry<Long, Outstanding> e : outstanding.headMap(highestGapAcked).entrySet()) {
            Outstanding o = e.getValue();
            if (!o.gapAcked && !o.retransmit && ++o.missingReports == 3) {
                o.retransmit = true;
                o.missingReports = 0;
                flightSize -= o.chunk.payload().length;
                if (!inFastRecovery) {
                    inFastRecovery = true;
                    fastRecoveryExit = outstanding.isEmpty() ? cum : outstanding.lastKey();
                    ssthresh = Math.max(cwnd / 2, 4L * config.maxPacketSize());
                    cwnd = ssthresh;
                    partialBytesAcked = 0;
                }
            }
        }
        if (inFastRecovery && cumulativeAcked >= fastRecoveryExit) inFastRecovery = false;
        if (cumAdvanced && !inFastRecovery) growWindow(bytesAcked);
        peerReceiveWindow = Math.max(0, sack.advertisedReceiverWindow() - flightSize);
        if (outstanding.isEmpty()) {
            t3Deadline = Long.MAX_VALUE;
        } else if (cumAdvanced) {
            t3Deadline = nowNanos + rto;
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

    // ------------------------------------------------------------------------------------------------ time

    public void handleTimeout(long nowNanos) {
        if (nowNanos >= t1Deadline) {
            if (++t1Retransmits > MAX_INIT_RETRANSMITS) {
                abortLocally("no answer to " + (state == State.COOKIE_WAIT ? "INIT" : "COOKIE ECHO") + " after "
                        + MAX_INIT_RETRANSMITS + " retransmissions");
                return;
            }
            rto = Math.min(rto * 2, config.rtoMax().toNanos());
            if (state == State.COOKIE_WAIT) sendInit(nowNanos);
            else if (state == State.COOKIE_ECHOED) sendCookieEcho(nowNanos);
            else t1Deadline = Long.MAX_VALUE;
        }
        if (nowNanos >= t3Deadline) {
            // RFC 9260 §6.3.3: back off, shrink the window to one packet, resend the earliest outstanding data.
            rto = Math.min(rto * 2, config.rtoMax().toNanos());
            ssthresh = Math.max(cwnd / 2, 4L * config.maxPacketSize());
            cwnd = config.maxPacketSize();
            partialBytesAcked = 0;
            inFastRecovery = false;
            for (Outstanding o : outstanding.values()) {
                if (!o.gapAcked && !o.retransmit) {
                    o.retransmit = true;
                    flightSize -= o.chunk.payload().length;
                }
            }
            t3Deadline = nowNanos + rto;
            flush(nowNanos);
        }
        if (nowNanos >= sackDeadline) {
            sendSack();
        }
    }

    public long pollTimeout() {
        return Math.min(t1Deadline, Math.min(t3Deadline, sackDeadline));
    }

    public byte[] pollTransmit() {
        return transmits.poll();
    }

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

    private void handleShutdown(long nowNanos, ShutdownChunk shutdown) {
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new SimpleChunk(SctpChunk.SHUTDOWN_ACK, false))).serialize());
        state = State.SHUTDOWN_ACK_SENT;
    }

    /** Sends ABORT and ends at once (RFC 9260 §9.1). */
    public void abort(String reason) {
        if (state == State.CLOSED) return;
        transmits.add(new SctpPacket(config.port(), config.port(), peerTag, List.of(new AbortChunk(false, new byte[0]))).serialize());
        abortLocally(reason);
    }

    private void abortLocally(String reason) {
        state = State.CLOSED;
        t1Deadline = t3Deadline = sackDeadline = Long.MAX_VALUE;
        pending.clear();
        outstanding.clear();
        events.add(new SctpEvent.Aborted(reason));
    }

    private void closeLocally() {
        state = State.CLOSED;
        t1Deadline = t3Deadline = sackDeadline = Long.MAX_VALUE;
        events.add(new SctpEvent.Closed());
    }
}
