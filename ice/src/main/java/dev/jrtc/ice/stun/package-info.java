/**
 * STUN (RFC 8489) as sans-IO code: the {@link dev.jrtc.ice.stun.StunMessage} codec with MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, credentials ({@link dev.jrtc.ice.stun.StunCredentials}), client
 * transactions with retransmission ({@link dev.jrtc.ice.stun.StunClient}, {@link dev.jrtc.ice.stun.StunClientTransaction})
 * and a Binding responder ({@link dev.jrtc.ice.stun.StunBindingResponder}).
 *
 * <p>Nothing here opens a socket, starts a thread or reads a clock. Decoding never throws on bad input: it returns
 * {@link dev.jrtc.ice.stun.StunDecodeResult.Malformed} with a reason; checks return a
 * {@link dev.jrtc.ice.stun.StunCheck}. Messages are immutable; byte arrays are copied in and out.
 */
package dev.jrtc.ice.stun;
