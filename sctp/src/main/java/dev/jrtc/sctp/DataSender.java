package dev.jrtc.sctp;

/**
 * The sending side of an association: takes user messages (RFC 9260 §10.1 SEND, with the PR-SCTP limits of RFC
 * 3758 §4) into the {@link SendQueue} and packs what the windows allow into packets (§6.1): a due FORWARD TSN
 * first, then retransmissions, then new data, bundled (§6.10), the rest tracked by the {@link RetransmissionQueue}.
 */
final class DataSender {
    private final SctpConfig config;
    private final OutboundPackets out;
    private final SendQueue queue;
    private final RetransmissionQueue retransmissions;
    private boolean peerForwardTsn;
    /** Some message was sent with a lifetime: only then can a marked retransmission have expired (RFC 3758 §3.5 A3). */
    private boolean lifetimesUsed;

    DataSender(SctpConfig config, OutboundPackets out, SendQueue queue, RetransmissionQueue retransmissions) {
        this.config = config;
        this.out = out;
        this.queue = queue;
        this.retransmissions = retransmissions;
    }

    /** What the handshake learnt of the peer. */
    void start(PeerInit peer) {
        peerForwardTsn = peer.forwardTsn();
        retransmissions.start(peer);
    }

    /**
     * Queues a message after the association checked its state and stream; limits apply only when the peer
     * supports partial reliability, otherwise the message is sent reliably.
     *
     * @throws IllegalStateException       while the stream is being reset
     * @throws SctpSendBufferFullException when it would take the buffered amount past the limit
     */
    void send(long nowNanos, int streamId, long ppid, byte[] data, SctpSendOptions options, boolean counted) {
        SendQueue.OutgoingStream stream = queue.stream(streamId);
        if (stream.resetting) throw new IllegalStateException("cannot send: stream " + streamId + " is being reset");
        if (counted && queue.bufferedAmount() + data.length > config.maxSendBufferBytes()) {
            throw new SctpSendBufferFullException("cannot send " + data.length + " bytes: " + queue.bufferedAmount()
                    + " are buffered and the send buffer holds " + config.maxSendBufferBytes());
        }
        int maxRetransmissions = peerForwardTsn ? options.maxRetransmissions() : -1;
        long expiresAt = peerForwardTsn && options.maxLifetimeMillis() >= 0
                ? nowNanos + options.maxLifetimeMillis() * 1_000_000L : Long.MAX_VALUE;
        if (expiresAt != Long.MAX_VALUE) lifetimesUsed = true;
        queue.add(streamId, options.unordered(), ppid, maxRetransmissions, expiresAt, data, counted);
    }

    /**
     * Packs what the congestion window and the peer's window allow into packets; true when it sent any chunk in
     * its main pass (what re-arms the heartbeat, RFC 9260 §8.3).
     */
    boolean flush(long nowNanos) {
        if (lifetimesUsed) retransmissions.abandonExpiredRetransmissions(nowNanos);
        retransmissions.advanceAckPoint(nowNanos);
        PacketBundler packets = new PacketBundler(out, config.maxPacketSize());
        if (retransmissions.forwardTsnPending()) {
            // FORWARD TSN goes ahead of the DATA in the packet (RFC 3758 §3.5 C2).
            ForwardTsnChunk fwd = retransmissions.forwardTsn(nowNanos);
            packets.add(fwd, 8 + 4 * fwd.skips().size());
        }
        // Retransmissions first, then new data (RFC 9260 §6.1 rule C).
        retransmissions.retransmit(nowNanos, packets);
        boolean abandonedWhileSending = false;
        boolean sentNewData = false;
        while (!queue.isEmpty()) {
            SendQueue.Fragment next = queue.peek();
            OutgoingMessage m = next.message();
            if (m.abandoned) {
                queue.poll();
                continue;
            }
            if (nowNanos > m.expiresAt) {
                // Never sent, not even its sequence number: it can vanish without the peer noticing. Partly sent:
                // the peer is told to move past it.
                if (!m.sent.isEmpty()) abandonedWhileSending = true;
                retransmissions.abandon(m);
                continue;
            }
            int len = next.payload().length;
            if (!retransmissions.canSendNew(len)) break;
            queue.poll();
            if (m.ssn < 0) {
                // Sequence numbers are taken when a message starts going out, so an expired unsent one leaves no gap.
                if (m.unordered) {
                    m.ssn = 0;
                } else {
                    SendQueue.OutgoingStream stream = queue.stream(m.streamId);
                    m.ssn = stream.nextSsn;
                    stream.nextSsn = (stream.nextSsn + 1) & 0xFFFF;
                }
            }
            packets.add(retransmissions.send(next, nowNanos), PacketBundler.dataChunkSize(len));
            sentNewData = true;
        }
        boolean sent = !packets.isEmpty();
        packets.emit();
        if (abandonedWhileSending) {
            retransmissions.advanceAckPoint(nowNanos);
            if (retransmissions.forwardTsnPending()) out.send(retransmissions.forwardTsn(nowNanos));
        }
        retransmissions.afterFlush(nowNanos, sentNewData);
        return sent;
    }

    /** Nothing queued or outstanding: everything sent is acknowledged (what SHUTDOWN waits for, §9.2). */
    boolean idle() {
        return queue.isEmpty() && retransmissions.isEmpty();
    }

    /** Drops what is queued and outstanding (the association ended). */
    void clear() {
        queue.clear();
        retransmissions.clear();
    }
}
