package dev.jrtc.rtp.media;

/**
 * One frame of an IVF file: its presentation time in the file's time base and the codec data (a whole VP8 frame,
 * RFC 6386). The receiver owns {@code data}.
 */
public record IvfFrame(long pts, byte[] data) {}
