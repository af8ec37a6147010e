package dev.jrtc.sctp.datachannel;

import dev.jrtc.sctp.SctpAssociation;
import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.SctpEvent;
import dev.jrtc.sctp.SctpSendOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;

/**
 * The data channels of one SCTP association (RFC 8831, RFC 8832), sans-IO: DCEP opens and acknowledges channels,
 * stream resets close them (RFC 8831 §6.7), and each channel's reliability maps onto PR-SCTP send options.
 *
 * <p>Driven like {@link SctpAssociation}: {@code handle*} in, {@code poll*} out, time as {@code nowNanos}. Bad input
 * from the peer is dropped and counted in {@link #droppedPackets()}; misuse by the caller throws. Not thread-safe:
 * one thread.
 */
public final class DataChannels {
    /** RFC 8841 §6.1: without a=max-message-size the peer is assumed to take 64 KiB. */
    public static final long DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65536;
    private static final SctpSendOptions DCEP_OPTIONS = SctpSendOptions.reliable(false);
    /**
     * Empty messages (one placeholder byte each, not counted in bufferedAmount) refused once the association holds
     * this many chunks: without it a loop sending empty messages to a slow peer would grow the send queue forever.
     */
    public static final int MAX_QUEUED_CHUNKS_FOR_EMPTY = 65536;
    /** What may wait for a reused id's old channel to finish closing (see {@link #handleOpen}). */
    private static final long MAX_REOPENING_BYTES = 1 << 20;

    private final SctpAssociation association;
    private final SctpConfig config;
    private final boolean dtlsClient;
    /** Channels by stream id, in creation order so that queued OPENs go out in the order they were asked for. */
    private final Map<Integer, DataChannel> channels = new LinkedHashMap<>();
    private final Queue<DataChannelEvent> events = new ArrayDeque<>();
    private long remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
    private long dropped;
    /** The time of the call being handled, for work that follows from an event (a deferred reopen). */
    private long lastNanos;
    private boolean connectCalled;
    /** close() or abort() was called, or the association ended: no new channels. */
    private boolean closing;
    /** AssociationClosed was reported. */
    private boolean finished;

    /**
     * @param dtlsClient true on the DTLS client, which takes even stream ids; the DTLS server takes odd ones (RFC 8832 §6)
     */
    public DataChannels(SctpConfig config, boolean dtlsClient) {
        this.config = Objects.requireNonNull(config, "config");
        this.association = new SctpAssociation(config);
        this.dtlsClient = dtlsClient;
    }

    /** Starts the association (RFC 8841: both sides send INIT once DTLS is up). */
    public void connect(long nowNanos) {
        if (connectCalled) throw new IllegalStateException("connect was already called");
        if (closing) throw new IllegalStateException("cannot connect: data channels were closed");
        connectCalled = true;
        association.connect(nowNanos);
        processAssociationEvents(nowNanos);
    }

    /**
     * The peer's a=max-message-size (RFC 8841 §6.1): 0 means unlimited; 65536 applies when the attribute is absent.
     *
     * @throws IllegalArgumentException for a negative size
     */
    public void setRemoteMaxMessageSize(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("max-message-size is negative: " + bytes);
        remoteMaxMessageSize = bytes;
    }

    /** The peer's max-message-size in force (0 = unlimited). */
    public long remoteMaxMessageSize() {
        return remoteMaxMessageSize;
    }

    /**
     * Creates a channel. Its DATA_CHANNEL_OPEN (or, for a negotiated channel, its opening) waits until the association
     * is up.
     *
     * @throws IllegalArgumentException when the negotiated id is in use or beyond the peer's streams, or when label and
     *                                  protocol make a DATA_CHANNEL_OPEN larger than a message may be
     * @throws IllegalStateException    after close or abort, or when every stream id of our parity is taken
     */
    public DataChannel createChannel(long nowNanos, DataChannelInit init) {
        Objects.requireNonNull(init, "init");
        if (closing) throw new IllegalStateException("cannot create a channel: data channels are closed");
        if (!init.negotiated()) {
            // Checked now: the OPEN may only be sent later, from inside handlePacket, where nothing may throw.
            long open = 12L + init.label().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + init.protocol().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            long limit = remoteMaxMessageSize == 0 ? config.maxMessageSize() : Math.min(config.maxMessageSize(), remoteMaxMessageSize);
            if (open > limit) {
                throw new IllegalArgumentException("label and protocol make a " + open + "-byte DATA_CHANNEL_OPEN, over the "
                        + limit + "-byte max-message-size");
            }
        }
        int id;
        if (init.negotiated()) {
            id = init.id();
            if (channels.containsKey(id)) throw new IllegalArgumentException("stream id " + id + " is in use by " + channels.get(id));
            if (association.state() == SctpAssociation.State.ESTABLISHED && id >= association.outboundStreams()) {
                throw new IllegalArgumentException("stream id " + id + " is beyond the " + association.outboundStreams()
                        + " streams the peer allows");
            }
        } else {
            id = freeId();
        }
        DataChannel c = new DataChannel(this, id, init.label(), init.protocol(), init.ordered(), init.maxRetransmits(),
                init.maxPacketLifeTime(), init.negotiated(), init.priority(), true);
        channels.put(id, c);
        association.setBufferedAmountLowThreshold(id, 0);
        if (association.state() == SctpAssociation.State.ESTABLISHED) {
            open(nowNanos, c);
            processAssociationEvents(nowNanos);
        }
        return c;
    }

