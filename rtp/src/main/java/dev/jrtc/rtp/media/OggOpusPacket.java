package dev.jrtc.rtp.media;

/**
 * One Opus packet of an Ogg Opus stream and its granule position (RFC 7845 §4): the 48 kHz sample count, pre-skip
 * included, at the end of this packet's audio. The receiver owns {@code data}.
 */
public record OggOpusPacket(byte[] data, long granulePosition) {}
