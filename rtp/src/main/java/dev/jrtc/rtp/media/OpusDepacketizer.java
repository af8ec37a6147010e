package dev.jrtc.rtp.media;

/**
 * Takes Opus packets (RFC 6716) out of RTP payloads (RFC 7587 §4.2): every payload is one whole packet and so one
 * frame, a key frame, and its own start and end. A payload that is not a well-formed Opus packet
 * ({@link OpusPacket#samples}) is dropped and counted; a lost packet is just missing (a decoder conceals it).
 */
public final class OpusDepacketizer extends AbstractDepacketizer {
    public OpusDepacketizer() {
        super(64 * 1024, false);
    }

    @Override
    public boolean isFrameStart(byte[] payload, int offset, int length) {
        return true;
    }

    @Override
    public boolean isKeyFrame(byte[] payload, int offset, int length) {
        return true;
    }

    @Override
    public boolean isFrameEnd(boolean marker, byte[] payload, int offset, int length) {
        return true;
    }

    @Override
    protected boolean parses(byte[] payload, int offset, int length) {
        return OpusPacket.samples(payload, offset, length) > 0;
    }

    @Override
    protected boolean startFlagIsExplicit() {
        return true;
    }

    @Override
    protected boolean appendPayload(byte[] payload, int offset, int length, boolean first, boolean last) {
        return OpusPacket.samples(payload, offset, length) > 0 && append(payload, offset, length);
    }
}