    private int freeId() {
        for (int id = dtlsClient ? 0 : 1; id <= DataChannelInit.MAX_ID; id += 2) {
            if (!channels.containsKey(id)) return id;
        }
        throw new IllegalStateException("every stream id of our parity is in use");
    }

    /** Opens a channel we created, now that the association is up. */
    private void open(long nowNanos, DataChannel c) {
        if (c.id() >= association.outboundStreams()) {
            // The peer allows fewer streams than this id needs (RFC 9260 §5.1.1): the channel cannot exist.
            finishChannel(c);
            return;
        }
        if (!c.negotiated()) {
            association.send(nowNanos, c.id(), DataChannelMessage.PPID_DCEP, openMessage(c).encode(), DCEP_OPTIONS, false);
        } else {
            c.ackReceived = true;
        }
        c.state = DataChannelState.OPEN;
        events.add(new DataChannelEvent.ChannelOpen(c));
    }

    private static DataChannelMessage.Open openMessage(DataChannel c) {
        int type;
        long parameter;
        if (c.maxRetransmits() != null) {
            type = 0x01;
            parameter = c.maxRetransmits();
        } else if (c.maxPacketLifeTime() != null) {
            type = 0x02;
            parameter = c.maxPacketLifeTime();
        } else {
            type = 0x00;
            parameter = 0;
        }
        return new DataChannelMessage.Open(c.ordered() ? type : type | 0x80, c.priority(), parameter, c.label(), c.protocol());
    }

    /**
     * Sends one message; {@code data} is copied. Strings go with PPID 51, binary with 53; an empty message goes as
     * one byte with PPID 56 or 57 (RFC 8831 §6.6).
     *
     * @throws IllegalStateException    unless the channel is OPEN
     * @throws dev.jrtc.sctp.SctpSendBufferFullException when the association's send buffer has no room for it
     *                                  ({@link SctpConfig#maxSendBufferBytes()}, or for an empty message
     *                                  {@link #MAX_QUEUED_CHUNKS_FOR_EMPTY} chunks); nothing was sent
     * @throws IllegalArgumentException above the peer's max-message-size (or our own)
     */
    public void send(long nowNanos, DataChannel channel, byte[] data, boolean binary) {
        Objects.requireNonNull(data, "data");
        DataChannel c = own(channel);
        if (c.state != DataChannelState.OPEN) throw new IllegalStateException("cannot send on " + c + ": it is " + c.state);
        if (remoteMaxMessageSize != 0 && data.length > remoteMaxMessageSize) {
            throw new IllegalArgumentException("message of " + data.length + " bytes exceeds the peer's max-message-size "
                    + remoteMaxMessageSize);
        }
        long ppid;
        byte[] payload;
        if (data.length == 0) {
            if (association.queuedChunks() >= MAX_QUEUED_CHUNKS_FOR_EMPTY) {
                throw new dev.jrtc.sctp.SctpSendBufferFullException("cannot send an empty message: "
                        + association.queuedChunks() + " chunks are queued");
            }
            ppid = binary ? DataChannelMessage.PPID_BINARY_EMPTY : DataChannelMessage.PPID_STRING_EMPTY;
            payload = new byte[1];
        } else {
            ppid = binary ? DataChannelMessage.PPID_BINARY : DataChannelMessage.PPID_STRING;
            payload = data;
        }
        // Before the peer's ACK, everything goes ordered so it cannot overtake the OPEN (RFC 8832 §6).
        boolean unordered = !c.ordered() && c.ackReceived;
        SctpSendOptions options;
        if (c.maxRetransmits() != null) {
            options = SctpSendOptions.maxRetransmissions(unordered, c.maxRetransmits());
        } else if (c.maxPacketLifeTime() != null) {
            options = SctpSendOptions.maxLifetime(unordered, c.maxPacketLifeTime());
        } else {
            options = SctpSendOptions.reliable(unordered);
        }
        // bufferedAmount counts user bytes: none for the placeholder byte of an empty message (W3C send()).
        association.send(nowNanos, c.id(), ppid, payload, options, data.length > 0);
        c.messagesSent++;
        c.bytesSent += data.length;
        processAssociationEvents(nowNanos);
    }

