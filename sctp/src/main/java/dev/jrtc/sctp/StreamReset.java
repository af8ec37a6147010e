package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;

/**
 * Stream reset with RE-CONFIG (RFC 6525): our Outgoing SSN Reset Requests, one at a time and retransmitted on
 * timeout (§5.1.1, §5.1.2), and the peer's requests, performed once everything sent before them has arrived
 * (§5.2.2) and answered in sequence (§5.2.1). The other request types are denied: WebRTC uses none of them.
 */
final class StreamReset {
    /** Streams per request at most: keeps the chunk well inside one packet. */
    private static final int MAX_STREAMS_PER_REQUEST = 128;

    private final OutboundPackets out;
    private final RetransmissionTimeout rto;
    private final long rtoMaxNanos;
    private final SendQueue sendQueue;
    private final RetransmissionQueue retransmissions;
    private final ReassemblyQueue inbound;
    private final Queue<SctpEvent> events;
    private long nextReconfigSequence;
    private final Set<Integer> resetQueued = new LinkedHashSet<>();
    private OutgoingSsnResetRequest resetInFlight;
    private long reconfigDeadline = Long.MAX_VALUE;
    private long reconfigRto;
    private long peerNextReconfigSequence;
    private long lastPeerReconfigResult = ReconfigResponse.SUCCESS_NOTHING_TO_DO;
    /** A peer request answered "In progress", then performed when it was retransmitted (see handlePeerReset). */
    private OutgoingSsnResetRequest performedAfterInProgress;
    private long dropped;

    StreamReset(SctpConfig config, OutboundPackets out, RetransmissionTimeout rto, SendQueue sendQueue, RetransmissionQueue retransmissions,
                ReassemblyQueue inbound, Queue<SctpEvent> events, int localInitialTsn) {
        this.out = out;
        this.rto = rto;
        this.rtoMaxNanos = config.rtoMax().toNanos();
        this.sendQueue = sendQueue;
        this.retransmissions = retransmissions;
        this.inbound = inbound;
        this.events = events;
        this.nextReconfigSequence = localInitialTsn & 0xFFFFFFFFL; // RFC 6525 §3.1: starts at the initial TSN
    }

    /** RFC 6525 §5.2.1: the peer's first request has its initial TSN as sequence number. */
    void start(long peerInitialTsn) {
        peerNextReconfigSequence = peerInitialTsn & 0xFFFFFFFFL;
    }

    long deadline() {
        return reconfigDeadline;
    }

    /** RE-CONFIG parameters dropped as malformed or unknown. */
    long dropped() {
        return dropped;
    }

    /** Queues resets of our outgoing {@code streamIds}; sending on them is refused meanwhile. Streams already being reset are skipped. */
    void request(int... streamIds) {
        for (int id : streamIds) {
            SendQueue.OutgoingStream s = sendQueue.stream(id);
            if (s.resetting) continue;
            s.resetting = true;
            resetQueued.add(id);
        }
    }

    /** One request at a time (RFC 6525 §5.1.1), for the queued streams whose data has all been given a TSN. */
    void maybeSendRequest(long nowNanos, boolean established) {
        if (resetInFlight != null || resetQueued.isEmpty() || !established) return;
        List<Integer> ready = new ArrayList<>();
        for (int id : resetQueued) {
            if (sendQueue.stream(id).pendingFragments == 0) ready.add(id);
            if (ready.size() == MAX_STREAMS_PER_REQUEST) break;
        }
        if (ready.isEmpty()) return;
        ready.forEach(resetQueued::remove);
        resetInFlight = new OutgoingSsnResetRequest(nextReconfigSequence, (peerNextReconfigSequence - 1) & 0xFFFFFFFFL,
                retransmissions.lastAssignedTsn(), ready);
        nextReconfigSequence = (nextReconfigSequence + 1) & 0xFFFFFFFFL;
        reconfigRto = rto.rto();
        sendRequest(nowNanos);
    }

    private void sendRequest(long nowNanos) {
        out.send(new ReconfigChunk(List.of(resetInFlight.toParameter())));
        reconfigDeadline = nowNanos + reconfigRto;
    }

