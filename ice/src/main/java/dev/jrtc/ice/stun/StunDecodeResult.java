package dev.jrtc.ice.stun;

/**
 * The result of decoding a datagram as a STUN message (RFC 8489 §6.3): either the message or why it is malformed.
 *
 * <p>Decoding never throws on bad input; a receiver counts and drops {@link Malformed} results (or answers 400 when
 * the header was sound enough to know it was a request, see {@link Malformed#header()}).
 */
public sealed interface StunDecodeResult {

    /** True when the bytes decoded into a message. */
    default boolean isDecoded() {
        return this instanceof Decoded;
    }

    /** The message, or throws when this is {@link Malformed} (check {@link #isDecoded()} first). */
    default StunMessage message() {
        if (this instanceof Decoded d) {
            return d.decodedMessage();
        }
        throw new IllegalArgumentException("not a decoded STUN message: " + ((Malformed) this).reason());
    }

    /** A well-formed message. */
    record Decoded(StunMessage decodedMessage) implements StunDecodeResult {}

    /**
     * Bytes that are not a valid STUN message.
     *
     * @param reason why, for logs and tests
     * @param header the sound 20-byte header when the failure came later (in the attributes), else null
     */
    record Malformed(String reason, StunHeader header) implements StunDecodeResult {}

    /**
     * The fixed header of a message whose attributes turned out malformed: enough to answer a request with 400.
     *
     * @param messageClass  the class
     * @param method        the method
     * @param transactionId the transaction id
     */
    record StunHeader(StunClass messageClass, int method, StunTransactionId transactionId) {}
}