    /**
     * Closes one channel (RFC 8831 §6.7): what was sent still goes out, then our outgoing stream is reset; the channel
     * is CLOSING until the peer has reset its side too, then CLOSED. Closing a CLOSING or CLOSED channel does nothing.
     */
    public void closeChannel(long nowNanos, DataChannel channel) {
        DataChannel c = own(channel);
        switch (c.state) {
            case CLOSING, CLOSED -> { }
            case CONNECTING -> finishChannel(c); // nothing was sent for it yet
            case OPEN -> {
                c.state = DataChannelState.CLOSING;
                requestOutgoingReset(nowNanos, c);
                processAssociationEvents(nowNanos);
            }
        }
    }

    private void requestOutgoingReset(long nowNanos, DataChannel c) {
        if (association.state() != SctpAssociation.State.ESTABLISHED || !association.peerSupportsStreamReset()) {
            // Without RE-CONFIG (or with the association going away) the stream cannot be reset: close locally.
            finishChannel(c);
            return;
        }
        association.resetStreams(nowNanos, c.id());
    }

    /** Graceful close of everything (RFC 9260 §9.2 SHUTDOWN); every channel ends CLOSED. */
    public void close(long nowNanos) {
        if (closing) return;
        closing = true;
        for (DataChannel c : channels.values()) {
            if (c.state == DataChannelState.OPEN) c.state = DataChannelState.CLOSING;
        }
        switch (association.state()) {
            case CLOSED -> finishAll(null);
            case COOKIE_WAIT, COOKIE_ECHOED -> association.abort("closed before the association was up");
            default -> association.close(nowNanos);
        }
        processAssociationEvents(nowNanos);
    }

    /** Ends the association at once with ABORT (RFC 9260 §9.1). */
    public void abort(String reason) {
        closing = true;
        if (association.state() == SctpAssociation.State.CLOSED) {
            finishAll(reason);
        } else {
            association.abort(reason);
        }
        processAssociationEvents(0); // nothing is sent while handling an abort, so the time is not used
    }

    /** One SCTP packet (DTLS application data); the caller keeps {@code packet}. */
    public void handlePacket(long nowNanos, byte[] packet, int off, int len) {
        Objects.checkFromIndexSize(off, len, packet.length);
        association.handlePacket(nowNanos, packet, off, len);
        processAssociationEvents(nowNanos);
    }

    /**
     * Starts a batch of packets that arrived together, one read of the socket: until {@link #endReceiveBatch} the
     * association neither acknowledges nor sends data, so the batch costs one SACK instead of one every second
     * packet (see {@link SctpAssociation#beginReceiveBatch}). Messages still arrive as each packet is handled.
     * Use: {@code beginReceiveBatch(); handlePacket(...) for each packet; endReceiveBatch(now);} then poll.
     */
    public void beginReceiveBatch() {
        association.beginReceiveBatch();
    }

    /** Ends the batch begun by {@link #beginReceiveBatch}: the SACK and data it held back are queued for {@link #pollTransmit}. */
    public void endReceiveBatch(long nowNanos) {
        association.endReceiveBatch(nowNanos);
        processAssociationEvents(nowNanos);
    }

    /**
     * How many bytes of delivered messages the layer above still holds (see
     * {@link SctpAssociation#setReceiveBacklog}): they close the receive window, so a slow application slows the
     * peer down instead of queueing without bound. Call it as the backlog changes; a window update may follow.
     */
    public void setReceiveBacklog(long nowNanos, long bytes) {
        association.setReceiveBacklog(nowNanos, bytes);
        processAssociationEvents(nowNanos);
    }

    /** Runs the association's timers due at {@code nowNanos}. */
    public void handleTimeout(long nowNanos) {
        association.handleTimeout(nowNanos);
        processAssociationEvents(nowNanos);
    }

    /** The next SCTP packet to hand to DTLS, or null; the caller owns it. */
    public byte[] pollTransmit() {
        return association.pollTransmit();
    }

    /** When {@link #handleTimeout} is next due, or {@link Long#MAX_VALUE} for never. */
    public long pollTimeout() {
        return association.pollTimeout();
    }

