package dev.jrtc.sctp;

/**
 * What the handshake learns about the peer, from its INIT ACK or from the State Cookie of its INIT (RFC 9260
 * §5.1, §5.1.3): its tag, initial TSN and window, the extensions it announced, and how many streams we may use.
 *
 * @param tag             the peer's Initiate Tag, the verification tag of everything we send
 * @param initialTsn      the peer's Initial TSN
 * @param receiveWindow   the peer's a_rwnd
 * @param forwardTsn      the peer announced Forward-TSN-Supported (RFC 3758 §3.1)
 * @param reconfig        the peer announced RE-CONFIG (RFC 6525 §3.1)
 * @param outboundStreams our outbound streams: the peer's number of inbound streams, at most 65535
 */
record PeerInit(long tag, long initialTsn, long receiveWindow, boolean forwardTsn, boolean reconfig, int outboundStreams) {}
