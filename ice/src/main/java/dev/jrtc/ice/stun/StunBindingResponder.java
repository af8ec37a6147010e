package dev.jrtc.ice.stun;

import dev.jrtc.ice.SansIoEndpoint;
import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;

/**
 * A sans-IO STUN Binding server (RFC 8489 §6.3, §7.3): answers each Binding request with a success response
 * carrying the request's source as XOR-MAPPED-ADDRESS, plus FINGERPRINT.
 *
 * <p>Errors as RFC 8489 §6.3.1 says: a request with comprehension-required attributes it does not understand gets
 * 420 with UNKNOWN-ATTRIBUTES; a request of another method, or whose attributes are malformed, gets 400. Anything
 * that is not a sound request (garbage, responses, indications, a bad FINGERPRINT) is dropped and counted. No
 * authentication: a public "who am I" server. Not thread-safe.
 */
public final class StunBindingResponder implements SansIoEndpoint {
    private final String software;
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();

    private long successResponses;
    private long errorResponses;
    private long malformedDropped;
    private long badFingerprintDropped;
    private long notRequestDropped;

    /** A responder that puts {@code software} (may be null for none) in its responses. */
    public StunBindingResponder(String software) {
        this.software = software;
    }

    /** {@inheritDoc} Answers Binding requests; the datagram array is only read. */
    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        StunDecodeResult result = StunMessage.decode(data, 0, data.length);
        if (result instanceof StunDecodeResult.Malformed m) {
            if (m.header() != null && m.header().messageClass() == StunClass.REQUEST) {
                error(from, to, m.header().method(), m.header().transactionId(), StunErrorCode.BAD_REQUEST,
                        "Bad Request", null);
            } else {
                malformedDropped++;
            }
            return;
        }
        StunMessage request = result.message();
        if (request.checkFingerprint() == StunCheck.INVALID) {
            badFingerprintDropped++;
            return;
        }
        if (request.messageClass() != StunClass.REQUEST) {
            notRequestDropped++;
            return;
        }
        int[] unknown = request.unknownComprehensionRequired();
        if (unknown.length > 0) {
            error(from, to, request.method(), request.transactionId(), StunErrorCode.UNKNOWN_ATTRIBUTE,
                    "Unknown Attribute", unknown);
            return;
        }
        if (request.method() != StunMethod.BINDING) {
            error(from, to, request.method(), request.transactionId(), StunErrorCode.BAD_REQUEST,
                    "Unsupported Method", null);
            return;
        }
        StunMessageBuilder b = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING,
                request.transactionId()).xorMappedAddress(from);
        if (software != null) {
            b.software(software);
        }
        transmits.add(new Transmit(to, from, b.fingerprint().build().encode()));
        successResponses++;
    }

    private void error(InetSocketAddress from, InetSocketAddress to, int method, StunTransactionId tid, int code,
            String reason, int[] unknown) {
        StunMessageBuilder b = StunMessage.builder(StunClass.ERROR_RESPONSE, method, tid).errorCode(code, reason);
        if (unknown != null) {
            b.unknownAttributes(unknown);
        }
        if (software != null) {
            b.software(software);
        }
        transmits.add(new Transmit(to, from, b.fingerprint().build().encode()));
        errorResponses++;
    }

    /** Nothing is timed: a Binding server keeps no state. */
    @Override
    public void handleTimeout(long nowNanos) {}

    @Override
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    @Override
    public long pollTimeout() {
        return Long.MAX_VALUE;
    }

    /** Success responses sent. */
    public long successResponses() {
        return successResponses;
    }

    /** Error responses (400, 420) sent. */
    public long errorResponses() {
        return errorResponses;
    }

    /** Datagrams dropped because they are not STUN (or too broken to answer). */
    public long malformedDropped() {
        return malformedDropped;
    }

    /** Messages dropped because FINGERPRINT did not match. */
    public long badFingerprintDropped() {
        return badFingerprintDropped;
    }

    /** Responses and indications dropped (a server answers requests only). */
    public long notRequestDropped() {
        return notRequestDropped;
    }
}
