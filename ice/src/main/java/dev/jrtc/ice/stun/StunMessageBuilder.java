package dev.jrtc.ice.stun;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link StunMessage} (RFC 8489 §6): attributes in the order added, then MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT when asked for, each computed over the bytes before it with the
 * length field adjusted as RFC 8489 §14.5-§14.7 say. Padding bytes are zero.
 *
 * <p>Not thread-safe; byte arrays passed in are copied (the caller keeps them).
 */
public final class StunMessageBuilder {
    private final StunClass messageClass;
    private final int method;
    private final StunTransactionId transactionId;
    private final List<StunAttribute> attributes = new ArrayList<>();
    private byte[] integrityKey;
    private byte[] integritySha256Key;
    private boolean fingerprint;
    private byte padding;

    StunMessageBuilder(StunClass messageClass, int method, StunTransactionId transactionId) {
        this.messageClass = Objects.requireNonNull(messageClass, "messageClass");
        if (method < 0 || method > StunMethod.MAX) {
            throw new IllegalArgumentException("STUN method must be 0..0xFFF, got " + method);
        }
        this.method = method;
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
    }

    /** Adds an attribute as is (raw: an unknown type, or a pre-computed value). */
    public StunMessageBuilder attribute(StunAttribute attribute) {
        attributes.add(Objects.requireNonNull(attribute, "attribute"));
        return this;
    }

    /** Adds an attribute of {@code type} with a copy of {@code value}. */
    public StunMessageBuilder attribute(int type, byte[] value) {
        return attribute(StunAttribute.of(type, value));
    }

    /** Adds every attribute of {@code list} in order. */
    public StunMessageBuilder attributes(List<StunAttribute> list) {
        list.forEach(this::attribute);
        return this;
    }

    /** USERNAME (UTF-8; for ICE "remoteUfrag:localUfrag"). */
    public StunMessageBuilder username(String username) {
        return text(StunAttributeType.USERNAME, username);
    }

    /** SOFTWARE (UTF-8). */
    public StunMessageBuilder software(String software) {
        return text(StunAttributeType.SOFTWARE, software);
    }

    /** REALM (UTF-8). */
    public StunMessageBuilder realm(String realm) {
        return text(StunAttributeType.REALM, realm);
    }

    /** NONCE (UTF-8). */
    public StunMessageBuilder nonce(String nonce) {
        return text(StunAttributeType.NONCE, nonce);
    }

    /** XOR-MAPPED-ADDRESS of a resolved address. */
    public StunMessageBuilder xorMappedAddress(InetSocketAddress address) {
        return addOwned(StunAttributeType.XOR_MAPPED_ADDRESS, StunAddressCodec.encode(address, transactionId));
    }

    /** XOR-RELAYED-ADDRESS of a resolved address (TURN). */
    public StunMessageBuilder xorRelayedAddress(InetSocketAddress address) {
        return addOwned(StunAttributeType.XOR_RELAYED_ADDRESS, StunAddressCodec.encode(address, transactionId));
    }

    /** XOR-PEER-ADDRESS of a resolved address (TURN). */
    public StunMessageBuilder xorPeerAddress(InetSocketAddress address) {
        return addOwned(StunAttributeType.XOR_PEER_ADDRESS, StunAddressCodec.encode(address, transactionId));
    }

    /** MAPPED-ADDRESS of a resolved address (for RFC 3489 clients). */
    public StunMessageBuilder mappedAddress(InetSocketAddress address) {
        return addOwned(StunAttributeType.MAPPED_ADDRESS, StunAddressCodec.encode(address, null));
    }

    /** PRIORITY, 0..2^32-1 (RFC 8445 §7.1.1). */
    public StunMessageBuilder priority(long priority) {
        if (priority < 0 || priority > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("PRIORITY must be 0..2^32-1, got " + priority);
        }
        return addOwned(StunAttributeType.PRIORITY, int32((int) priority));
    }

    /** USE-CANDIDATE (RFC 8445 §7.1.2). */
    public StunMessageBuilder useCandidate() {
        return addOwned(StunAttributeType.USE_CANDIDATE, new byte[0]);
    }

    /** ICE-CONTROLLING with its 64-bit tie-breaker (RFC 8445 §7.1.3). */
    public StunMessageBuilder iceControlling(long tieBreaker) {
        return addOwned(StunAttributeType.ICE_CONTROLLING, int64(tieBreaker));
    }

    /** ICE-CONTROLLED with its 64-bit tie-breaker (RFC 8445 §7.1.3). */
    public StunMessageBuilder iceControlled(long tieBreaker) {
        return addOwned(StunAttributeType.ICE_CONTROLLED, int64(tieBreaker));
    }

    /** ERROR-CODE {@code code} (300..699) with a reason phrase. */
    public StunMessageBuilder errorCode(int code, String reason) {
        StunErrorCode error = new StunErrorCode(code, reason);
        byte[] text = error.reason().getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[4 + text.length];
        v[2] = (byte) (error.code() / 100);
        v[3] = (byte) (error.code() % 100);
        System.arraycopy(text, 0, v, 4, text.length);
        return addOwned(StunAttributeType.ERROR_CODE, v);
    }

    /** UNKNOWN-ATTRIBUTES listing {@code types} (for a 420 response). */
    public StunMessageBuilder unknownAttributes(int... types) {
        byte[] v = new byte[2 * types.length];
        for (int i = 0; i < types.length; i++) {
            v[2 * i] = (byte) (types[i] >>> 8);
            v[2 * i + 1] = (byte) types[i];
        }
        return addOwned(StunAttributeType.UNKNOWN_ATTRIBUTES, v);
    }

