package dev.jrtc.ice.stun;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sans-IO Binding server: success with XOR-MAPPED-ADDRESS, 420 and 400 errors, drops and counters. */
class StunBindingResponderTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.9", 61000);
    private static final InetSocketAddress SERVER = new InetSocketAddress("192.0.2.1", 3478);
    private final StunBindingResponder responder = new StunBindingResponder("jrtc test");
    private final Random random = new Random(5);

    private StunMessage answer(byte[] request) {
        responder.handleDatagram(0, CLIENT, SERVER, request);
        Transmit t = responder.pollTransmit();
        assertNotNull(t);
        assertEquals(SERVER, t.source());
        assertEquals(CLIENT, t.destination());
        StunMessage m = StunMessage.decode(t.data(), 0, t.data().length).message();
        assertEquals(StunCheck.VALID, m.checkFingerprint());
        return m;
    }

    @Test
    void bindingRequestGetsItsSourceAsXorMappedAddress() {
        StunTransactionId tid = StunTransactionId.random(random);
        StunMessage r = answer(StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, tid).fingerprint().build()
                .encode());
        assertEquals(StunClass.SUCCESS_RESPONSE, r.messageClass());
        assertEquals(tid, r.transactionId());
        assertEquals(CLIENT, r.xorMappedAddress().orElseThrow());
        assertEquals("jrtc test", r.software().orElseThrow());
        assertEquals(1, responder.successResponses());
    }

    @Test
    void unknownComprehensionRequiredAttributeGets420ListingIt() {
        StunMessage r = answer(StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING,
                StunTransactionId.random(random)).attribute(0x7F01, new byte[2]).attribute(0xC001, new byte[2])
                .build().encode());
        assertEquals(StunClass.ERROR_RESPONSE, r.messageClass());
        assertEquals(420, r.errorCode().orElseThrow().code());
        assertArrayEquals(new int[] {0x7F01}, r.unknownAttributes());
    }

    @Test
    void otherMethodAndMalformedAttributesGet400() {
        StunMessage r = answer(StunMessage.builder(StunClass.REQUEST, StunMethod.ALLOCATE,
                StunTransactionId.random(random)).build().encode());
        assertEquals(400, r.errorCode().orElseThrow().code());
        assertEquals(StunMethod.ALLOCATE, r.method());
        byte[] bad = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .priority(1).build().encode();
        bad[23] = 2; // PRIORITY of length 2
        assertEquals(400, answer(bad).errorCode().orElseThrow().code());
        assertEquals(2, responder.errorResponses());
    }

    @Test
    void garbageResponsesIndicationsAndBadFingerprintsAreDroppedAndCounted() {
        responder.handleDatagram(0, CLIENT, SERVER, new byte[] {1, 2, 3});
        responder.handleDatagram(0, CLIENT, SERVER, StunMessage.builder(StunClass.SUCCESS_RESPONSE,
                StunMethod.BINDING, StunTransactionId.random(random)).build().encode());
        responder.handleDatagram(0, CLIENT, SERVER, StunMessage.builder(StunClass.INDICATION,
                StunMethod.BINDING, StunTransactionId.random(random)).build().encode());
        byte[] badFp = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .fingerprint().build().encode();
        badFp[badFp.length - 1] ^= 1;
        responder.handleDatagram(0, CLIENT, SERVER, badFp);
        assertNull(responder.pollTransmit());
        assertEquals(1, responder.malformedDropped());
        assertEquals(2, responder.notRequestDropped());
        assertEquals(1, responder.badFingerprintDropped());
        assertEquals(Long.MAX_VALUE, responder.pollTimeout());
    }

    @Test
    void rfc5769RequestIsAnswered() {
        StunMessage r = answer(StunTestVectors.request());
        assertEquals(CLIENT, r.xorMappedAddress().orElseThrow());
    }
}
