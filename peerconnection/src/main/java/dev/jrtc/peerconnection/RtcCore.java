package dev.jrtc.peerconnection;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;

/**
 * The sans-IO transport pump of a PeerConnection, in the model of str0m's {@code Rtc}: the BUNDLE transport (ICE,
 * DTLS, SRTP, SCTP; RFC 8843) and the media router (RTP/RTCP, RFC 3550) driven only by inputs that carry
 * {@code now} ({@link #handleDatagram}, {@link #handleTimeout}, {@link #advance} before API calls) and drained
 * through {@link #pollTransmit} and {@link #pollTimeout}, whose deadline covers ICE checks and consent, DTLS
 * retransmission, SCTP T1/T3/heartbeats, RTCP reports, NACK and feedback ticks and the pacer.
 *
 * <p>It reads no clock, opens no socket and schedules nothing: {@link TransportIo} does that on an
 * {@link RtcDriver}. Event loop only.
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
