package dev.jrtc.peerconnection;

import dev.jrtc.peerconnection.jsep.SignalingState;

/**
 * What a connection's {@link RtcCore} tells the application, in order (W3C webrtc §4.4 events): polled out of the
 * core by the facade, which hands each to its listener on the callback thread.
 */
sealed interface RtcEvent {
    /** signalingstatechange (W3C §4.4.1.5). */
    record SignalingStateChange(SignalingState state) implements RtcEvent {}

    /** negotiationneeded (W3C §4.7.3); the facade checks it still holds before the listener runs. */
    record NegotiationNeeded() implements RtcEvent {}

    /** track (W3C §5.6), after the signalingstatechange of the description that announced it. */
    record Track(RtcTrackEvent event) implements RtcEvent {}

    /** icecandidate (W3C §4.8.2); null is the end of gathering. */
    record IceCandidate(RtcIceCandidate candidate) implements RtcEvent {}

    /** icegatheringstatechange. */
    record IceGatheringStateChange(RtcIceGatheringState state) implements RtcEvent {}

    /** iceconnectionstatechange. */
    record IceConnectionStateChange(RtcIceConnectionState state) implements RtcEvent {}

    /** connectionstatechange (W3C §4.3.3: ICE and DTLS transport states together). */
    record ConnectionStateChange(RtcPeerConnectionState state) implements RtcEvent {}

    /** datachannel (W3C §6.1.1): the peer opened {@code channel}; {@code delivered} runs after the listener. */
    record DataChannel(RtcDataChannel channel, Runnable delivered) implements RtcEvent {}

    /** open on {@code channel} (RFC 8832 §6 DCEP done, or negotiated and SCTP up). */
    record DataChannelOpen(RtcDataChannel channel) implements RtcEvent {}

    /** message on {@code channel}; {@code delivered} runs after the listener (the receive backlog shrinks). */
    record DataChannelMessage(RtcDataChannel channel, boolean binary, byte[] data, Runnable delivered) implements RtcEvent {}

    /** bufferedamountlow on {@code channel}. */
    record DataChannelBufferedAmountLow(RtcDataChannel channel) implements RtcEvent {}

    /** close on {@code channel} (stream reset, RFC 8831 §6.7, or the association ended). */
    record DataChannelClose(RtcDataChannel channel) implements RtcEvent {}
}