    /** The next event, or null. */
    public DataChannelEvent pollEvent() {
        return events.poll();
    }

    /** True while the association is ESTABLISHED (not yet shutting down). */
    public boolean isEstablished() {
        return association.state() == SctpAssociation.State.ESTABLISHED;
    }

    /** The channels not yet CLOSED, in creation order (unmodifiable view). */
    public Collection<DataChannel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    /** Input dropped: malformed, forged or over-limit SCTP packets and chunks, malformed DCEP, messages for no channel. */
    public long droppedPackets() {
        return association.droppedPackets() + dropped;
    }

    /** The association underneath, for statistics (read it; driving it directly would confuse the channels). */
    public SctpAssociation association() {
        return association;
    }

    long bufferedAmount(DataChannel c) {
        return association.bufferedAmount(c.id());
    }

    void thresholdChanged(DataChannel c) {
        if (channels.get(c.id()) == c) association.setBufferedAmountLowThreshold(c.id(), c.bufferedAmountLowThreshold());
    }

    private DataChannel own(DataChannel c) {
        Objects.requireNonNull(c, "channel");
        if (channels.get(c.id()) != c && c.state != DataChannelState.CLOSED) {
            throw new IllegalArgumentException(c + " does not belong to these data channels");
        }
        return c;
    }

    // ------------------------------------------------------------------------------------------------ events

    private void processAssociationEvents(long nowNanos) {
        lastNanos = nowNanos;
        for (SctpEvent e = association.pollEvent(); e != null; e = association.pollEvent()) {
            if (e instanceof SctpEvent.Established) {
                events.add(new DataChannelEvent.AssociationEstablished());
                for (DataChannel c : new ArrayList<>(channels.values())) {
                    if (c.state == DataChannelState.CONNECTING) open(nowNanos, c);
                }
            } else if (e instanceof SctpEvent.Message m) {
                handleMessage(nowNanos, m);
            } else if (e instanceof SctpEvent.StreamsReset r) {
                for (int id : r.streamIds()) incomingReset(nowNanos, id);
            } else if (e instanceof SctpEvent.OutgoingStreamsReset r) {
                for (int id : r.streamIds()) outgoingResetDone(id);
            } else if (e instanceof SctpEvent.StreamResetFailed r) {
                // The peer refused; the channel cannot be reused cleanly, but it is closed for us either way.
                for (int id : r.streamIds()) outgoingResetDone(id);
            } else if (e instanceof SctpEvent.BufferedAmountLow low) {
                DataChannel c = channels.get(low.streamId());
                if (c != null) events.add(new DataChannelEvent.BufferedAmountLow(c));
            } else if (e instanceof SctpEvent.Closed) {
                finishAll(null);
            } else if (e instanceof SctpEvent.Aborted aborted) {
                finishAll(aborted.reason());
            }
        }
        SctpAssociation.State s = association.state();
        if (!finished && s != SctpAssociation.State.ESTABLISHED && s.ordinal() > SctpAssociation.State.ESTABLISHED.ordinal()) {
            // The association is shutting down (perhaps the peer asked): nothing new can be sent on any channel.
            for (DataChannel c : channels.values()) {
                if (c.state == DataChannelState.OPEN) c.state = DataChannelState.CLOSING;
            }
        }
    }

    private void incomingReset(long nowNanos, int id) {
        DataChannel c = channels.get(id);
        if (c == null) return; // a stream we never used: nothing to close
        c.incomingReset = true;
        if (c.state == DataChannelState.OPEN) {
            // The peer closed the channel: reset our side too (RFC 8831 §6.7).
            c.state = DataChannelState.CLOSING;
            requestOutgoingReset(nowNanos, c);
        }
        if (c.outgoingReset) finishChannel(c);
    }

    private void outgoingResetDone(int id) {
        DataChannel c = channels.get(id);
        if (c == null || c.state != DataChannelState.CLOSING) return;
        c.outgoingReset = true;
        if (c.incomingReset) finishChannel(c);
    }

    private void finishChannel(DataChannel c) {
        if (c.state == DataChannelState.CLOSED) return;
        c.state = DataChannelState.CLOSED;
        channels.remove(c.id(), c);
        events.add(new DataChannelEvent.ChannelClosed(c));
        List<SctpEvent.Message> next = c.reopening;
        c.reopening = null;
        if (next != null && !finished && !closing) {
            for (SctpEvent.Message m : next) handleMessage(lastNanos, m);
        }
    }

