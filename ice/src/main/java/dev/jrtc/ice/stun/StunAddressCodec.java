package dev.jrtc.ice.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Encodes and decodes the address attributes MAPPED-ADDRESS and XOR-MAPPED-ADDRESS (RFC 8489 §14.1, §14.2),
 * also used by XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS (RFC 8656).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 (X-)Address (32 bits or 128 bits)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The XOR variants XOR the port with the top 16 bits of the magic cookie and the address with the cookie
 * (IPv4) or the cookie followed by the transaction id (IPv6), so NATs that rewrite addresses in payloads miss it.
 */
final class StunAddressCodec {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private StunAddressCodec() {}

    /** True when {@code value} is a well-formed address attribute value (family and length agree). */
    static boolean isWellFormed(byte[] value) {
        if (value.length < 4) {
            return false;
        }
        int family = value[1] & 0xFF;
        return (family == FAMILY_IPV4 && value.length == 8) || (family == FAMILY_IPV6 && value.length == 20);
    }

    /**
     * The value bytes of an address attribute; XORed with the cookie and {@code tid} when {@code tid} is non-null.
     *
     * @throws IllegalArgumentException when the address is unresolved
     */
    static byte[] encode(InetSocketAddress address, StunTransactionId tid) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("STUN address attributes need a resolved address, got " + address);
        }
        byte[] raw = ip.getAddress();
        byte[] value = new byte[4 + raw.length];
        value[1] = (byte) (raw.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        int port = address.getPort();
        if (tid != null) {
            port ^= StunMessage.MAGIC_COOKIE >>> 16;
        }
        value[2] = (byte) (port >>> 8);
        value[3] = (byte) port;
        for (int i = 0; i < raw.length; i++) {
            value[4 + i] = (byte) (raw[i] ^ (tid == null ? 0 : xorPad(i, tid)));
        }
        return value;
    }

    /**
     * The address in a well-formed value (check {@link #isWellFormed} first); un-XORed when {@code tid} is non-null.
     */
    static InetSocketAddress decode(byte[] value, StunTransactionId tid) {
        int port = ((value[2] & 0xFF) << 8) | (value[3] & 0xFF);
        if (tid != null) {
            port ^= StunMessage.MAGIC_COOKIE >>> 16;
        }
        byte[] raw = new byte[value.length - 4];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (value[4 + i] ^ (tid == null ? 0 : xorPad(i, tid)));
        }
        try {
            // Inet6Address.getByAddress keeps an IPv4-mapped IPv6 address as IPv6, so the family round-trips.
            InetAddress ip = raw.length == 4 ? Inet4Address.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
            return new InetSocketAddress(ip, port);
        } catch (UnknownHostException e) {
            // getByAddress only throws for lengths other than 4 and 16, which isWellFormed excludes.
            throw new IllegalStateException("address of length " + raw.length, e);
        }
    }

    /** Byte i of the XOR pad: the magic cookie, then the transaction id. */
    private static int xorPad(int i, StunTransactionId tid) {
        return i < 4 ? (StunMessage.MAGIC_COOKIE >>> (24 - 8 * i)) & 0xFF : tid.byteAt(i - 4);
    }
}
