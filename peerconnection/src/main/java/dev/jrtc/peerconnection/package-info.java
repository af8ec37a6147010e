/**
 * The W3C-style WebRTC API of jrtc (W3C webrtc, RFC 8829): {@link dev.jrtc.peerconnection.PeerConnection} and what
 * it hands out, on top of the sans-IO protocol cores.
 *
 * <p>Threads: a {@link dev.jrtc.peerconnection.PeerConnectionFactory} owns every thread: Netty event loops (each
 * connection is bound to one; all its protocol state lives there), the workers of Bouncy Castle's blocking DTLS
 * handshakes (held only while a handshake can progress) and the callback pool. Public methods may be called from
 * any thread. Listeners run on callback threads, one at a time per connection and in the order things happened,
 * never on an event loop: blocking in a listener delays only that connection's later events. Returned futures
 * complete on threads of their own, outside that order, so waiting on one inside a listener (e.g.
 * {@code setLocalDescription().join()} in onNegotiationNeeded) cannot deadlock.
 *
 * <p>Buffers: arrays passed in ({@code RtcDataChannel.send}, {@code MediaStreamTrack.writeRtp}) stay the caller's
 * (they are copied); arrays handed out (received messages, received RTP) belong to the receiver.
 */
package dev.jrtc.peerconnection;
