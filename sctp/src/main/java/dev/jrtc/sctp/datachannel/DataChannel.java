package dev.jrtc.sctp.datachannel;

/**
 * One data channel (RFC 8831 §6.4): a pair of SCTP streams with the same id, seen from the event-loop thread. A
 * handle owned by {@link DataChannels}; the counters and state change only inside its methods.
 */
public final class DataChannel {
    private final DataChannels owner;
    private final int id;
    private final String label;
    private final String protocol;
    private final boolean ordered;
    private final Integer maxRetransmits;
    private final Integer maxPacketLifeTime;
    private final boolean negotiated;
    private final int priority;
    private final boolean local;
    DataChannelState state = DataChannelState.CONNECTING;
    /** Until the peer's DATA_CHANNEL_ACK (or any message from it) arrives, messages go ordered (RFC 8832 §6). */
    boolean ackReceived;
    /** Our outgoing stream was reset (RFC 6525): one half of closing. */
    boolean outgoingReset;
    /** The peer reset its outgoing stream: the other half. */
    boolean incomingReset;
    /**
     * Messages on this stream that already belong to the channel the peer opened in its place (see
     * {@code DataChannels.handleOpen}), held until our own reset completes; null when there are none.
     */
    java.util.List<dev.jrtc.sctp.SctpEvent.Message> reopening;
    long reopeningBytes;
    private long bufferedAmountLowThreshold;
    long messagesSent;
    long bytesSent;
    long messagesReceived;
    long bytesReceived;

    DataChannel(DataChannels owner, int id, String label, String protocol, boolean ordered, Integer maxRetransmits,
                Integer maxPacketLifeTime, boolean negotiated, int priority, boolean local) {
        this.owner = owner;
        this.id = id;
        this.label = label;
        this.protocol = protocol;
        this.ordered = ordered;
        this.maxRetransmits = maxRetransmits;
        this.maxPacketLifeTime = maxPacketLifeTime;
        this.negotiated = negotiated;
        this.priority = priority;
        this.local = local;
    }

    public int id() { return id; }

    public String label() { return label; }

    public String protocol() { return protocol; }

    public boolean ordered() { return ordered; }

    public Integer maxRetransmits() { return maxRetransmits; }

    public Integer maxPacketLifeTime() { return maxPacketLifeTime; }

    public boolean negotiated() { return negotiated; }

    public int priority() { return priority; }

    public DataChannelState state() { return state; }

    /** True for a channel this side created, false for one the peer opened with DCEP. */
    public boolean local() { return local; }

    /** Bytes accepted by {@code send} and not yet acknowledged or abandoned on this channel. */
    public long bufferedAmount() {
        return state == DataChannelState.CLOSED ? 0 : owner.bufferedAmount(this);
    }

    public long bufferedAmountLowThreshold() { return bufferedAmountLowThreshold; }

    /** @throws IllegalArgumentException for a negative threshold */
    public void setBufferedAmountLowThreshold(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("bufferedAmountLowThreshold is negative: " + bytes);
        bufferedAmountLowThreshold = bytes;
        owner.thresholdChanged(this);
    }

    public long messagesSent() { return messagesSent; }

    public long bytesSent() { return bytesSent; }

    public long messagesReceived() { return messagesReceived; }

    public long bytesReceived() { return bytesReceived; }

    @Override
    public String toString() {
        return "DataChannel{id=" + id + ", label=" + label + ", " + state + "}";
    }
}
