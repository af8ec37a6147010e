package dev.jrtc.ice.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** What a {@link TurnClient} reports about its allocation, permissions and channels (RFC 8656 §7-§12). */
public sealed interface TurnClientEvent {

    /**
     * The server allocated a relayed transport address (RFC 8656 §7.3).
     *
     * @param relayed the XOR-RELAYED-ADDRESS: where peers send to reach us
     * @param mapped  the XOR-MAPPED-ADDRESS: our address as the server saw it (null when the server left it out)
     */
    record Allocated(InetSocketAddress relayed, InetSocketAddress mapped) implements TurnClientEvent {}

    /**
     * The allocation could not be made, or was lost (refresh refused, expired without refresh).
     *
     * @param code   the server's error code, or 0 for a local reason (no response, a malformed success)
     * @param reason the server's reason phrase or ours
     */
    record AllocationFailed(int code, String reason) implements TurnClientEvent {}

    /** A permission for {@code peer} is installed: data from and to it now passes the server (RFC 8656 §9). */
    record PermissionCreated(InetAddress peer) implements TurnClientEvent {}

    /** The server refused or never answered a CreatePermission for {@code peer}; data queued for it was dropped. */
    record PermissionFailed(InetAddress peer, int code, String reason) implements TurnClientEvent {}

    /** A channel is bound to {@code peer}: data to and from it now uses ChannelData (RFC 8656 §12). */
    record ChannelBound(InetSocketAddress peer, int channel) implements TurnClientEvent {}

    /** A ChannelBind failed; data to {@code peer} keeps using Send indications. */
    record ChannelBindFailed(InetSocketAddress peer, int code, String reason) implements TurnClientEvent {}

    /** Data relayed from {@code peer} (a Data indication or ChannelData); the receiver owns {@code data}. */
    record PeerData(InetSocketAddress peer, byte[] data) implements TurnClientEvent {}

    /**
     * The allocation is gone after {@link TurnClient#close}.
     *
     * @param deleted true when the server confirmed the deletion (a success to Refresh with LIFETIME 0); false when
     *                there was no allocation yet, the server said it had none (437), or it did not answer
     */
    record Closed(boolean deleted) implements TurnClientEvent {}
}
