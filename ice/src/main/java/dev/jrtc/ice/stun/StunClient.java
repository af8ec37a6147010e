package dev.jrtc.ice.stun;

import dev.jrtc.ice.SansIoEndpoint;
import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A set of STUN client transactions (RFC 8489 §6.2), sans-IO: draws transaction ids, runs every transaction's
 * retransmission timer, matches responses, and reports outcomes as {@link StunClientEvent}s.
 *
 * <p>As a {@link SansIoEndpoint} it takes raw datagrams: responses with a bad FINGERPRINT, malformed datagrams and
 * messages matching no transaction are dropped and counted. It checks no MESSAGE-INTEGRITY: a usage with credentials
 * decodes and verifies itself and calls {@link #handleResponse}. Not thread-safe: drive it from one thread.
 */
public final class StunClient implements SansIoEndpoint {
    private final Random random;
    private final StunRetransmission policy;
    private final Map<StunTransactionId, StunClientTransaction> transactions = new LinkedHashMap<>();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<StunClientEvent> events = new ArrayDeque<>();
    private long droppedDatagrams;

    /** A client drawing ids from a new {@link SecureRandom}, with the RFC 8489 default timers. */
    public StunClient() {
        this(new SecureRandom(), StunRetransmission.DEFAULT);
    }

    /**
     * A client drawing transaction ids from {@code random} (must be a SecureRandom outside tests: ids protect against
     * off-path response forgery) with the given timers.
     */
    public StunClient(Random random, StunRetransmission policy) {
        this.random = Objects.requireNonNull(random, "random");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** A fresh random transaction id for the next request. */
    public StunTransactionId newTransactionId() {
        StunTransactionId id;
        do {
            id = StunTransactionId.random(random);
        } while (transactions.containsKey(id));
        return id;
    }

    /**
     * Starts a transaction for {@code request} (whose id should come from {@link #newTransactionId()}); its first
     * copy is ready in {@link #pollTransmit()}.
     *
     * @throws IllegalArgumentException when a transaction with the same id is in progress
     */
    public StunClientTransaction start(long nowNanos, StunMessage request, InetSocketAddress source,
            InetSocketAddress destination) {
        if (transactions.containsKey(request.transactionId())) {
            throw new IllegalArgumentException("transaction " + request.transactionId() + " already in progress");
        }
        StunClientTransaction t = new StunClientTransaction(request, source, destination, policy, nowNanos);
        transactions.put(request.transactionId(), t);
        drain(t);
        return t;
    }

    /**
     * Offers a received message (already checked for fingerprint and integrity as the usage needs); returns true
     * when it answered one of our transactions, which then ends with a {@link StunClientEvent.Response}.
     */
    public boolean handleResponse(long nowNanos, StunMessage message) {
        StunClientTransaction t = transactions.get(message.transactionId());
        if (t == null || !t.handleResponse(nowNanos, message)) {
            return false;
        }
        transactions.remove(message.transactionId());
        events.add(new StunClientEvent.Response(t, message));
        return true;
    }

    /** {@inheritDoc} Decodes {@code data} (only read) and offers it as a response. */
    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        StunDecodeResult result = StunMessage.decode(data, 0, data.length);
        if (!result.isDecoded() || result.message().checkFingerprint() == StunCheck.INVALID
                || !handleResponse(nowNanos, result.message())) {
            droppedDatagrams++;
        }
    }

    /** Datagrams dropped by {@link #handleDatagram}: malformed, bad FINGERPRINT, or no matching transaction. */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** True when {@code id} belongs to a transaction in progress (lets a receiver route responses cheaply). */
    public boolean isPending(StunTransactionId id) {
        return transactions.containsKey(id);
    }

    /** Cancels a transaction in progress; returns whether there was one. No event is reported for it. */
    public boolean cancel(StunTransactionId id) {
        StunClientTransaction t = transactions.remove(id);
        if (t != null) {
            t.cancel();
        }
        return t != null;
    }

    /** Runs every due retransmission timer. */
    @Override
    public void handleTimeout(long nowNanos) {
        Iterator<StunClientTransaction> it = transactions.values().iterator();
        while (it.hasNext()) {
            StunClientTransaction t = it.next();
            t.handleTimeout(nowNanos);
            drain(t);
            if (t.state() == StunClientTransaction.State.TIMED_OUT) {
                it.remove();
                events.add(new StunClientEvent.Timeout(t));
            }
        }
    }

    private void drain(StunClientTransaction t) {
        for (Transmit x = t.pollTransmit(); x != null; x = t.pollTransmit()) {
            transmits.add(x);
        }
    }

    /** The next request copy to send, or null; the caller owns it. */
    @Override
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    /** The next outcome, or null. */
    public StunClientEvent pollEvent() {
        return events.poll();
    }

    /** The earliest timer deadline, or {@link Long#MAX_VALUE} when no transaction is in progress. */
    @Override
    public long pollTimeout() {
        long min = Long.MAX_VALUE;
        for (StunClientTransaction t : transactions.values()) {
            min = Math.min(min, t.pollTimeout());
        }
        return min;
    }

    /** The number of transactions in progress. */
    public int pending() {
        return transactions.size();
    }
}
