/**
 * The UDP I/O layer on Netty: {@link dev.jrtc.ice.udp.UdpTransport} (the only place that opens sockets),
 * RFC 7983 demultiplexing ({@link dev.jrtc.ice.udp.Rfc7983Demux}), single-port routing
 * ({@link dev.jrtc.ice.udp.SinglePortRouter}), the event-loop driver of sans-IO cores
 * ({@link dev.jrtc.ice.udp.SansIoDriver}) and a runnable STUN server ({@link dev.jrtc.ice.udp.StunServer}).
 *
 * <p>Buffer ownership: received payloads are {@code ByteBuf}s borrowed for one
 * {@link dev.jrtc.ice.udp.DatagramHandler} call and released by the transport; sent data arrays belong to the
 * transport once passed to {@link dev.jrtc.ice.udp.UdpTransport#send}.
 */
package dev.jrtc.ice.udp;
