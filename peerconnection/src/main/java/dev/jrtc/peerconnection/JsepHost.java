package dev.jrtc.peerconnection;

import dev.jrtc.ice.IceCredentials;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannels;

/** What the {@link JsepEngine} needs from the connection that owns it (its facade, on the event loop). */
interface JsepHost {
    /** A recvonly transceiver of {@code kind} for an m-section of a remote offer. */
    RtpTransceiver newRemoteTransceiver(String kind);

    /** The data-channel association exists now: channels waiting for it can be opened. */
    void sctpStarted(DataChannels sctp);

    /** The answer rejected the data section: channels waiting for it can never open. */
    void dataChannelsRejected();

    /** A data-channel event from the pump (handled at once: it counts against the receive window). */
    void dataChannelEvent(DataChannelEvent event);

    /** New local ICE credentials: single-port routing must know the ufrag. */
    void localCredentialsChanged(IceCredentials credentials);

    /** The pump drained every core. */
    void pumped();

    /** W3C [[Operations]] not finished yet (negotiationneeded waits for none). */
    int pendingOperations();

    /** True once close() was called (from any thread). */
    boolean closed();
}
