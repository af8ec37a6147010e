package dev.jrtc.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side of an association: DATA (RFC 9260 §6.2) and FORWARD TSN (RFC 3758 §3.6) into the
 * {@link ReassemblyQueue}, and the SACKs that answer them (§6.2, §6.7): at once for a gap, a duplicate, a FORWARD
 * TSN or a chunk the window had no room for, after every second packet, else within 200 ms; once per receive batch
 * when packets arrive together; and as a window update when the layer above has consumed enough (§6.2).
 */
final class DataReceiver {
    private static final long DELAYED_SACK_NANOS = 200_000_000L;
    /** Gap blocks and duplicate TSNs reported per SACK at most. */
    private static final int MAX_REPORTED = 128;

    private final SctpConfig config;
    private final OutboundPackets out;
    private final ReassemblyQueue inbound;
    private final List<Long> duplicates = new ArrayList<>();
    private int packetsSinceSack;
    private long sackDeadline = Long.MAX_VALUE;
    private boolean sackNow;
    /** Between {@link #beginBatch} and {@link #endBatch}: the SACK decision waits for the end. */
    private boolean inBatch;
    /** DATA or FORWARD TSN arrived in the current batch: its end decides whether to SACK now or arm the delayed SACK. */
    private boolean sackDecisionDue;
    /** a_rwnd of the last SACK we sent: a window update is due when the window opened well beyond it (§6.2). */
    private long lastAdvertisedWindow;
    private long receiveWindowDrops;
    private long forwardTsnsReceived;
    private long dropped;

    DataReceiver(SctpConfig config, OutboundPackets out, ReassemblyQueue inbound) {
        this.config = config;
        this.out = out;
        this.inbound = inbound;
    }

    /** The peer's Initial TSN (RFC 9260 §5.1). */
    void start(long peerInitialTsn) {
        inbound.start(peerInitialTsn);
    }

    long sackDeadline() {
        return sackDeadline;
    }

    long receiveWindowDrops() {
        return receiveWindowDrops;
    }

    long forwardTsnsReceived() {
        return forwardTsnsReceived;
    }

    /** DATA and FORWARD TSN dropped: malformed or beyond the limits. */
    long dropped() {
        return dropped;
    }

    /**
     * One DATA chunk; an ERROR cause for it is added to {@code errorCauses}. Returns why the association must end
     * (a message beyond max-message-size), or null.
     */
    String handleData(DataChunk d, List<byte[]> errorCauses) {
        String abort = null;
        switch (inbound.add(d)) {
            case ACCEPTED -> { }
            case DUPLICATE -> {
                duplicates.add(d.tsn());
                sackNow = true;
            }
            case DROPPED -> dropped++;
            case WINDOW_FULL -> {
                // RFC 9260 §6.2: a chunk dropped for want of window is answered at once with the window as it is.
                receiveWindowDrops++;
                sackNow = true;
            }
            case INVALID_STREAM -> {
                // RFC 9260 §6.5: acknowledged, reported, discarded.
                dropped++;
                if (errorCauses.size() < 16) errorCauses.add(ErrorCauses.invalidStream(d.streamId()));
            }
            case MESSAGE_TOO_BIG -> abort = "message of " + inbound.oversize() + " bytes exceeds max-message-size "
                    + config.maxMessageSize();
        }
        if (inbound.takeGapSeen()) sackNow = true; // out of order: tell the sender about the gap at once (§6.7)
        return abort;
    }

    /** FORWARD TSN (RFC 3758 §3.6): the sender gave up on everything up to the new cumulative TSN. */
    void handleForwardTsn(ForwardTsnChunk fwd) {
        forwardTsnsReceived++;
        sackNow = true;
        if (!inbound.forwardTsn(fwd)) dropped++;
    }

    /**
     * A packet with DATA or FORWARD TSN was handled: decides about the SACK now, or at the end of the batch.
     * {@code shutdownSent}: every packet is acknowledged at once in SHUTDOWN-SENT (§9.2).
     */
    void packetHandled(long nowNanos, boolean shutdownSent) {
        packetsSinceSack++;
        if (inBatch) {
            sackDecisionDue = true;
        } else {
            decideSack(nowNanos, shutdownSent);
        }
    }

    /** SACK at once when something is odd or every second packet, else within 200 ms (RFC 9260 §6.2, §6.7). */
    private void decideSack(long nowNanos, boolean shutdownSent) {
        if (sackNow || packetsSinceSack >= 2 || shutdownSent) {
            sendSack();
        } else if (sackDeadline == Long.MAX_VALUE) {
            sackDeadline = nowNanos + DELAYED_SACK_NANOS;
        }
    }

    /** Starts a receive batch (see {@link SctpAssociation#beginReceiveBatch}). */
    void beginBatch() {
        inBatch = true;
    }

    boolean inBatch() {
        return inBatch;
    }

    /**
     * Ends the batch; {@code open} is false when the association ended inside it (nothing is left to acknowledge
     * for). False when there was no batch.
     */
    boolean endBatch(long nowNanos, boolean open, boolean shutdownSent) {
        if (!inBatch) return false;
        inBatch = false;
        if (sackDecisionDue) {
            sackDecisionDue = false;
            if (open) decideSack(nowNanos, shutdownSent);
        }
        return true;
    }

    /**
     * The layer above holds {@code bytes} of delivered messages: the window shrinks by them. True when it reopened
     * by a quarter of the configured window or more beyond what was last advertised: a window update is due (§6.2).
     */
    boolean setBacklog(long bytes) {
        inbound.setBacklog(bytes);
        return inbound.window() - lastAdvertisedWindow >= config.receiveWindow() / 4;
    }

    /** The delayed SACK timer. */
    void handleTimeout(long nowNanos) {
        if (nowNanos >= sackDeadline) sendSack();
    }

    /** SACK with the cumulative TSN, gap blocks, duplicates and the window (RFC 9260 §3.3.4, §6.2). */
    void sendSack() {
        List<Long> reported = duplicates.isEmpty() ? List.of()
                : duplicates.size() > MAX_REPORTED ? List.copyOf(duplicates.subList(0, MAX_REPORTED)) : List.copyOf(duplicates);
        lastAdvertisedWindow = inbound.window();
        SackChunk sack = new SackChunk(inbound.cumulativeTsn(), lastAdvertisedWindow, inbound.gapBlocks(MAX_REPORTED), reported);
        duplicates.clear();
        packetsSinceSack = 0;
        sackDeadline = Long.MAX_VALUE;
        sackNow = false;
        out.send(sack);
    }

    /** Stops the delayed SACK and drops what is held (the association ended). */
    void clear() {
        sackDeadline = Long.MAX_VALUE;
        inbound.clear();
    }
}
