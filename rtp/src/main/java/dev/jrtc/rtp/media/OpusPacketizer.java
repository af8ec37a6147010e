package dev.jrtc.rtp.media;

import java.util.Objects;

/**
 * Puts Opus packets (RFC 6716) into RTP payloads (RFC 7587 §4.2): one Opus packet per payload, unchanged; an Opus
 * packet is never split. The RTP timestamp advances by the packet's duration at 48 kHz ({@link OpusPacket#samples}),
 * and the marker is left to the sender, which sets it on the first packet of a talkspurt (RFC 7587 §4.1, RFC 3551).
 * Not thread-safe: one per stream.
 */
public final class OpusPacketizer implements Packetizer {
    private final int maxPayloadSize;
    private byte[] frame;
    private int offset;
    private int length;
    private boolean pending;

    /** @param maxPayloadSize the largest Opus packet accepted (RFC 6716 §3.2.1 allows up to 1275 bytes per frame) */
    public OpusPacketizer(int maxPayloadSize) {
        if (maxPayloadSize < 1) throw new IllegalArgumentException("maxPayloadSize must be positive: " + maxPayloadSize);
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /** @throws IllegalArgumentException for a packet that is malformed ({@link OpusPacket#samples}) or too large */
    @Override
    public void beginFrame(byte[] frame, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, frame.length);
        if (length > maxPayloadSize) throw new IllegalArgumentException("an Opus packet of " + length + " bytes exceeds maxPayloadSize " + maxPayloadSize + " (Opus packets are not split)");
        if (OpusPacket.samples(frame, offset, length) < 0) throw new IllegalArgumentException("not a well-formed Opus packet (RFC 6716 §3)");
        this.frame = frame;
        this.offset = offset;
        this.length = length;
        this.pending = true;
    }

    @Override
    public boolean hasNextPayload() {
        return pending;
    }

    @Override
    public int nextPayload(byte[] dst, int offset) {
        if (!pending) throw new IllegalStateException("no Opus payload left: call beginFrame");
        Objects.checkFromIndexSize(offset, maxPayloadSize, dst.length);
        System.arraycopy(frame, this.offset, dst, offset, length);
        pending = false;
        frame = null;
        return length;
    }

    @Override
    public boolean marker() {
        return false;
    }
}
