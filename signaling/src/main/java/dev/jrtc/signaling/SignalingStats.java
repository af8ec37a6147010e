package dev.jrtc.signaling;

import java.util.concurrent.atomic.AtomicLong;

/** The counters of one {@link SignalingServer}, safe to read from any thread. */
public final class SignalingStats {
    final AtomicLong openConnections = new AtomicLong();
    final AtomicLong totalConnections = new AtomicLong();
    final AtomicLong rejectedConnections = new AtomicLong();
    final AtomicLong openWebSockets = new AtomicLong();
    final AtomicLong messagesReceived = new AtomicLong();
    final AtomicLong messagesRelayed = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong offersAnswered = new AtomicLong();
    final AtomicLong offersFailed = new AtomicLong();

    /** TCP connections open now (HTTP and WebSocket). */
    public long openConnections() {
        return openConnections.get();
    }

    /** TCP connections accepted since start. */
    public long totalConnections() {
        return totalConnections.get();
    }

    /** Connections closed at once because {@link SignalingSettings#maxConnections()} were open. */
    public long rejectedConnections() {
        return rejectedConnections.get();
    }

    /** WebSockets open now. */
    public long openWebSockets() {
        return openWebSockets.get();
    }

    /** WebSocket text messages received. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** offer/answer/candidate/bye messages delivered to another member. */
    public long messagesRelayed() {
        return messagesRelayed.get();
    }

    /** Bad input answered with an error: malformed or oversize messages, protocol errors, bad HTTP requests. */
    public long errors() {
        return errors.get();
    }

    /** {@code POST /offer} requests answered 200. */
    public long offersAnswered() {
        return offersAnswered.get();
    }

    /** {@code POST /offer} requests answered 503 (handler failed, timed out, or too many pending). */
    public long offersFailed() {
        return offersFailed.get();
    }

    @Override
    public String toString() {
        return "SignalingStats{connections=" + openConnections() + ", webSockets=" + openWebSockets()
                + ", received=" + messagesReceived() + ", relayed=" + messagesRelayed() + ", errors=" + errors()
                + ", offers=" + offersAnswered() + "/" + offersFailed() + " failed}";
    }
}
