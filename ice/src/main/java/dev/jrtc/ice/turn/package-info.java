/**
 * A TURN client (RFC 8656) over UDP as sans-IO code: {@link dev.jrtc.ice.turn.TurnClient} holds one allocation on
 * one server (long-term credentials, refreshes, permissions, channels) and relays application data through it;
 * {@link dev.jrtc.ice.turn.TurnChannelData} frames ChannelData messages.
 *
 * <p>Nothing here opens a socket, starts a thread or reads a clock. Bad input from the network is dropped and
 * counted, never thrown.
 */
package dev.jrtc.ice.turn;
