package dev.jrtc.signaling;

/**
 * What the application does with each WHIP session (RFC 9725): it gets the session's jrtc PeerConnection before the
 * client's offer is applied, so it can add {@code onTrack}, {@code onDataChannel} or {@code onConnectionStateChange}
 * listeners and receive the published media. The endpoint sets {@code onIceGatheringStateChange} itself once this
 * returns (its answer waits for gathering); it watches the connection state by polling, so an
 * {@code onConnectionStateChange} listener the handler sets stays its own.
 */
@FunctionalInterface
public interface WhipHandler {
    /**
     * A client published: {@code session} is new and its offer not yet applied. May run on a Netty event loop: it
     * must not block. Throwing refuses the session (the client gets 503 and the PeerConnection is closed).
     */
    void sessionStarted(WhipSession session);

    /**
     * The session ended and its PeerConnection is closed: DELETE by the client, {@link WhipSession#close()}, a failed
     * or never-connected connection, or the endpoint closing. Called once per started session.
     */
    default void sessionEnded(WhipSession session, String reason) {}
}
