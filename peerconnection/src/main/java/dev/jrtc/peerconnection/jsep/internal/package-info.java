/**
 * Not API: the JSEP signaling state machine (RFC 8829 §3.2, W3C webrtc §4.3.1) that {@code PeerConnection} runs.
 * Public only so the peerconnection package can reach it; may change in any release without notice. Users see its
 * results as {@link dev.jrtc.peerconnection.jsep.SignalingState} and W3C errors.
 */
package dev.jrtc.peerconnection.jsep.internal;
