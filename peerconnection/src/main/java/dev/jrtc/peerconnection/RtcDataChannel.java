package dev.jrtc.peerconnection;

import dev.jrtc.sctp.datachannel.DataChannel;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannelState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * RTCDataChannel (W3C webrtc §6.2) over the connection's SCTP association (RFC 8831). Thread-safe: sends and
 * settings may come from any thread and are carried out on the connection's event loop; callbacks run on the
 * connection's callback thread, in order.
 */
public final class RtcDataChannel {
    private final PeerConnection pc;
    private final DataChannelInit init;
    private final AtomicLong queued = new AtomicLong();
    private volatile DataChannel channel;
    private volatile Integer id;
    private volatile DataChannelState readyState = DataChannelState.CONNECTING;
    private volatile long sctpBuffered;
    private volatile long bufferedAmountLowThreshold;
    private volatile Runnable onOpen;
    private volatile Runnable onClose;
    private volatile Runnable onBufferedAmountLow;
    private volatile Consumer<RtcDataChannelMessage> onMessage;
    private volatile boolean openReached;
    private boolean openDelivered;
    private boolean closeDelivered;

    RtcDataChannel(PeerConnection pc, DataChannelInit init) {
        this.pc = pc;
        this.init = init;
        this.id = init.negotiated() ? init.id() : null;
    }

    public String label() {
        return init.label();
    }

    public String protocol() {
        return init.protocol();
    }

    public boolean ordered() {
        return init.ordered();
    }

    public Integer maxRetransmits() {
        return init.maxRetransmits();
    }

    public Integer maxPacketLifeTime() {
        return init.maxPacketLifeTime();
    }

    public boolean negotiated() {
        return init.negotiated();
    }

    /** The SCTP stream id, or null until the DTLS role decides it (RFC 8832 §6). */
    public Integer id() {
        return id;
    }

    public DataChannelState readyState() {
        return readyState;
    }

    /** Bytes queued by send() and not yet acknowledged by the peer. */
    public long bufferedAmount() {
        // queued first: the loop counts a message in SCTP before it leaves the queue, so this never undercounts.
        long q = queued.get();
        return q + sctpBuffered;
    }

    public long bufferedAmountLowThreshold() {
        return bufferedAmountLowThreshold;
    }

    /** bufferedamountlow fires when bufferedAmount falls to this value or below (W3C §6.2). */
    public void setBufferedAmountLowThreshold(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("TypeError: threshold must not be negative: " + bytes);
        bufferedAmountLowThreshold = bytes;
        pc.onLoop(() -> {
            DataChannel c = channel;
            if (c != null) c.setBufferedAmountLowThreshold(bytes);
        });
    }

    /**
     * Called once when the channel opens. A channel created on a connection that is already up may open before
     * this is set; the listener then runs at once (on the callback thread), so the event is never missed.
     */
    public void onOpen(Runnable listener) {
        onOpen = listener;
        DataChannelState s = readyState;
        if (s == DataChannelState.OPEN || openReached) pc.callbacks().execute(this::deliverOpen);
    }

    /** Called once when the channel closes; set late, it runs at once for a channel already closed. */
    public void onClose(Runnable listener) {
        onClose = listener;
        if (readyState == DataChannelState.CLOSED) pc.callbacks().execute(this::deliverClose);
    }

    void deliverOpen() {
        Runnable l;
        synchronized (this) {
            l = onOpen;
            if (l == null || openDelivered) return;
            openDelivered = true;
        }
        l.run();
    }

    void deliverClose() {
        Runnable l;
        synchronized (this) {
            l = onClose;
            if (l == null || closeDelivered) return;
            closeDelivered = true;
        }
        l.run();
    }

    public void onBufferedAmountLow(Runnable listener) {
        onBufferedAmountLow = listener;
    }

    public void onMessage(Consumer<RtcDataChannelMessage> listener) {
        onMessage = listener;
    }

