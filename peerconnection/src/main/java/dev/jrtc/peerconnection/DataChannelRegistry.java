package dev.jrtc.peerconnection;

import dev.jrtc.sctp.datachannel.DataChannel;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's data channels (RFC 8831, W3C webrtc §6) over its SCTP association: channels waiting for the
 * association, channels by stream id, the send queue that send() fills from any thread and the loop drains, and the
 * receive backlog that holds the peer back while listeners are slow (SCTP's receive window, RFC 9260 §6.2).
 * Event loop only, except where a method says otherwise.
 */
final class DataChannelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannelRegistry.class);
    /** Messages send() may queue for the loop at once, whatever their size (empty ones cost memory too). */
    private static final int MAX_QUEUED_MESSAGES = 65536;
    /**
     * What a received message or remote channel costs in the receive backlog besides its bytes: the objects that
     * carry it to the listener. Keeps a flood of empty messages from being free.
     */
    static final long DELIVERY_COST = 64;
    /** A remote channel's onDataChannel/open events, charged until they ran. */
    private static final long CHANNEL_EVENT_COST = 1024;

    private final PeerConnection pc;
    private final RtcCore core;
    private final List<RtcDataChannel> dataChannels;
    // ---- event loop
    private final List<RtcDataChannel> unboundChannels = new ArrayList<>();
    private final Map<Integer, RtcDataChannel> channelsById = new HashMap<>();
    private long dataChannelsOpened;
    private long dataChannelsClosed;
    private long sendsDropped;
    // ---- any thread
    private final java.util.Queue<OutgoingMessage> outgoingMessages = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean sendDrainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** Bytes queued by send() for the loop (all channels), and how many messages. */
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger queuedMessages = new java.util.concurrent.atomic.AtomicInteger();
    /** The association's bufferedAmount as of the last pump (read by send() on any thread). */
    private volatile long sctpBuffered;
    /** The association's queued chunks as of the last pump: empty messages are refused on it. */
    private volatile int sctpQueuedChunks;
    private final java.util.concurrent.atomic.AtomicLong sendsRefused = new java.util.concurrent.atomic.AtomicLong();
    /**
     * Bytes of received messages (and remote-channel events) handed to the callback thread and not yet through
     * their listener: SCTP counts them against its receive window, so a slow listener slows the peer down.
     */
    private final java.util.concurrent.atomic.AtomicLong receiveBacklog = new java.util.concurrent.atomic.AtomicLong();
    /** The backlog SCTP was last told; a listener finishing schedules an update only when this is large. */
    private volatile long reportedBacklog;
    private final java.util.concurrent.atomic.AtomicBoolean backlogUpdateScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Channel events go out through the core ({@link RtcCore#pollEvent}), behind the connection's other events.
     *
     * @param dataChannels every channel of the connection (the facade's list, added to for remote ones)
     */
    DataChannelRegistry(PeerConnection pc, RtcCore core, List<RtcDataChannel> dataChannels) {
        this.pc = pc;
        this.core = core;
        this.dataChannels = dataChannels;
    }

    /** A channel created before the association exists: it opens once the answer brings one. */
    void addUnbound(RtcDataChannel c) {
        unboundChannels.add(c);
    }

    /** The association exists now: the channels waiting for it open. */
    void sctpStarted(DataChannels sctp) {
        for (RtcDataChannel c : unboundChannels) bindChannel(sctp, c);
        unboundChannels.clear();
    }

    /** The answer rejected the data section (RFC 3264 §6): waiting channels can never open. */
    void rejected() {
        LOG.debug("data channels rejected by the answer: {} closed", unboundChannels.size());
        for (RtcDataChannel c : unboundChannels) closed(c);
        unboundChannels.clear();
    }

    /** After a pump: buffered amounts as the association now has them (read by send() on any thread). */
    void pumped() {
        for (RtcDataChannel c : channelsById.values()) c.refreshBuffered();
        DataChannels sctp = core.transport().sctp();
        if (sctp != null) {
            sctpBuffered = sctp.association().bufferedAmount();
            sctpQueuedChunks = sctp.association().queuedChunks();
        }
    }

    private void opened(RtcDataChannel c) {
        c.markOpen();
        core.emit(new RtcEvent.DataChannelOpen(c));
    }

    private void closed(RtcDataChannel c) {
        if (c.markClosed()) core.emit(new RtcEvent.DataChannelClose(c));
    }

    void bindChannel(DataChannels sctp, RtcDataChannel c) {
        try {
            DataChannel handle = sctp.createChannel(core.now(), c.init());
            c.bind(handle);
            channelsById.put(handle.id(), c);
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn("data channel '{}' cannot open: {}", c.label(), e.getMessage());
            closed(c);
        }
    }

    void sendRefused() {
        sendsRefused.incrementAndGet();
    }

    /**
     * A message from RtcDataChannel.send (any thread); one loop task takes every queued message, then pumps once.
     *
     * @throws RtcException OperationError when the connection's buffered amount would pass
     *                      {@link SctpSettings#maxBufferedAmount()} or too many messages wait for the loop
     */
    void queueSend(RtcDataChannel c, byte[] data, boolean binary) {
        long limit = pc.sctpSettings().maxBufferedAmount();
        while (true) {
            long q = queuedBytes.get();
            // Empty messages have no bytes to count: they are refused by how many chunks SCTP already holds.
            boolean emptyRefused = data.length == 0
                    && sctpQueuedChunks + queuedMessages.get() >= DataChannels.MAX_QUEUED_CHUNKS_FOR_EMPTY;
            if (q + sctpBuffered + data.length > limit || queuedMessages.get() >= MAX_QUEUED_MESSAGES || emptyRefused) {
                sendRefused();
                throw new RtcException("OperationError", "the connection's send queue is full: " + (q + sctpBuffered)
                        + " bytes in " + queuedMessages.get() + " queued messages, the limit is " + limit + " bytes");
            }
            if (queuedBytes.compareAndSet(q, q + data.length)) break;
        }
        queuedMessages.incrementAndGet();
        outgoingMessages.add(new OutgoingMessage(c, data, binary));
        if (sendDrainScheduled.compareAndSet(false, true)) pc.onLoop(this::drainSends);
    }

    private record OutgoingMessage(RtcDataChannel channel, byte[] data, boolean binary) {}

    private void drainSends() {
        sendDrainScheduled.set(false);
        DataChannels sctp = core.transport().sctp();
        long now = core.now();
        for (OutgoingMessage m = outgoingMessages.poll(); m != null; m = outgoingMessages.poll()) {
            RtcDataChannel c = m.channel();
            DataChannel handle = c.channel();
            if (sctp != null && handle != null) {
                try {
                    sctp.send(now, handle, m.data(), m.binary());
                } catch (dev.jrtc.sctp.SctpSendBufferFullException e) {
                    // send() checked the same limit, so only a flood of empty messages (which have no bytes to
                    // count) gets here: dropped and counted.
                    sendsDropped++;
                    LOG.debug("message on '{}' dropped: {}", c.label(), e.getMessage());
                } catch (IllegalStateException | IllegalArgumentException e) {
                    // The channel closed between send() and now: the message is dropped as a browser drops it.
                    LOG.debug("message on '{}' dropped: {}", c.label(), e.getMessage());
                }
                // Counted in SCTP's buffered amount before it leaves the queue's: send() never sees it in neither.
                c.refreshBuffered();
                sctpBuffered = sctp.association().bufferedAmount();
            }
            c.dequeued(m.data().length);
            queuedBytes.addAndGet(-m.data().length);
            queuedMessages.decrementAndGet();
        }
        core.transport().pump();
    }

    void closeChannelOnLoop(RtcDataChannel c) {
        DataChannels sctp = core.transport().sctp();
        DataChannel handle = c.channel();
        if (sctp == null || handle == null) {
            unboundChannels.remove(c);
            closed(c);
            return;
        }
        sctp.closeChannel(core.now(), handle);
        core.transport().pump();
    }

    void onDataChannelEvent(DataChannelEvent event) {
        if (event instanceof DataChannelEvent.ChannelOpen open) {
            RtcDataChannel c = channelsById.get(open.channel().id());
            if (c != null) {
                dataChannelsOpened++;
                opened(c);
            }
        } else if (event instanceof DataChannelEvent.RemoteChannel remote) {
            DataChannel h = remote.channel();
            DataChannelInit init = new DataChannelInit(h.label(), h.ordered(), h.maxRetransmits(), h.maxPacketLifeTime(),
                    h.protocol(), false, null, h.priority());
            RtcDataChannel c = new RtcDataChannel(pc, init);
            c.bind(h);
            channelsById.put(h.id(), c);
            dataChannels.add(c);
            dataChannelsOpened++;
            // A peer opening channels faster than the listener takes them is held back like one sending messages.
            chargeBacklog(CHANNEL_EVENT_COST);
            core.emit(new RtcEvent.DataChannel(c, () -> consumed(CHANNEL_EVENT_COST)));
            opened(c);
        } else if (event instanceof DataChannelEvent.Message m) {
            RtcDataChannel c = channelsById.get(m.channel().id());
            if (c != null) {
                long cost = m.data().length + DELIVERY_COST;
                chargeBacklog(cost);
                core.emit(new RtcEvent.DataChannelMessage(c, m.binary(), m.data(), () -> consumed(cost)));
            }
        } else if (event instanceof DataChannelEvent.BufferedAmountLow low) {
            RtcDataChannel c = channelsById.get(low.channel().id());
            if (c != null) {
                c.refreshBuffered();
                core.emit(new RtcEvent.DataChannelBufferedAmountLow(c));
            }
        } else if (event instanceof DataChannelEvent.ChannelClosed cc) {
            RtcDataChannel c = channelsById.remove(cc.channel().id());
            if (c != null) {
                dataChannelsClosed++;
                closed(c);
            }
        } else if (event instanceof DataChannelEvent.AssociationClosed ac) {
            if (ac.reason() != null) LOG.debug("SCTP association ended: {}", ac.reason());
            DataChannels sctp = core.transport().sctp();
            if (sctp != null && sctp.association().peerUnreachable()) {
                // Not a W3C state: ICE and DTLS may still look fine, but the peer's SCTP stopped answering
                // (RFC 9260 §8.1), so nothing of the data channels can work any more.
                LOG.info("data channels failed: {}", ac.reason());
                core.jsep().sctpFailed();
            }
            for (RtcDataChannel c : channelsById.values()) closed(c);
            dataChannelsClosed += channelsById.size();
            channelsById.clear();
        }
    }

    /** Adds to the receive backlog and tells SCTP at once, before its next SACK (on the loop). */
    private void chargeBacklog(long cost) {
        long backlog = receiveBacklog.addAndGet(cost);
        DataChannels sctp = core.transport().sctp();
        if (sctp != null) {
            sctp.setReceiveBacklog(core.now(), backlog);
            reportedBacklog = backlog;
        }
    }

    /**
     * A listener finished (callback thread): the backlog shrinks. SCTP is told on the loop, where a window update
     * may follow, but only when what it was told closed a good part of the window: with a listener that keeps up,
     * receiving costs no loop task per message.
     */
    private void consumed(long cost) {
        receiveBacklog.addAndGet(-cost);
        if (reportedBacklog >= BACKLOG_UPDATE_THRESHOLD && backlogUpdateScheduled.compareAndSet(false, true)) {
            pc.onLoop(() -> {
                backlogUpdateScheduled.set(false);
                DataChannels sctp = core.transport().sctp();
                if (sctp == null) return;
                long backlog = receiveBacklog.get();
                sctp.setReceiveBacklog(core.now(), backlog);
                reportedBacklog = backlog;
                core.transport().pump();
            });
        }
    }

    /** A quarter of SCTP's 1 MiB receive window: a backlog this large is worth a window update when it drains. */
    private static final long BACKLOG_UPDATE_THRESHOLD = 256 * 1024;

    long receiveBacklog() {
        return receiveBacklog.get();
    }

    long sendsRefused() {
        return sendsRefused.get();
    }

    long sendsDropped() {
        return sendsDropped;
    }

    long dataChannelsOpened() {
        return dataChannelsOpened;
    }

    long dataChannelsClosed() {
        return dataChannelsClosed;
    }
}