    private void finishAll(String reason) {
        closing = true;
        for (DataChannel c : new ArrayList<>(channels.values())) finishChannel(c);
        if (!finished) {
            finished = true;
            events.add(new DataChannelEvent.AssociationClosed(reason));
        }
    }

    // ------------------------------------------------------------------------------------------------ messages

    private void handleMessage(long nowNanos, SctpEvent.Message m) {
        int id = m.streamId();
        DataChannel c = channels.get(id);
        if (c != null && c.reopening != null) {
            // Already the peer's new channel on this id: keep it for that channel, within bounds.
            if (c.reopeningBytes + m.data().length > MAX_REOPENING_BYTES) {
                dropped++;
            } else {
                c.reopening.add(m);
                c.reopeningBytes += m.data().length;
            }
            return;
        }
        if (m.ppid() == DataChannelMessage.PPID_DCEP) {
            handleDcep(nowNanos, id, c, m.data());
            return;
        }
        if (c == null || c.state != DataChannelState.OPEN && c.state != DataChannelState.CLOSING) {
            dropped++; // no channel on this stream
            return;
        }
        boolean binary;
        boolean empty;
        if (m.ppid() == DataChannelMessage.PPID_STRING) {
            binary = false;
            empty = false;
        } else if (m.ppid() == DataChannelMessage.PPID_BINARY) {
            binary = true;
            empty = false;
        } else if (m.ppid() == DataChannelMessage.PPID_STRING_EMPTY) {
            binary = false;
            empty = true;
        } else if (m.ppid() == DataChannelMessage.PPID_BINARY_EMPTY) {
            binary = true;
            empty = true;
        } else {
            dropped++; // the deprecated partial PPIDs 52/54, or something else
            return;
        }
        // User data from the peer implies it saw our OPEN (RFC 8832 §6).
        c.ackReceived = true;
        byte[] data = empty ? new byte[0] : m.data();
        c.messagesReceived++;
        c.bytesReceived += data.length;
        events.add(new DataChannelEvent.Message(c, binary, data));
    }

    private void handleDcep(long nowNanos, int id, DataChannel c, byte[] data) {
        Optional<DataChannelMessage> decoded = DataChannelMessage.decode(data, 0, data.length);
        if (decoded.isEmpty()) {
            dropped++;
            return;
        }
        if (decoded.get() instanceof DataChannelMessage.Open open) {
            handleOpen(nowNanos, id, c, open);
        } else if (c == null || !c.local() || c.negotiated()) {
            dropped++; // an ACK for nothing we opened
        } else {
            c.ackReceived = true;
        }
    }

    private void handleOpen(long nowNanos, int id, DataChannel existing, DataChannelMessage.Open open) {
        if (existing != null && existing.state == DataChannelState.CLOSING && existing.incomingReset && !existing.outgoingReset) {
            // The peer finished closing this id (it reset its side, and performed our reset, whose answer is still
            // on its way: RE-CONFIG and DATA are not ordered) and already reuses it. The new channel starts once
            // the answer arrives; until then, it and what follows are kept.
            existing.reopening = new ArrayList<>();
            existing.reopening.add(new SctpEvent.Message(id, DataChannelMessage.PPID_DCEP, false, open.encode()));
            existing.reopeningBytes = 0;
            return;
        }
        boolean peerParity = (id % 2 == 0) != dtlsClient;
        if (existing != null || !peerParity || id > DataChannelInit.MAX_ID || id >= association.outboundStreams() || closing
                || association.state() != SctpAssociation.State.ESTABLISHED) {
            // Id in use or of our parity (RFC 8832 §6), one the peer would not let us answer on, or too late.
            dropped++;
            return;
        }
        Integer maxRetransmits = null;
        Integer maxLifetime = null;
        int parameter = (int) Math.min(Integer.MAX_VALUE, open.reliabilityParameter());
        switch (open.channelType() & 0x7F) {
            case 0x01 -> maxRetransmits = parameter;
            case 0x02 -> maxLifetime = parameter;
            default -> { }
        }
        DataChannel c = new DataChannel(this, id, open.label(), open.protocol(), open.ordered(), maxRetransmits, maxLifetime,
                false, open.priority(), false);
        c.ackReceived = true; // we are answering its OPEN: our messages follow our ACK in order anyway
        c.state = DataChannelState.OPEN;
        channels.put(id, c);
        association.setBufferedAmountLowThreshold(id, 0);
        association.send(nowNanos, id, DataChannelMessage.PPID_DCEP, new DataChannelMessage.Ack().encode(), DCEP_OPTIONS, false);
        events.add(new DataChannelEvent.RemoteChannel(c));
    }
}
