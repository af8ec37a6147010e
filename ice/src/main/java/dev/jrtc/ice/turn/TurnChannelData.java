package dev.jrtc.ice.turn;

import java.util.Arrays;

/**
 * The ChannelData message (RFC 8656 §12.4): application data relayed on a bound channel with a 4-byte header
 * instead of a 36-byte Send or Data indication.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Channel Number        |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * /                       Application Data                        /
 * /                                                               /
 * |                                                               |
 * |                               +-------------------------------+
 * |                               |
 * +-------------------------------+
 * </pre>
 *
 * <p>Over UDP a sender need not pad to a multiple of 4 bytes, so {@link #encode()} does not; a receiver must accept
 * up to 3 padding bytes after the data (RFC 8656 §12.5), which {@link #decode} does. Immutable: arrays are copied
 * in and out.
 *
 * @param channel the channel number, {@link #MIN_CHANNEL}..{@link #MAX_CHANNEL}
 * @param data    the application data (at most 65535 bytes)
 */
public record TurnChannelData(int channel, byte[] data) {
    /** The first channel number a client may bind (RFC 8656 §12). */
    public static final int MIN_CHANNEL = 0x4000;
    /** The last channel number a client may bind; 0x5000..0xFFFF are reserved (RFC 8656 §12). */
    public static final int MAX_CHANNEL = 0x4FFF;
    /** The header length. */
    public static final int HEADER_LENGTH = 4;

    public TurnChannelData {
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            throw new IllegalArgumentException(String.format("channel number must be 0x4000..0x4FFF, got 0x%04x", channel));
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("ChannelData carries at most 65535 bytes, got " + data.length);
        }
        data = data.clone();
    }

    /** A copy of the application data; the caller owns it. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** True when {@code b} (0..255) can start a ChannelData message: 0b01 in the top bits (RFC 7983 range 64..79). */
    public static boolean isChannelData(int firstByte) {
        int b = firstByte & 0xFF;
        return b >= 64 && b <= 79;
    }

    /** The message as sent over UDP: header and data, no padding (a fresh array the caller owns). */
    public byte[] encode() {
        byte[] b = new byte[HEADER_LENGTH + data.length];
        b[0] = (byte) (channel >>> 8);
        b[1] = (byte) channel;
        b[2] = (byte) (data.length >>> 8);
        b[3] = (byte) data.length;
        System.arraycopy(data, 0, b, HEADER_LENGTH, data.length);
        return b;
    }

    /**
     * Decodes a whole UDP datagram {@code datagram[off..off+len)} (only read; the caller keeps it), or returns null
     * when it is not a valid ChannelData message: shorter than its Length field says, a channel number outside
     * 0x4000..0x4FFF, or more than 3 bytes after the data (padding is at most 3 bytes). Never throws on bad input.
     */
    public static TurnChannelData decode(byte[] datagram, int off, int len) {
        if (off < 0 || len < 0 || off > datagram.length - len) {
            throw new IllegalArgumentException("range [" + off + ", " + off + "+" + len + ") outside array of "
                    + datagram.length);
        }
        if (len < HEADER_LENGTH) {
            return null;
        }
        int channel = ((datagram[off] & 0xFF) << 8) | (datagram[off + 1] & 0xFF);
        int length = ((datagram[off + 2] & 0xFF) << 8) | (datagram[off + 3] & 0xFF);
        if (channel < MIN_CHANNEL || channel > MAX_CHANNEL) {
            return null;
        }
        int trailing = len - HEADER_LENGTH - length;
        if (trailing < 0 || trailing > 3) {
            return null; // truncated (RFC 8656 §12.6: silently discard), or not padding but garbage
        }
        return new TurnChannelData(channel, Arrays.copyOfRange(datagram, off + HEADER_LENGTH, off + HEADER_LENGTH + length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TurnChannelData other && channel == other.channel && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * channel + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return String.format("ChannelData[0x%04x, %d bytes]", channel, data.length);
    }
}