    /** LIFETIME in seconds (TURN). */
    public StunMessageBuilder lifetime(int seconds) {
        return addOwned(StunAttributeType.LIFETIME, int32(seconds));
    }

    /** REQUESTED-TRANSPORT with an IP protocol number (17 = UDP) (TURN). */
    public StunMessageBuilder requestedTransport(int protocol) {
        return addOwned(StunAttributeType.REQUESTED_TRANSPORT, new byte[] {(byte) protocol, 0, 0, 0});
    }

    /** CHANNEL-NUMBER 0x4000..0x4FFF (TURN). */
    public StunMessageBuilder channelNumber(int channel) {
        return addOwned(StunAttributeType.CHANNEL_NUMBER, new byte[] {(byte) (channel >>> 8), (byte) channel, 0, 0});
    }

    /** DATA with a copy of {@code data} (TURN). */
    public StunMessageBuilder data(byte[] data) {
        return attribute(StunAttributeType.DATA, data);
    }

    /** Appends MESSAGE-INTEGRITY computed with {@code key} (see {@link StunCredentials}) when building. */
    public StunMessageBuilder messageIntegrity(byte[] key) {
        this.integrityKey = key.clone();
        return this;
    }

    /** Appends a full 32-byte MESSAGE-INTEGRITY-SHA256 computed with {@code key} when building. */
    public StunMessageBuilder messageIntegritySha256(byte[] key) {
        this.integritySha256Key = key.clone();
        return this;
    }

    /** Appends FINGERPRINT when building. */
    public StunMessageBuilder fingerprint() {
        this.fingerprint = true;
        return this;
    }

    /**
     * Uses {@code value} for padding bytes instead of zero. Only for reproducing foreign test vectors (RFC 5769
     * pads with spaces); RFC 8489 says senders pad with zeros.
     */
    StunMessageBuilder padding(byte value) {
        this.padding = value;
        return this;
    }

    /**
     * Encodes the message and returns it decoded.
     *
     * @throws IllegalArgumentException when the message would exceed 65535 bytes or a raw attribute value is
     *                                  malformed for its type
     */
    public StunMessage build() {
        int length = StunMessage.HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            length += 4 + padded(a.length());
        }
        length += integrityKey == null ? 0 : 4 + StunIntegrity.SHA1_LENGTH;
        length += integritySha256Key == null ? 0 : 4 + 32;
        length += fingerprint ? 8 : 0;
        if (length - StunMessage.HEADER_LENGTH > 0xFFFC) {
            throw new IllegalArgumentException("STUN message too long: " + length + " bytes");
        }
        byte[] b = new byte[length];
        int type = ((method & 0xF80) << 2) | ((method & 0x70) << 1) | (method & 0xF)
                | ((messageClass.bits() & 0b10) << 7) | ((messageClass.bits() & 0b01) << 4);
        b[0] = (byte) (type >>> 8);
        b[1] = (byte) type;
        b[2] = (byte) ((length - StunMessage.HEADER_LENGTH) >>> 8);
        b[3] = (byte) (length - StunMessage.HEADER_LENGTH);
        writeInt(b, 4, StunMessage.MAGIC_COOKIE);
        transactionId.copyTo(b, 8);
        int pos = StunMessage.HEADER_LENGTH;
        for (StunAttribute a : attributes) {
            pos = writeAttribute(b, pos, a.type(), a.valueUnsafe());
        }
        if (integrityKey != null) {
            byte[] mac = StunIntegrity.hmac("HmacSHA1", integrityKey, b, pos, StunIntegrity.SHA1_LENGTH);
            pos = writeAttribute(b, pos, StunAttributeType.MESSAGE_INTEGRITY, mac);
        }
        if (integritySha256Key != null) {
            byte[] mac = StunIntegrity.hmac("HmacSHA256", integritySha256Key, b, pos, 32);
            pos = writeAttribute(b, pos, StunAttributeType.MESSAGE_INTEGRITY_SHA256, mac);
        }
        if (fingerprint) {
            pos = writeAttribute(b, pos, StunAttributeType.FINGERPRINT, int32(StunIntegrity.fingerprint(b, pos)));
        }
        return StunMessage.decodeBuilt(b);
    }

    private int writeAttribute(byte[] b, int pos, int type, byte[] value) {
        b[pos] = (byte) (type >>> 8);
        b[pos + 1] = (byte) type;
        b[pos + 2] = (byte) (value.length >>> 8);
        b[pos + 3] = (byte) value.length;
        System.arraycopy(value, 0, b, pos + 4, value.length);
        int end = pos + 4 + padded(value.length);
        for (int i = pos + 4 + value.length; i < end; i++) {
            b[i] = padding;
        }
        return end;
    }

    private StunMessageBuilder text(int type, String text) {
        return addOwned(type, text.getBytes(StandardCharsets.UTF_8));
    }

    private StunMessageBuilder addOwned(int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException(StunAttributeType.name(type) + " longer than 65535 bytes");
        }
        attributes.add(StunAttribute.wrap(type, value));
        return this;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    private static byte[] int32(int v) {
        byte[] b = new byte[4];
        writeInt(b, 0, v);
        return b;
    }

    private static byte[] int64(long v) {
        byte[] b = new byte[8];
        writeInt(b, 0, (int) (v >>> 32));
        writeInt(b, 4, (int) v);
        return b;
    }

    private static void writeInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
