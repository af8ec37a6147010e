/**
 * WebRTC data channels (RFC 8831) with their establishment protocol DCEP (RFC 8832), over one SCTP association
 * (RFC 9260 with RFC 3758 and RFC 6525) carried by DTLS, as sans-IO cores driven from one event-loop thread.
 *
 * <pre>{@code
 * DataChannels dc = new DataChannels(SctpConfig.defaults(random), dtlsRole == CLIENT);
 * dc.setRemoteMaxMessageSize(remoteSdpMaxMessageSize);       // 65536 if the SDP had none, 0 = unlimited
 * DataChannel chat = dc.createChannel(now, DataChannelInit.reliable("chat"));  // CONNECTING until the association is up
 * dc.connect(now);                                           // once DTLS is up, on both sides
 *
 * // Then, on every input: dc.handlePacket(now, dtlsAppData, 0, n) or dc.handleTimeout(now) when dc.pollTimeout() is due,
 * // and after it drain both queues:
 * for (byte[] p = dc.pollTransmit(); p != null; p = dc.pollTransmit()) dtls.send(p);
 * for (DataChannelEvent e = dc.pollEvent(); e != null; e = dc.pollEvent()) {
 *     switch (e) { ... ChannelOpen, RemoteChannel, Message, BufferedAmountLow, ChannelClosed, ... }
 * }
 * }</pre>
 *
 * <p>Nothing here reads a clock, starts a thread or touches a socket; bad input from the peer is dropped and counted
 * ({@link dev.jrtc.sctp.datachannel.DataChannels#droppedPackets()}), and only misuse of the API throws.
 */
package dev.jrtc.sctp.datachannel;
