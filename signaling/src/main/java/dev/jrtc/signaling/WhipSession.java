package dev.jrtc.signaling;

import dev.jrtc.peerconnection.PeerConnection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WHIP session (RFC 9725 §3): the resource at the Location a {@code 201 Created} names, with its PeerConnection
 * and the entity-tag of its ICE session (RFC 9725 §4.3.1). Ended by {@code DELETE}, by {@link #close()}, or by its
 * endpoint when the connection fails or never connects.
 */
public final class WhipSession {
    private final String id;
    private final PeerConnection peerConnection;
    private volatile String etag;
    private final long createdNanos;
    private final WhipEndpoint endpoint;
    final AtomicBoolean ended = new AtomicBoolean();
    volatile String remoteUfrag;
    volatile String remotePwd;
    volatile boolean answered;
    /** Set by the reaper once the connection was seen connected; a later disconnect is left to ICE consent. */
    volatile boolean connectedOnce;

    WhipSession(String id, PeerConnection peerConnection, String etag, long createdNanos, WhipEndpoint endpoint) {
        this.id = id;
        this.peerConnection = peerConnection;
        this.etag = etag;
        this.createdNanos = createdNanos;
        this.endpoint = endpoint;
    }

    /** The unguessable id in the session URL (128 random bits, RFC 9725 §6 on IDOR). */
    public String id() {
        return id;
    }

    /** The session's jrtc PeerConnection (answerer, receive-only). */
    public PeerConnection peerConnection() {
        return peerConnection;
    }

    /** The strong entity-tag of the ICE session, quoted as in the ETag header; an ICE restart makes a new one. */
    public String etag() {
        return etag;
    }

    void newIceSession(String etag, String remoteUfrag, String remotePwd) {
        this.remoteUfrag = remoteUfrag;
        this.remotePwd = remotePwd;
        this.etag = etag;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** True once the session ended. */
    public boolean isEnded() {
        return ended.get();
    }

    /** Ends the session from the application's side: its PeerConnection closes; a later DELETE gets 404. */
    public void close() {
        endpoint.end(this, "closed by the application");
    }

    @Override
    public String toString() {
        return "WhipSession{" + id + (isEnded() ? ", ended" : "") + "}";
    }
}
