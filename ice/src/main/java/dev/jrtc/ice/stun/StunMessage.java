package dev.jrtc.ice.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An immutable STUN message (RFC 8489 §5): class, method, transaction id and ordered attributes, together with the
 * exact bytes it was decoded from or encoded to (so integrity and fingerprint are checked over the raw bytes).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                     Transaction ID (96 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  Message Type:  0                 1
 *                 2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *                +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *                |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 *                |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *                +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Decode with {@link #decode(byte[], int, int)} (never throws on bad input); build with {@link #builder}.
 * Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and anything after
 * FINGERPRINT, are ignored as RFC 8489 §14.5-§14.7 require (they are not in {@link #attributes()}).
 */
public final class StunMessage {
    /** The magic cookie 0x2112A442 (RFC 8489 §5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The fixed header length. */
    public static final int HEADER_LENGTH = 20;

    private static final int MAX_TEXT_LENGTH = 763; // SOFTWARE, REALM, NONCE, reason phrase: < 128 chars of UTF-8
    private static final int MAX_USERNAME_LENGTH = 513;

    private final StunClass messageClass;
    private final int method;
    private final StunTransactionId transactionId;
    private final List<StunAttribute> attributes;
    private final byte[] wire;
    private final int integrityOffset;
    private final int integritySha256Offset;
    private final int fingerprintOffset;

    private StunMessage(StunClass messageClass, int method, StunTransactionId transactionId,
            List<StunAttribute> attributes, byte[] wire, int integrityOffset, int integritySha256Offset,
            int fingerprintOffset) {
        this.messageClass = messageClass;
        this.method = method;
        this.transactionId = transactionId;
        this.attributes = attributes;
        this.wire = wire;
        this.integrityOffset = integrityOffset;
        this.integritySha256Offset = integritySha256Offset;
        this.fingerprintOffset = fingerprintOffset;
    }

    // ------------------------------------------------------------------------------------------------ decoding

    /**
     * True when {@code data[off..off+len)} looks like a STUN message: at least a header, top two bits zero, the
     * magic cookie, and a length field matching the datagram. A cheap test for demultiplexers.
     */
    public static boolean looksLikeStun(byte[] data, int off, int len) {
        return len >= HEADER_LENGTH && (data[off] & 0xC0) == 0 && readInt(data, off + 4) == MAGIC_COOKIE
                && readShort(data, off + 2) + HEADER_LENGTH == len;
    }

    /**
     * Decodes one STUN message from a whole datagram {@code data[off..off+len)} (RFC 8489 §6.3). The bytes are
     * copied; the caller keeps ownership of {@code data}. Never throws on malformed input.
     */
    public static StunDecodeResult decode(byte[] data, int off, int len) {
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new IllegalArgumentException("range [" + off + ", " + off + "+" + len + ") outside array of "
                    + data.length);
        }
        if (len < HEADER_LENGTH) {
            return new StunDecodeResult.Malformed("shorter than the 20-byte header: " + len, null);
        }
        if ((data[off] & 0xC0) != 0) {
            return new StunDecodeResult.Malformed("first two bits are not zero", null);
        }
        if (readInt(data, off + 4) != MAGIC_COOKIE) {
            return new StunDecodeResult.Malformed("no magic cookie", null);
        }
        int length = readShort(data, off + 2);
        if ((length & 3) != 0) {
            return new StunDecodeResult.Malformed("message length " + length + " is not a multiple of 4", null);
        }
        if (length + HEADER_LENGTH != len) {
            return new StunDecodeResult.Malformed("message length " + length + " does not match datagram of "
                    + len + " bytes", null);
        }
        byte[] wire = Arrays.copyOfRange(data, off, off + len);
        int type = readShort(wire, 0);
        StunClass cls = StunClass.fromBits(((type >>> 7) & 0b10) | ((type >>> 4) & 0b01));
        int method = ((type >>> 2) & 0xF80) | ((type >>> 1) & 0x70) | (type & 0xF);
        StunTransactionId tid = StunTransactionId.of(wire, 8);

        List<StunAttribute> attributes = new ArrayList<>();
        int integrity = -1;
        int integritySha256 = -1;
        int fingerprint = -1;
        int pos = HEADER_LENGTH;
        while (pos < len) {
            if (len - pos < 4) {
                return malformed("truncated attribute header at offset " + pos, cls, method, tid);
            }
            int attrType = readShort(wire, pos);
            int attrLength = readShort(wire, pos + 2);
            if (attrLength > len - pos - 4) {
                return malformed(StunAttributeType.name(attrType) + " of length " + attrLength
                        + " overruns the message at offset " + pos, cls, method, tid);
            }
            int valueStart = pos + 4;
            int next = valueStart + ((attrLength + 3) & ~3);
            // RFC 8489 §14.5-§14.7: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count,
            // after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT, after FINGERPRINT nothing.
            boolean ignored = fingerprint >= 0
                    || (integritySha256 >= 0 && attrType != StunAttributeType.FINGERPRINT)
                    || (integrity >= 0 && attrType != StunAttributeType.FINGERPRINT
                            && attrType != StunAttributeType.MESSAGE_INTEGRITY_SHA256);
            if (!ignored) {
                byte[] value = Arrays.copyOfRange(wire, valueStart, valueStart + attrLength);
                String problem = checkValue(attrType, value);
                if (problem != null) {
                    return malformed(StunAttributeType.name(attrType) + ": " + problem, cls, method, tid);
                }
                switch (attrType) {
                    case StunAttributeType.MESSAGE_INTEGRITY -> integrity = pos;
                    case StunAttributeType.MESSAGE_INTEGRITY_SHA256 -> integritySha256 = pos;
                    case StunAttributeType.FINGERPRINT -> fingerprint = pos;
                    default -> { }
                }
                attributes.add(StunAttribute.wrap(attrType, value));
            }
            pos = next;
        }
        return new StunDecodeResult.Decoded(new StunMessage(cls, method, tid, List.copyOf(attributes), wire,
                integrity, integritySha256, fingerprint));
    }

    /** Decodes a whole datagram; see {@link #decode(byte[], int, int)}. The caller keeps {@code data}. */
    public static StunDecodeResult decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    private static StunDecodeResult malformed(String reason, StunClass cls, int method, StunTransactionId tid) {
        return new StunDecodeResult.Malformed(reason, new StunDecodeResult.StunHeader(cls, method, tid));
    }

    /** Null when the value of a known attribute type is well-formed, else what is wrong with it. */
    private static String checkValue(int type, byte[] v) {
        return switch (type) {
            case StunAttributeType.MAPPED_ADDRESS, StunAttributeType.XOR_MAPPED_ADDRESS,
                    StunAttributeType.XOR_PEER_ADDRESS, StunAttributeType.XOR_RELAYED_ADDRESS,
                    StunAttributeType.ALTERNATE_SERVER ->
                    StunAddressCodec.isWellFormed(v) ? null : "bad address family or length " + v.length;
            case StunAttributeType.USERNAME -> v.length <= MAX_USERNAME_LENGTH ? null : "too long: " + v.length;
            case StunAttributeType.SOFTWARE, StunAttributeType.REALM, StunAttributeType.NONCE ->
                    v.length <= MAX_TEXT_LENGTH ? null : "too long: " + v.length;
            case StunAttributeType.MESSAGE_INTEGRITY -> v.length == StunIntegrity.SHA1_LENGTH ? null
                    : "length " + v.length + " is not 20";
            case StunAttributeType.MESSAGE_INTEGRITY_SHA256 -> v.length >= 16 && v.length <= 32 && v.length % 4 == 0
                    ? null : "length " + v.length + " is not 16..32 in steps of 4";
            case StunAttributeType.FINGERPRINT, StunAttributeType.PRIORITY, StunAttributeType.LIFETIME,
                    StunAttributeType.CHANNEL_NUMBER, StunAttributeType.REQUESTED_TRANSPORT ->
                    v.length == 4 ? null : "length " + v.length + " is not 4";
            case StunAttributeType.ICE_CONTROLLED, StunAttributeType.ICE_CONTROLLING ->
                    v.length == 8 ? null : "length " + v.length + " is not 8";
            case StunAttributeType.USE_CANDIDATE, StunAttributeType.DONT_FRAGMENT ->
                    v.length == 0 ? null : "length " + v.length + " is not 0";
            case StunAttributeType.UNKNOWN_ATTRIBUTES -> v.length % 2 == 0 ? null : "odd length " + v.length;
            case StunAttributeType.ERROR_CODE -> checkErrorCode(v);
            default -> null;
        };
    }

    private static String checkErrorCode(byte[] v) {
        if (v.length < 4 || v.length > 4 + MAX_TEXT_LENGTH) {
            return "length " + v.length + " is not 4.." + (4 + MAX_TEXT_LENGTH);
        }
        int cls = v[2] & 0x07;
        int number = v[3] & 0xFF;
        return cls >= 3 && cls <= 6 && number <= 99 ? null : "bad code class " + cls + " number " + number;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The message class. */
    public StunClass messageClass() {
        return messageClass;
    }

    /** The 12-bit method number (see {@link StunMethod}). */
    public int method() {
        return method;
    }

    /** The transaction id. */
    public StunTransactionId transactionId() {
        return transactionId;
    }

    /** The attributes in wire order (unmodifiable), excluding the ones RFC 8489 says to ignore. */
    public List<StunAttribute> attributes() {
        return attributes;
    }

    /** True for a request of the given method. */
    public boolean isRequest(int expectedMethod) {
        return messageClass == StunClass.REQUEST && method == expectedMethod;
    }

    /** The encoded message (a fresh copy the caller owns). */
    public byte[] encode() {
        return wire.clone();
    }

    /** The encoded length in bytes. */
    public int encodedLength() {
        return wire.length;
    }

    /** Copies the encoded message into {@code dst} at {@code off}; the caller keeps {@code dst}. */
    public void encodeInto(byte[] dst, int off) {
        System.arraycopy(wire, 0, dst, off, wire.length);
    }

    /** The first attribute of {@code type}. */
    public Optional<StunAttribute> attribute(int type) {
        for (StunAttribute a : attributes) {
            if (a.type() == type) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** True when an attribute of {@code type} is present. */
    public boolean has(int type) {
        return attribute(type).isPresent();
    }

    /** USERNAME as UTF-8 text. */
    public Optional<String> username() {
        return text(StunAttributeType.USERNAME);
    }

    /** SOFTWARE as UTF-8 text. */
    public Optional<String> software() {
        return text(StunAttributeType.SOFTWARE);
    }

    /** REALM as UTF-8 text. */
    public Optional<String> realm() {
        return text(StunAttributeType.REALM);
    }

    /** NONCE as UTF-8 text. */
    public Optional<String> nonce() {
        return text(StunAttributeType.NONCE);
    }

    /** The XOR-MAPPED-ADDRESS, un-XORed. */
    public Optional<InetSocketAddress> xorMappedAddress() {
        return xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS);
    }

    /** The XOR-RELAYED-ADDRESS (TURN), un-XORed. */
    public Optional<InetSocketAddress> xorRelayedAddress() {
        return xorAddress(StunAttributeType.XOR_RELAYED_ADDRESS);
    }

    /** The XOR-PEER-ADDRESS (TURN), un-XORed. */
    public Optional<InetSocketAddress> xorPeerAddress() {
        return xorAddress(StunAttributeType.XOR_PEER_ADDRESS);
    }

    /** The MAPPED-ADDRESS (RFC 3489 servers). */
    public Optional<InetSocketAddress> mappedAddress() {
        return attribute(StunAttributeType.MAPPED_ADDRESS).map(a -> StunAddressCodec.decode(a.valueUnsafe(), null));
    }

    /** PRIORITY (RFC 8445 §7.1.1), 0..2^32-1. */
    public OptionalLong priority() {
        return attribute(StunAttributeType.PRIORITY)
                .map(a -> OptionalLong.of(readInt(a.valueUnsafe(), 0) & 0xFFFFFFFFL)).orElse(OptionalLong.empty());
    }

    /** True when USE-CANDIDATE is present (RFC 8445 §7.1.2). */
    public boolean useCandidate() {
        return has(StunAttributeType.USE_CANDIDATE);
    }

    /** The ICE-CONTROLLING tie-breaker (RFC 8445 §7.1.3). */
    public OptionalLong iceControlling() {
        return long64(StunAttributeType.ICE_CONTROLLING);
    }

    /** The ICE-CONTROLLED tie-breaker (RFC 8445 §7.1.3). */
    public OptionalLong iceControlled() {
        return long64(StunAttributeType.ICE_CONTROLLED);
    }

    /** LIFETIME in seconds (TURN). */
    public OptionalInt lifetime() {
        return attribute(StunAttributeType.LIFETIME)
                .map(a -> OptionalInt.of(readInt(a.valueUnsafe(), 0))).orElse(OptionalInt.empty());
    }

    /** ERROR-CODE. */
    public Optional<StunErrorCode> errorCode() {
        return attribute(StunAttributeType.ERROR_CODE).map(a -> {
            byte[] v = a.valueUnsafe();
            int code = (v[2] & 0x07) * 100 + (v[3] & 0xFF);
            return new StunErrorCode(code, new String(v, 4, v.length - 4, StandardCharsets.UTF_8));
        });
    }

    /** The attribute types listed in UNKNOWN-ATTRIBUTES (empty when absent). */
    public int[] unknownAttributes() {
        return attribute(StunAttributeType.UNKNOWN_ATTRIBUTES).map(a -> {
            byte[] v = a.valueUnsafe();
            int[] types = new int[v.length / 2];
            for (int i = 0; i < types.length; i++) {
                types[i] = readShort(v, 2 * i);
            }
            return types;
        }).orElse(new int[0]);
    }

    /**
     * The comprehension-required attribute types in this message that this codec does not understand, in wire
     * order without duplicates: a server answers a request that has any with 420 listing them (RFC 8489 §6.3.1).
     */
    public int[] unknownComprehensionRequired() {
        return attributes.stream().mapToInt(StunAttribute::type)
                .filter(t -> StunAttributeType.isComprehensionRequired(t)
                        && !StunAttributeType.isKnownComprehensionRequired(t))
                .distinct().toArray();
    }

    private Optional<String> text(int type) {
        return attribute(type).map(a -> new String(a.valueUnsafe(), StandardCharsets.UTF_8));
    }

    private Optional<InetSocketAddress> xorAddress(int type) {
        return attribute(type).map(a -> StunAddressCodec.decode(a.valueUnsafe(), transactionId));
    }

    private OptionalLong long64(int type) {
        return attribute(type).map(a -> OptionalLong.of(
                ((long) readInt(a.valueUnsafe(), 0) << 32) | (readInt(a.valueUnsafe(), 4) & 0xFFFFFFFFL)))
                .orElse(OptionalLong.empty());
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** Checks MESSAGE-INTEGRITY (HMAC-SHA1) with {@code key} over the message bytes (RFC 8489 §14.5). */
    public StunCheck checkMessageIntegrity(byte[] key) {
        if (integrityOffset < 0) {
            return StunCheck.ABSENT;
        }
        byte[] mac = StunIntegrity.hmac("HmacSHA1", key, wire, integrityOffset, StunIntegrity.SHA1_LENGTH);
        return StunIntegrity.macMatches(mac, wire, integrityOffset + 4, StunIntegrity.SHA1_LENGTH)
                ? StunCheck.VALID : StunCheck.INVALID;
    }

    /** Checks MESSAGE-INTEGRITY with a prepared key, allocating nothing (RFC 8489 §14.5). */
    public StunCheck checkMessageIntegrity(StunIntegrityKey key) {
        if (integrityOffset < 0) {
            return StunCheck.ABSENT;
        }
        return key.matches(wire, integrityOffset) ? StunCheck.VALID : StunCheck.INVALID;
    }

    /** Checks MESSAGE-INTEGRITY-SHA256 (possibly truncated HMAC-SHA256) with {@code key} (RFC 8489 §14.6). */
    public StunCheck checkMessageIntegritySha256(byte[] key) {
        if (integritySha256Offset < 0) {
            return StunCheck.ABSENT;
        }
        int length = readShort(wire, integritySha256Offset + 2);
        byte[] mac = StunIntegrity.hmac("HmacSHA256", key, wire, integritySha256Offset, length);
        return StunIntegrity.macMatches(mac, wire, integritySha256Offset + 4, length)
                ? StunCheck.VALID : StunCheck.INVALID;
    }

    /** Checks FINGERPRINT (CRC-32 XOR 0x5354554e) over the message bytes (RFC 8489 §14.7). */
    public StunCheck checkFingerprint() {
        if (fingerprintOffset < 0) {
            return StunCheck.ABSENT;
        }
        int expected = StunIntegrity.fingerprint(wire, fingerprintOffset);
        return readInt(wire, fingerprintOffset + 4) == expected ? StunCheck.VALID : StunCheck.INVALID;
    }

    // ------------------------------------------------------------------------------------------------ building

    /** A builder for a message of {@code messageClass}, {@code method} (0..0xFFF) and transaction id. */
    public static StunMessageBuilder builder(StunClass messageClass, int method, StunTransactionId transactionId) {
        return new StunMessageBuilder(messageClass, method, transactionId);
    }

    /** Decodes bytes this package just encoded; a failure is a bug in the builder or a bad raw attribute. */
    static StunMessage decodeBuilt(byte[] wire) {
        StunDecodeResult result = decode(wire, 0, wire.length);
        if (result instanceof StunDecodeResult.Malformed m) {
            throw new IllegalArgumentException("the attributes given make a malformed message: " + m.reason());
        }
        return result.message();
    }

    static int readShort(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    // ------------------------------------------------------------------------------------------------ Object

    /** Equal when class, method, transaction id and attributes are equal (the raw padding bytes are not compared). */
    @Override
    public boolean equals(Object o) {
        return o instanceof StunMessage m && messageClass == m.messageClass && method == m.method
                && transactionId.equals(m.transactionId) && attributes.equals(m.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageClass, method, transactionId, attributes);
    }

    @Override
    public String toString() {
        return StunMethod.name(method) + " " + messageClass + " " + transactionId + " " + attributes;
    }
}
