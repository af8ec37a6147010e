package dev.jrtc.ice.stun;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One STUN client transaction over UDP (RFC 8489 §6.2.1, §6.3.3), sans-IO: it sends the request at once,
 * retransmits with exponential back-off on {@link #handleTimeout}, and ends with the first matching response or a
 * timeout.
 *
 * <p>The caller checks FINGERPRINT and MESSAGE-INTEGRITY of a response before {@link #handleResponse} (what counts
 * as acceptable depends on the usage); this class matches transaction id, method and class only. Not thread-safe.
 */
public final class StunClientTransaction {

    /** Where a transaction stands. */
    public enum State {
        /** Waiting for a response; requests may still be (re)sent. */
        IN_PROGRESS,
        /** A success or error response arrived (see {@link #response()}). */
        RESPONDED,
        /** No response within the retransmission schedule. */
        TIMED_OUT,
        /** Cancelled by the owner. */
        CANCELLED
    }

    private final StunMessage request;
    private final InetSocketAddress source;
    private final InetSocketAddress destination;
    private final StunRetransmission policy;
    private final long startNanos;

    private State state = State.IN_PROGRESS;
    private int requestsSent;
    private int pendingSends;
    private long interval;
    private long deadline;
    private StunMessage response;
    private long responseNanos;

    /**
     * Starts a transaction at {@code nowNanos}: the first request is ready in {@link #pollTransmit()} at once.
     *
     * @param request     a request (class {@link StunClass#REQUEST}) whose bytes are sent unchanged each time
     * @param source      the local address to send from
     * @param destination the server or peer to send to
     */
    public StunClientTransaction(StunMessage request, InetSocketAddress source, InetSocketAddress destination,
            StunRetransmission policy, long nowNanos) {
        if (request.messageClass() != StunClass.REQUEST) {
            throw new IllegalArgumentException("a client transaction sends a request, not a " + request.messageClass());
        }
        this.request = request;
        this.source = Objects.requireNonNull(source, "source");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.startNanos = nowNanos;
        this.interval = policy.initialRtoNanos();
        send(nowNanos);
    }

    private void send(long nowNanos) {
        requestsSent++;
        pendingSends++;
        if (requestsSent < policy.maxRequests()) {
            deadline = nowNanos + interval;
            interval *= 2;
        } else {
            deadline = nowNanos + policy.lastWaitMultiplier() * policy.initialRtoNanos();
        }
    }

    /** Runs the retransmission timer: resends, or times out after the last wait. */
    public void handleTimeout(long nowNanos) {
        if (state != State.IN_PROGRESS || nowNanos < deadline) {
            return;
        }
        if (requestsSent < policy.maxRequests()) {
            send(nowNanos);
        } else {
            state = State.TIMED_OUT;
            pendingSends = 0;
        }
    }

    /**
     * Offers a received (already integrity-checked) message; returns true when it is this transaction's response
     * (same transaction id and method, response class) and the transaction was still in progress.
     */
    public boolean handleResponse(long nowNanos, StunMessage message) {
        if (state != State.IN_PROGRESS || !matches(message)) {
            return false;
        }
        state = State.RESPONDED;
        response = message;
        responseNanos = nowNanos;
        pendingSends = 0;
        return true;
    }

    /** True when {@code message} is a response to this request (id, method and class), whatever the state. */
    public boolean matches(StunMessage message) {
        return message.messageClass().isResponse() && message.method() == request.method()
                && message.transactionId().equals(request.transactionId());
    }

    /** Stops the transaction: nothing more is sent and no response is accepted. */
    public void cancel() {
        if (state == State.IN_PROGRESS) {
            state = State.CANCELLED;
            pendingSends = 0;
        }
    }

    /** The next request copy to send, or null; the caller owns the transmit and its bytes. */
    public Transmit pollTransmit() {
        if (pendingSends == 0) {
            return null;
        }
        pendingSends--;
        return new Transmit(source, destination, request.encode());
    }

    /** When {@link #handleTimeout} is next due, or {@link Long#MAX_VALUE} once the transaction has ended. */
    public long pollTimeout() {
        return state == State.IN_PROGRESS ? deadline : Long.MAX_VALUE;
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** The response, once {@link State#RESPONDED}. */
    public Optional<StunMessage> response() {
        return Optional.ofNullable(response);
    }

    /**
     * Round-trip time from the first request to the response, or -1 when there is no response or the request
     * was retransmitted (then the response cannot be attributed to one send, as in Karn's algorithm).
     */
    public long rttNanos() {
        return response == null || requestsSent > 1 ? -1 : responseNanos - startNanos;
    }

    /** How many copies of the request were sent (or are queued) so far. */
    public int requestsSent() {
        return requestsSent;
    }

    /** The request. */
    public StunMessage request() {
        return request;
    }

    /** The transaction id. */
    public StunTransactionId transactionId() {
        return request.transactionId();
    }

    /** The destination the request goes to. */
    public InetSocketAddress destination() {
        return destination;
    }

    /** The local address the request is sent from. */
    public InetSocketAddress source() {
        return source;
    }
}
