package dev.jrtc.peerconnection;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;

/**
 * A PeerConnection without I/O, in the model of str0m's {@code Rtc}: the JSEP engine (RFC 9429: signaling,
 * descriptions, transceivers, negotiation-needed, state aggregation) over the transport pump (the BUNDLE transport
 * with ICE, DTLS, SRTP and SCTP, RFC 8843, and the RTP/RTCP media router, RFC 3550).
 *
 * <p>Inputs carry {@code now}: the JSEP calls, {@link #handleDatagram}, {@link #handleTimeout} (and {@link #advance}
 * before any other call). Outputs are polled: {@link #pollTransmit} (datagrams), {@link #pollEvent} (what the
 * application hears), {@link #pollTimeout} (one deadline for ICE checks and consent, DTLS retransmission, SCTP
 * T1/T3/heartbeats, RTCP reports, NACK and feedback ticks and the pacer). It reads no clock, opens no socket and
 * schedules nothing: {@link TransportIo} does that on an {@link RtcDriver}, and {@link PeerConnection} is the W3C
 * facade that hops onto the event loop, calls in and drains. Event loop only.
 */
final class RtcCore {
    private final TimerQueue timers = new TimerQueue();
    private long now;
    private JsepEngine jsep;
    private BundleTransport transport;
    private MediaRouter media;

    RtcCore(long startNanos) {
        this.now = startNanos;
    }

    void attach(JsepEngine jsep, BundleTransport transport, MediaRouter media) {
        this.jsep = jsep;
        this.transport = transport;
        this.media = media;
    }

    /** The time of the latest input: what the parts use as {@code now}. */
    long now() {
        return now;
    }

    /** Moves {@code now} forward (time never goes back); every input starts with it. */
    void advance(long nowNanos) {
        if (nowNanos > now) now = nowNanos;
    }

    TimerQueue timers() {
        return timers;
    }

    JsepEngine jsep() {
        return jsep;
    }

    /** Queues {@code event} for {@link #pollEvent}. */
    void emit(RtcEvent event) {
        jsep.emit(event);
    }

    /** The next event for the application, or null. */
    RtcEvent pollEvent() {
        return jsep.pollEvent();
    }

    BundleTransport transport() {
        return transport;
    }

    MediaRouter media() {
        return media;
    }

    // ------------------------------------------------------------------------------------------ JSEP (RFC 9429)

    /** createOffer (RFC 9429 §5.2); {@code iceRestart} gives it new ICE credentials (§5.2.3.1). */
    RtcSessionDescription createOffer(long nowNanos, boolean iceRestart) {
        advance(nowNanos);
        return jsep.createOfferNow(iceRestart);
    }

    /** createAnswer (RFC 9429 §5.3); needs a remote offer. */
    RtcSessionDescription createAnswer(long nowNanos) {
        advance(nowNanos);
        return jsep.createAnswerNow();
    }

    /** setLocalDescription (RFC 9429 §5.4); an empty SDP is the one last created. Returns what was applied. */
    RtcSessionDescription setLocalDescription(long nowNanos, RtcSessionDescription description) {
        advance(nowNanos);
        return jsep.setLocalNow(description);
    }

    /** setLocalDescription without arguments: creates and applies the offer or answer the state calls for. */
    RtcSessionDescription setLocalDescription(long nowNanos) {
        advance(nowNanos);
        dev.jrtc.peerconnection.jsep.SignalingState s = jsep.signalingState();
        boolean answer = s == dev.jrtc.peerconnection.jsep.SignalingState.HAVE_REMOTE_OFFER
                || s == dev.jrtc.peerconnection.jsep.SignalingState.HAVE_LOCAL_PRANSWER;
        return jsep.setLocalNow(answer ? jsep.createAnswerNow() : jsep.createOfferNow(false));
    }

    /** setRemoteDescription (RFC 9429 §5.5), with the implicit rollback of perfect negotiation. */
    void setRemoteDescription(long nowNanos, RtcSessionDescription description) {
        advance(nowNanos);
        jsep.setRemoteNow(description);
    }

    /** addIceCandidate (RFC 8838 §11.4); an empty candidate is end-of-candidates. */
    void addIceCandidate(long nowNanos, RtcIceCandidate candidate) {
        advance(nowNanos);
        jsep.addIceCandidateNow(candidate);
    }

    /** restartIce: the next offer restarts ICE; negotiation is needed. */
    void restartIce(long nowNanos) {
        advance(nowNanos);
        jsep.requestIceRestart();
    }

    // ------------------------------------------------------------------------------------------ transport

    /** A datagram from a socket; the core owns {@code data}. {@link #pump} after a batch. */
    void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, byte[] data) {
        advance(nowNanos);
        transport.handleDatagram(now, local, remote, data);
    }

    /** Drains the protocol cores until nothing moves. */
    void pump() {
        transport.pump();
    }

    /** Fires every deadline due at {@code nowNanos}. */
    void handleTimeout(long nowNanos) {
        advance(nowNanos);
        timers.handleTimeout(now);
        transport.handleTimeout(now);
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE}. */
    long pollTimeout() {
        return Math.min(transport.pollTimeout(), timers.pollTimeout());
    }

    /** The next datagram to send, or null; the caller owns it. */
    Transmit pollTransmit() {
        return transport.pollTransmit();
    }

    /** Stops the media timers and closes the transport (its last datagrams wait in {@link #pollTransmit}). */
    void close() {
        media.stop();
        timers.clear();
        transport.close();
    }
}
