package dev.jrtc.rtp.media;

import java.io.IOException;
import java.util.Objects;

/**
 * The Ogg Opus identification header (RFC 7845 §5.1), the first packet of an Ogg Opus stream.
 *
 * <pre>
 * "OpusHead" | version = 1 | channel count | pre-skip (16) | input sample rate (32) | output gain (16, Q7.8) |
 * mapping family | [stream count | coupled count | channel mapping x channel count]  (if family != 0; little-endian)
 * </pre>
 *
 * @param preSkip          48 kHz samples to drop from the decoder's output at the start
 * @param inputSampleRate  the original rate, informational (0 if unknown)
 * @param outputGain       gain to apply, in 1/256 dB
 * @param channelMapping   null for family 0 (mono or stereo), else one entry per channel
 */
public record OpusHead(int channels, int preSkip, long inputSampleRate, int outputGain, int mappingFamily,
                       int streamCount, int coupledCount, byte[] channelMapping) {

    public OpusHead {
        if (channels < 1 || channels > 255) throw new IllegalArgumentException("channel count must be 1..255: " + channels);
        if (preSkip < 0 || preSkip > 0xFFFF) throw new IllegalArgumentException("pre-skip is 16-bit: " + preSkip);
        if (outputGain < Short.MIN_VALUE || outputGain > Short.MAX_VALUE) throw new IllegalArgumentException("output gain is a signed 16-bit Q7.8: " + outputGain);
        if (mappingFamily == 0) {
            if (channels > 2) throw new IllegalArgumentException("mapping family 0 has 1 or 2 channels: " + channels);
        } else if (channelMapping == null || channelMapping.length != channels) {
            throw new IllegalArgumentException("mapping family " + mappingFamily + " needs one channel mapping entry per channel");
        }
        channelMapping = channelMapping == null ? null : channelMapping.clone();
    }

    /** Mono or stereo, mapping family 0 (RFC 7845 §5.1.1.1). */
    public static OpusHead of(int channels, int preSkip, long inputSampleRate) {
        return new OpusHead(channels, preSkip, inputSampleRate, 0, 0, 1, channels - 1, null);
    }

    @Override
    public byte[] channelMapping() {
        return channelMapping == null ? null : channelMapping.clone();
    }

    /** The header packet's bytes. */
    public byte[] toBytes() {
        int n = mappingFamily == 0 ? 19 : 21 + channels;
        byte[] b = new byte[n];
        System.arraycopy("OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 8);
        b[8] = 1;
        b[9] = (byte) channels;
        b[10] = (byte) preSkip;
        b[11] = (byte) (preSkip >>> 8);
        for (int i = 0; i < 4; i++) b[12 + i] = (byte) (inputSampleRate >>> (8 * i));
        b[16] = (byte) outputGain;
        b[17] = (byte) (outputGain >>> 8);
        b[18] = (byte) mappingFamily;
        if (mappingFamily != 0) {
            b[19] = (byte) streamCount;
            b[20] = (byte) coupledCount;
            System.arraycopy(channelMapping, 0, b, 21, channels);
        }
        return b;
    }

    /** Parses the header packet (RFC 7845 §5.1: major version 0 of the version field is required). */
    public static OpusHead parse(byte[] b) throws IOException {
        Objects.requireNonNull(b, "b");
        if (b.length < 19 || !OggPage.startsWith(b, "OpusHead")) throw new IOException("not an OpusHead packet");
        int version = b[8] & 0xFF;
        if (version >>> 4 != 0) throw new IOException("OpusHead version " + version + " is not 0.x (RFC 7845 §5.1)");
        int channels = b[9] & 0xFF;
        if (channels == 0) throw new IOException("OpusHead with 0 channels");
        int preSkip = (b[10] & 0xFF) | (b[11] & 0xFF) << 8;
        long rate = (b[12] & 0xFFL) | (b[13] & 0xFFL) << 8 | (b[14] & 0xFFL) << 16 | (b[15] & 0xFFL) << 24;
        int gain = (short) ((b[16] & 0xFF) | (b[17] & 0xFF) << 8);
        int family = b[18] & 0xFF;
        if (family == 0) {
            if (channels > 2) throw new IOException("OpusHead mapping family 0 with " + channels + " channels");
            return new OpusHead(channels, preSkip, rate, gain, 0, 1, channels - 1, null);
        }
        if (b.length < 21 + channels) throw new IOException("OpusHead channel mapping table cut short");
        int streams = b[19] & 0xFF;
        int coupled = b[20] & 0xFF;
        if (streams == 0 || coupled > streams) throw new IOException("OpusHead with " + streams + " streams, " + coupled + " coupled");
        byte[] mapping = java.util.Arrays.copyOfRange(b, 21, 21 + channels);
        return new OpusHead(channels, preSkip, rate, gain, family, streams, coupled, mapping);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpusHead h && channels == h.channels && preSkip == h.preSkip && inputSampleRate == h.inputSampleRate
                && outputGain == h.outputGain && mappingFamily == h.mappingFamily && streamCount == h.streamCount
                && coupledCount == h.coupledCount && java.util.Arrays.equals(channelMapping, h.channelMapping);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, preSkip, inputSampleRate, outputGain, mappingFamily, streamCount, coupledCount) * 31
                + java.util.Arrays.hashCode(channelMapping);
    }

    @Override
    public String toString() {
        return "OpusHead[channels=" + channels + ", preSkip=" + preSkip + ", inputSampleRate=" + inputSampleRate
                + ", outputGain=" + outputGain + ", mappingFamily=" + mappingFamily + "]";
    }
}