    /**
     * Sends a text message (PPID 51, or 56 when empty).
     *
     * @throws RtcException InvalidStateError unless open, TypeError above the peer's max-message-size,
     *                      OperationError when the send buffer is full (see {@link SctpSettings}); wait for
     *                      bufferedamountlow and send again
     */
    public void send(String text) {
        enqueue(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Sends a binary message (PPID 53, or 57 when empty); the array is copied. Throws as {@link #send(String)}. */
    public void send(byte[] data) {
        enqueue(data.clone(), true);
    }

    /** Sends the buffer's remaining bytes as a binary message; its position is not changed. Throws as {@link #send(String)}. */
    public void send(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        enqueue(copy, true);
    }

    /**
     * W3C webrtc §6.2 send(): InvalidStateError unless open, TypeError above the peer's max-message-size, and
     * OperationError when there is no room to queue it: the channel's bufferedAmount would pass
     * {@link SctpSettings#maxChannelBufferedAmount()} (Chromium's "send queue is full" at 16 MiB), or the
     * connection's would pass {@link SctpSettings#maxBufferedAmount()}. The channel stays open; once
     * bufferedAmount falls (bufferedamountlow), send again.
     */
    private void enqueue(byte[] data, boolean binary) {
        if (readyState != DataChannelState.OPEN) {
            throw new RtcException("InvalidStateError", "data channel '" + label() + "' is " + readyState + ", not OPEN");
        }
        long max = pc.remoteMaxMessageSize();
        if (max > 0 && data.length > max) {
            throw new RtcException("TypeError", "message of " + data.length
                    + " bytes exceeds the peer's max-message-size " + max);
        }
        long limit = pc.sctpSettings().maxChannelBufferedAmount();
        while (true) {
            long q = queued.get();
            if (q + sctpBuffered + data.length > limit) {
                pc.channels().sendRefused();
                throw new RtcException("OperationError", "data channel '" + label() + "' send queue is full: "
                        + (q + sctpBuffered) + " bytes buffered, " + data.length + " more would pass the limit of " + limit);
            }
            if (queued.compareAndSet(q, q + data.length)) break;
        }
        try {
            pc.channels().queueSend(this, data, binary);
        } catch (RtcException e) {
            queued.addAndGet(-data.length);
            throw e;
        }
    }

    /** Closes the channel (RFC 8831 §6.7: its stream is reset); onClose follows. */
    public void close() {
        DataChannelState s = readyState;
        if (s == DataChannelState.CLOSING || s == DataChannelState.CLOSED) return;
        readyState = DataChannelState.CLOSING;
        pc.onLoop(() -> pc.channels().closeChannelOnLoop(this));
    }

    // ------------------------------------------------------------------------------------ event-loop side

    DataChannelInit init() {
        return init;
    }

    DataChannel channel() {
        return channel;
    }

    void bind(DataChannel c) {
        channel = c;
        id = c.id();
        c.setBufferedAmountLowThreshold(bufferedAmountLowThreshold);
    }

    /** The loop took {@code bytes} of queued messages into SCTP. */
    void dequeued(int bytes) {
        queued.addAndGet(-bytes);
    }

    void refreshBuffered() {
        DataChannel c = channel;
        if (c != null) sctpBuffered = c.bufferedAmount();
    }

    /** Called on the loop; the listener runs on the callback thread. */
    /** On the loop: the channel is open (readyState now; the listener runs when the event is delivered). */
    void markOpen() {
        readyState = DataChannelState.OPEN;
        openReached = true;
    }

    /** On the loop: the channel is closed; false when it was already. */
    boolean markClosed() {
        if (readyState == DataChannelState.CLOSED) return false;
        readyState = DataChannelState.CLOSED;
        sctpBuffered = 0;
        return true;
    }

    void closed(java.util.concurrent.Executor callbacks) {
        if (markClosed()) callbacks.execute(this::deliverClose);
    }

    /** Runs the message listener (callback thread); {@code consumed} runs after it (thrown or not). */
    void deliverMessage(boolean binary, byte[] data, Runnable consumed) {
        try {
            Consumer<RtcDataChannelMessage> l = onMessage;
            if (l != null) l.accept(new RtcDataChannelMessage(binary, data));
        } finally {
            consumed.run();
        }
    }

    /** Runs the bufferedamountlow listener (callback thread). */
    void deliverBufferedAmountLow() {
        Runnable l = onBufferedAmountLow;
        if (l != null) l.run();
    }

    @Override
    public String toString() {
        return "RtcDataChannel('" + label() + "', id " + id + ", " + readyState + ")";
    }
}
