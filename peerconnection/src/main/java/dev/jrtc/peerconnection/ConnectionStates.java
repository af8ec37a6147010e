package dev.jrtc.peerconnection;

import java.util.Queue;

/**
 * The W3C state aggregation of a connection (webrtc §4.3.3, §4.3.4): iceGatheringState, iceConnectionState and
 * connectionState from the ICE agent's and the DTLS transport's states (and the SCTP association giving up on a silent
 * peer), each change queued as an {@link RtcEvent}. Written on the event loop, read from any thread.
 */
final class ConnectionStates {
    private final Queue<RtcEvent> events;
    private volatile RtcIceGatheringState gathering = RtcIceGatheringState.NEW;
    private volatile RtcIceConnectionState ice = RtcIceConnectionState.NEW;
    private volatile RtcPeerConnectionState connection = RtcPeerConnectionState.NEW;
    private volatile long connectedAt = -1;
    /** The association gave up on a silent peer (RFC 9260 §8.1): the connection is failed. */
    private boolean sctpFailed;

    ConnectionStates(Queue<RtcEvent> events) {
        this.events = events;
    }

    RtcIceGatheringState gathering() {
        return gathering;
    }

    RtcIceConnectionState ice() {
        return ice;
    }

    RtcPeerConnectionState connection() {
        return connection;
    }

    /** When connectionState first became connected (the core's time), or -1. */
    long connectedAt() {
        return connectedAt;
    }

    void gathering(RtcIceGatheringState s) {
        if (s == gathering) return;
        gathering = s;
        events.add(new RtcEvent.IceGatheringStateChange(s));
    }

    /** The ICE agent's state; then connectionState follows. */
    void ice(RtcIceConnectionState s, BundleTransport.DtlsState dtls, boolean closed, long now) {
        if (s != ice) {
            ice = s;
            events.add(new RtcEvent.IceConnectionStateChange(s));
        }
        update(dtls, closed, now);
    }

    void sctpFailed(BundleTransport.DtlsState dtls, boolean closed, long now) {
        if (sctpFailed) return;
        sctpFailed = true;
        update(dtls, closed, now);
    }

    /** close(): every state is closed, without events. */
    void closed() {
        ice = RtcIceConnectionState.CLOSED;
        connection = RtcPeerConnectionState.CLOSED;
    }

    /** W3C §4.3.3: the connection state from the ICE and DTLS transport states. */
    void update(BundleTransport.DtlsState dtls, boolean closed, long now) {
        RtcIceConnectionState i = ice;
        RtcPeerConnectionState s;
        if (closed) s = RtcPeerConnectionState.CLOSED;
        else if (i == RtcIceConnectionState.FAILED || dtls == BundleTransport.DtlsState.FAILED || sctpFailed) s = RtcPeerConnectionState.FAILED;
        else if (i == RtcIceConnectionState.DISCONNECTED) s = RtcPeerConnectionState.DISCONNECTED;
        else if ((i == RtcIceConnectionState.NEW || i == RtcIceConnectionState.CLOSED)
                && (dtls == BundleTransport.DtlsState.NEW || dtls == BundleTransport.DtlsState.CLOSED)) s = RtcPeerConnectionState.NEW;
        else if (i == RtcIceConnectionState.NEW || i == RtcIceConnectionState.CHECKING
                || dtls == BundleTransport.DtlsState.NEW || dtls == BundleTransport.DtlsState.CONNECTING) s = RtcPeerConnectionState.CONNECTING;
        else s = RtcPeerConnectionState.CONNECTED; // every transport connected, completed or closed
        if (s == connection) return;
        connection = s;
        if (s == RtcPeerConnectionState.CONNECTED && connectedAt < 0) connectedAt = now;
        events.add(new RtcEvent.ConnectionStateChange(s));
    }
}
