package dev.jrtc.sctp;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Noticing a peer that stopped answering (RFC 9260 §8): the association's and the path's error counters, raised by
 * every retransmission timeout and unanswered HEARTBEAT and cleared by any answer (§8.1, §8.2), and HEARTBEATs on an
 * idle path (§8.3) when HB.interval is not zero. The association ends itself when told the limit is passed.
 */
final class FailureDetection {
    private final SctpConfig config;
    private final OutboundPackets out;
    private final RetransmissionTimeout rto;
    private final long heartbeatIntervalNanos;
    /** The association's error counter (§8.1): retransmission timeouts and unanswered heartbeats in a row. */
    private int errorCount;
    /** The one path's error counter (§8.2); the same events, compared with Path.Max.Retrans. */
    private int pathErrorCount;
    private boolean pathActive = true;
    private long heartbeatDeadline = Long.MAX_VALUE;
    /** When the HEARTBEAT in flight counts as unanswered (one RTO after it left), or MAX_VALUE. */
    private long heartbeatAckDeadline = Long.MAX_VALUE;
    /** Sent time of the HEARTBEAT in flight, echoed in its info (§8.3) and only accepted back once. */
    private long heartbeatSentAt;
    private long heartbeatNonce;
    private long heartbeatsSent;
    private long dropped;

    FailureDetection(SctpConfig config, OutboundPackets out, RetransmissionTimeout rto) {
        this.config = config;
        this.out = out;
        this.rto = rto;
        this.heartbeatIntervalNanos = config.heartbeatInterval().toNanos();
    }

    int errorCount() {
        return errorCount;
    }

    boolean pathActive() {
        return pathActive;
    }

    long heartbeatsSent() {
        return heartbeatsSent;
    }

    /** HEARTBEAT ACKs that were not answers to ours. */
    long dropped() {
        return dropped;
    }

    /** The earlier of the heartbeat timers. */
    long deadline() {
        return Math.min(heartbeatDeadline, heartbeatAckDeadline);
    }

    /**
     * One more timeout without an answer: counts it against Path.Max.Retrans and Association.Max.Retrans (RFC 9260
     * §8.1, §8.2); returns why the association must end when the latter is passed, else null.
     */
    String countTimeout(String what) {
        errorCount++;
        if (++pathErrorCount > config.pathMaxRetransmissions()) pathActive = false;
        if (config.maxRetransmissions() >= 0 && errorCount > config.maxRetransmissions()) {
            return "peer unreachable: " + errorCount + " " + what + " timeouts in a row exceed Association.Max.Retrans "
                    + config.maxRetransmissions();
        }
        return null;
    }

    /** The peer acknowledged new data or answered a HEARTBEAT: both error counters start again (RFC 9260 §8.1, §8.2). */
    void peerAnswered() {
        errorCount = 0;
        pathErrorCount = 0;
        pathActive = true;
    }

    /**
     * DATA went out (when {@code sentData}) and the sender is done for now: the heartbeat waits one HB.interval
     * from the last DATA, or starts if it was not running.
     */
    void afterFlush(long nowNanos, boolean sentData, boolean established) {
        if (heartbeatIntervalNanos == 0) return;
        if (sentData && heartbeatAckDeadline == Long.MAX_VALUE) arm(nowNanos, established);
        if (heartbeatDeadline == Long.MAX_VALUE && heartbeatAckDeadline == Long.MAX_VALUE) arm(nowNanos, established);
    }

    /** The next HEARTBEAT goes one HB.interval plus one RTO from now, unless DATA goes first (RFC 9260 §8.3). */
    private void arm(long nowNanos, boolean established) {
        heartbeatDeadline = heartbeatIntervalNanos == 0 || !established ? Long.MAX_VALUE
                : nowNanos + heartbeatIntervalNanos + rto.rto();
    }

    /**
     * The heartbeat timers: an unanswered HEARTBEAT counts as a timeout (and backs the RTO off like T3), an idle
     * path gets a HEARTBEAT. Returns why the association must end, or null.
     */
    String handleTimeout(long nowNanos, boolean established) {
        if (nowNanos >= heartbeatAckDeadline) {
            heartbeatAckDeadline = Long.MAX_VALUE;
            String giveUp = countTimeout("HEARTBEAT");
            if (giveUp != null) return giveUp;
            rto.backOff(); // §8.3: an unanswered HEARTBEAT backs off like T3
            arm(nowNanos, established);
        }
        if (nowNanos >= heartbeatDeadline) {
            heartbeatDeadline = Long.MAX_VALUE;
            if (established) sendHeartbeat(nowNanos);
        }
        return null;
    }

    /** HEARTBEAT with our send time and a nonce as Heartbeat Info (RFC 9260 §3.3.5); the answer is due in one RTO. */
    private void sendHeartbeat(long nowNanos) {
        heartbeatSentAt = nowNanos;
        heartbeatNonce = config.random().nextLong();
        byte[] info = ByteBuffer.allocate(16).putLong(nowNanos).putLong(heartbeatNonce).array();
        out.send(new HeartbeatChunk(false, List.of(new SctpParameter(SctpParameter.HEARTBEAT_INFO, info))));
        heartbeatsSent++;
        heartbeatAckDeadline = nowNanos + rto.rto();
    }

    /** HEARTBEAT ACK (RFC 9260 §8.3): the peer is there; its echo of our send time is a round-trip sample. */
    void handleHeartbeatAck(long nowNanos, HeartbeatChunk ack, boolean established) {
        if (heartbeatAckDeadline == Long.MAX_VALUE) return; // late or duplicate: already answered or timed out
        for (SctpParameter p : ack.parameters()) {
            if (p.type() != SctpParameter.HEARTBEAT_INFO || p.value().length != 16) continue;
            ByteBuffer b = ByteBuffer.wrap(p.value());
            if (b.getLong() != heartbeatSentAt || b.getLong() != heartbeatNonce) continue; // not ours, or stale
            heartbeatAckDeadline = Long.MAX_VALUE;
            peerAnswered();
            rto.measure(nowNanos - heartbeatSentAt);
            arm(nowNanos, established);
            return;
        }
        dropped++;
    }

    /** Stops both timers (the association ended). */
    void stop() {
        heartbeatDeadline = heartbeatAckDeadline = Long.MAX_VALUE;
    }
}