    /** The RE-CONFIG timer: the request in flight goes again with its own backed-off timeout (RFC 6525 §5.1.1). */
    void handleTimeout(long nowNanos, boolean established) {
        if (nowNanos < reconfigDeadline) return;
        if (resetInFlight != null && established) {
            reconfigRto = Math.min(reconfigRto * 2, rtoMaxNanos);
            sendRequest(nowNanos);
        } else {
            reconfigDeadline = Long.MAX_VALUE;
        }
    }

    /** A RE-CONFIG chunk: requests are answered in one RE-CONFIG, responses end our request (RFC 6525 §5.2). */
    void handleReconfig(long nowNanos, ReconfigChunk chunk, boolean established) {
        List<SctpParameter> responses = new ArrayList<>(2);
        for (SctpParameter p : chunk.parameters()) {
            switch (p.type()) {
                case SctpParameter.OUTGOING_SSN_RESET_REQUEST -> {
                    OutgoingSsnResetRequest req = OutgoingSsnResetRequest.from(p);
                    if (req == null) {
                        dropped++;
                    } else {
                        responses.add(new ReconfigResponse(req.requestSequence(), handlePeerReset(req)).toParameter());
                    }
                }
                case SctpParameter.RECONFIG_RESPONSE -> {
                    ReconfigResponse resp = ReconfigResponse.from(p);
                    if (resp == null) dropped++; else handleResponse(nowNanos, resp, established);
                }
                case SctpParameter.INCOMING_SSN_RESET_REQUEST, 15, 17, 18 -> {
                    // Incoming SSN reset, SSN/TSN reset, add streams (RFC 6525 §4.2, §4.3, §4.5, §4.6): WebRTC uses
                    // none of them, so they are denied, in sequence like any request.
                    if (p.value().length < 4) {
                        dropped++;
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
                default -> dropped++;
            }
        }
        if (!responses.isEmpty()) out.send(new ReconfigChunk(responses));
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

    /**
     * The peer's answer to our request (RFC 6525 §5.1.4). "In progress" asks again later; success starts the
     * streams' sequence numbers at 0.
     */
    private void handleResponse(long nowNanos, ReconfigResponse resp, boolean established) {
        if (resetInFlight == null || resp.responseSequence() != resetInFlight.requestSequence()) return; // stale
        if (resp.result() == ReconfigResponse.IN_PROGRESS) {
            // Ask again once the peer has had time to receive the data, under a new sequence number: every
            // implementation takes that, while some answer a same-number retransmission with the stale
            // "In progress" forever. A retransmission after a timeout keeps its number (RFC 6525 §5.1.1).
            resetInFlight = new OutgoingSsnResetRequest(nextReconfigSequence, resetInFlight.responseSequence(),
                    resetInFlight.lastAssignedTsn(), resetInFlight.streamIds());
            nextReconfigSequence = (nextReconfigSequence + 1) & 0xFFFFFFFFL;
            reconfigRto = rto.rto() / 2; // the timeout handler doubles it back: this wait is a plain RTO, not a backoff
            reconfigDeadline = nowNanos + rto.rto();
            return;
        }
        List<Integer> streams = resetInFlight.streamIds();
        int[] ids = streams.stream().mapToInt(Integer::intValue).toArray();
        resetInFlight = null;
        reconfigDeadline = Long.MAX_VALUE;
        for (int id : ids) {
            SendQueue.OutgoingStream s = sendQueue.stream(id);
            s.resetting = false;
            if (resp.success()) s.nextSsn = 0;
        }
        if (resp.success()) {
            // The peer had everything up to the request's last TSN, so what of these streams still waits for a
            // SACK (which may arrive after this answer) is delivered: settled now, so that a stream used again
            // starts from 0 and its new user is not told about bytes that were not its own.
            retransmissions.settleBuffered(new LinkedHashSet<>(streams));
        }
        events.add(resp.success() ? new SctpEvent.OutgoingStreamsReset(ids) : new SctpEvent.StreamResetFailed(ids, resp.result()));
        maybeSendRequest(nowNanos, established);
    }

    /** Forgets queued and pending requests (the association ended). */
    void clear() {
        reconfigDeadline = Long.MAX_VALUE;
        resetQueued.clear();
        resetInFlight = null;
    }
}
