/**
 * Not API: the mDNS message codec, responder and resolver (RFC 6762, mDNS ICE candidates) that
 * {@link dev.jrtc.ice.udp.MulticastMdns} drives. Public only so that package can reach them; may change or
 * disappear in any release without notice. Use {@code MulticastMdns} (or the PeerConnection mDNS settings) instead.
 */
package dev.jrtc.ice.mdns.internal;
