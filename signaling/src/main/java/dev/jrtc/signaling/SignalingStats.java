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
    final AtomicLong perIpConnectionsRejected = new AtomicLong();
    final AtomicLong trackedIpsForgotten = new AtomicLong();
    final AtomicLong httpRateLimited = new AtomicLong();
    final AtomicLong messagesRateLimited = new AtomicLong();
    final AtomicLong originsRejected = new AtomicLong();
    final AtomicLong hostsRejected = new AtomicLong();
    final AtomicLong requestDeadlinesExceeded = new AtomicLong();
    final AtomicLong bodiesTooLarge = new AtomicLong();
    final AtomicLong joinsDenied = new AtomicLong();
    final AtomicLong whipSessionsCreated = new AtomicLong();
    final AtomicLong whipSessionsRefused = new AtomicLong();
    final AtomicLong whipUnauthorized = new AtomicLong();
    final AtomicLong whipCandidatesPatched = new AtomicLong();
    final AtomicLong whipIceRestarts = new AtomicLong();

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

    /** Connections closed at once because {@link SignalingSettings#maxConnectionsPerIp()} were open from that IP. */
    public long perIpConnectionsRejected() {
        return perIpConnectionsRejected.get();
    }

    /** Idle addresses dropped from the per-IP table to keep it within {@link SignalingSettings#maxTrackedIps()}. */
    public long trackedIpsForgotten() {
        return trackedIpsForgotten.get();
    }

    /** HTTP requests answered 429 by the per-IP {@link SignalingSettings#httpRequestRate()}. */
    public long httpRateLimited() {
        return httpRateLimited.get();
    }

    /** WebSocket messages dropped (with an error reply) by the per-IP {@link SignalingSettings#webSocketMessageRate()}. */
    public long messagesRateLimited() {
        return messagesRateLimited.get();
    }

    /** Requests answered 403 because their Origin is neither the server's own nor allowed. */
    public long originsRejected() {
        return originsRejected.get();
    }

    /** Requests answered 421 (or 400 when missing) because their Host header is not an allowed name. */
    public long hostsRejected() {
        return hostsRejected.get();
    }

    /** Connections closed because a request was not complete within {@link SignalingSettings#requestDeadline()}. */
    public long requestDeadlinesExceeded() {
        return requestDeadlinesExceeded.get();
    }

    /** Requests answered 413 because the body exceeds {@link SignalingSettings#maxBodyBytes()}. */
    public long bodiesTooLarge() {
        return bodiesTooLarge.get();
    }

    /** Joins refused by the {@link RoomAccess} (missing or wrong token). */
    public long joinsDenied() {
        return joinsDenied.get();
    }

    /** WHIP sessions created (201). */
    public long whipSessionsCreated() {
        return whipSessionsCreated.get();
    }

    /** WHIP offers refused with 503: the session limit, a handler that failed, or no answer in time. */
    public long whipSessionsRefused() {
        return whipSessionsRefused.get();
    }

    /** WHIP requests answered 401: no or the wrong bearer token. */
    public long whipUnauthorized() {
        return whipUnauthorized.get();
    }

    /** Remote candidates handed to WHIP sessions through PATCH (trickle ICE). */
    public long whipCandidatesPatched() {
        return whipCandidatesPatched.get();
    }

    /** WHIP sessions whose ICE restarted on a client's PATCH (RFC 9725 §4.3.2). */
    public long whipIceRestarts() {
        return whipIceRestarts.get();
    }

    @Override
    public String toString() {
        return "SignalingStats{connections=" + openConnections() + ", webSockets=" + openWebSockets()
                + ", received=" + messagesReceived() + ", relayed=" + messagesRelayed() + ", errors=" + errors()
                + ", offers=" + offersAnswered() + "/" + offersFailed() + " failed, whip=" + whipSessionsCreated() + "/"
                + whipSessionsRefused() + " refused, refused: perIp=" + perIpConnectionsRejected() + " rate=" + httpRateLimited()
                + "+" + messagesRateLimited() + " origin=" + originsRejected() + " host=" + hostsRejected() + " deadline="
                + requestDeadlinesExceeded() + " body=" + bodiesTooLarge() + " join=" + joinsDenied() + " auth="
                + whipUnauthorized() + "}";
    }
}
