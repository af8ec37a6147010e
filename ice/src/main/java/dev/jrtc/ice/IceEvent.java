package dev.jrtc.ice;

import java.net.InetSocketAddress;

/** What an {@link IceAgent} reports (RFC 8445, RFC 8838 trickle). */
public sealed interface IceEvent {
    /** A new local candidate to signal to the peer (trickle). */
    record LocalCandidate(Candidate candidate) implements IceEvent {}

    record GatheringStateChanged(IceGatheringState state) implements IceEvent {}

    record ConnectionStateChanged(IceConnectionState state) implements IceEvent {}

    /** The pair application data now uses. */
    record SelectedPairChanged(Candidate local, Candidate remote) implements IceEvent {}

    /** A non-STUN datagram from a peer address with a valid pair (DTLS, SRTP); the receiver owns {@code data}. */
    record ApplicationData(InetSocketAddress from, InetSocketAddress to, byte[] data) implements IceEvent {}

    /** A remote {@code .local} candidate needs resolving: answer with {@link IceAgent#handleMdnsResolution}. */
    record MdnsLookup(String hostname) implements IceEvent {}
}
