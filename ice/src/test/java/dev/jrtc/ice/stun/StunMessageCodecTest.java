package dev.jrtc.ice.stun;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encoding and decoding of STUN messages: type bits, attributes, malformed input, integrity variants. */
class StunMessageCodecTest {
    private final Random random = new Random(42);

    private static StunMessage roundTrip(StunMessage m) {
        byte[] b = m.encode();
        StunDecodeResult r = StunMessage.decode(b, 0, b.length);
        assertTrue(r.isDecoded(), r::toString);
        return r.message();
    }

    @Test
    void messageTypeBitsInterleaveClassAndMethod() {
        int[][] cases = {
            {StunMethod.BINDING, 0, 0x0001}, {StunMethod.BINDING, 2, 0x0101}, {StunMethod.BINDING, 3, 0x0111},
            {StunMethod.ALLOCATE, 0, 0x0003}, {StunMethod.SEND, 1, 0x0016}, {StunMethod.DATA, 1, 0x0017},
            {StunMethod.CHANNEL_BIND, 0, 0x0009}, {0xFFF, 3, 0x3FFF},
        };
        for (int[] c : cases) {
            StunClass cls = StunClass.values()[c[1] == 0 ? 0 : c[1] == 1 ? 1 : c[1] == 2 ? 2 : 3];
            StunMessage m = StunMessage.builder(cls, c[0], StunTransactionId.random(random)).build();
            byte[] b = m.encode();
            assertEquals(c[2], ((b[0] & 0xFF) << 8) | (b[1] & 0xFF), "type of " + cls + " " + c[0]);
            StunMessage back = roundTrip(m);
            assertEquals(cls, back.messageClass());
            assertEquals(c[0], back.method());
        }
    }

    @Test
    void iceAttributesRoundTrip() {
        StunMessage m = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .username("remote:local").priority(0xFFFFFFFFL).iceControlling(-2L).useCandidate()
                .messageIntegrity(new byte[] {1, 2, 3}).fingerprint().build();
        StunMessage back = roundTrip(m);
        assertEquals(m, back);
        assertEquals("remote:local", back.username().orElseThrow());
        assertEquals(0xFFFFFFFFL, back.priority().getAsLong());
        assertEquals(-2L, back.iceControlling().getAsLong());
        assertTrue(back.useCandidate());
        assertTrue(back.iceControlled().isEmpty());
        assertEquals(StunCheck.VALID, back.checkMessageIntegrity(new byte[] {1, 2, 3}));
        assertEquals(StunCheck.INVALID, back.checkMessageIntegrity(new byte[] {1, 2}));
        assertEquals(StunCheck.VALID, back.checkFingerprint());
    }

    @Test
    void sha256IntegrityAndEmptyKeyWork() {
        StunMessage m = StunMessage.builder(StunClass.REQUEST, StunMethod.ALLOCATE, StunTransactionId.random(random))
                .lifetime(600).requestedTransport(17).messageIntegrity(new byte[0])
                .messageIntegritySha256(new byte[] {9}).fingerprint().build();
        StunMessage back = roundTrip(m);
        assertEquals(600, back.lifetime().getAsInt());
        assertEquals(StunCheck.VALID, back.checkMessageIntegrity(new byte[0]));
        assertEquals(StunCheck.VALID, back.checkMessageIntegrity(new StunIntegrityKey(new byte[0])));
        assertEquals(StunCheck.VALID, back.checkMessageIntegritySha256(new byte[] {9}));
        assertEquals(StunCheck.INVALID, back.checkMessageIntegritySha256(new byte[] {8}));
        assertEquals(StunCheck.VALID, back.checkFingerprint());
    }

    @Test
    void errorResponseWithUnknownAttributesRoundTrips() {
        StunMessage m = StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.BINDING,
                StunTransactionId.random(random)).errorCode(420, "Unknown Attribute").unknownAttributes(0x7777, 0x0042)
                .build();
        StunMessage back = roundTrip(m);
        assertEquals(new StunErrorCode(420, "Unknown Attribute"), back.errorCode().orElseThrow());
        assertArrayEquals(new int[] {0x7777, 0x0042}, back.unknownAttributes());
    }

    @Test
    void unknownAttributesAreKeptRawAndComprehensionRequiredOnesReported() {
        StunMessage m = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .attribute(0x7777, new byte[] {1, 2, 3}).attribute(0xC057, new byte[] {0, 1, 0, 0})
                .attribute(0x7777, new byte[0]).build();
        StunMessage back = roundTrip(m);
        assertEquals(3, back.attributes().size());
        assertArrayEquals(new byte[] {1, 2, 3}, back.attribute(0x7777).orElseThrow().value());
        assertArrayEquals(new int[] {0x7777}, back.unknownComprehensionRequired());
    }

    @Test
    void addressesRoundTripForBothFamiliesAndMappedIpv4InIpv6() throws Exception {
        for (String ip : new String[] {"127.0.0.1", "::1", "2001:db8::7", "203.0.113.9"}) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(ip), 65535);
            StunMessage back = roundTrip(StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING,
                    StunTransactionId.random(random)).xorMappedAddress(a).mappedAddress(a).xorRelayedAddress(a)
                    .xorPeerAddress(a).build());
            assertEquals(a, back.xorMappedAddress().orElseThrow());
            assertEquals(a, back.mappedAddress().orElseThrow());
            assertEquals(a, back.xorRelayedAddress().orElseThrow());
            assertEquals(a, back.xorPeerAddress().orElseThrow());
        }
    }

    @Test
    void attributesAfterIntegrityAreIgnoredButStillCoveredByTheRawBytes() {
        StunMessage signed = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING,
                StunTransactionId.random(random)).software("x").messageIntegrity(new byte[] {7}).build();
        byte[] b = signed.encode();
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 8);
        longer[b.length] = (byte) 0x80; // SOFTWARE after MESSAGE-INTEGRITY
        longer[b.length + 1] = 0x22;
        longer[b.length + 3] = 4;
        longer[3] = (byte) (longer.length - 20);
        StunMessage m = StunMessage.decode(longer, 0, longer.length).message();
        assertEquals(2, m.attributes().size());
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(new byte[] {7}));
    }

    @Test
    void malformedInputGivesAReasonNeverAnException() {
        byte[] good = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .software("abc").build().encode();
        assertMalformed(java.util.Arrays.copyOf(good, 19), "shorter");
        byte[] bits = good.clone();
        bits[0] |= (byte) 0x80;
        assertMalformed(bits, "two bits");
        byte[] cookie = good.clone();
        cookie[4] ^= 1;
        assertMalformed(cookie, "cookie");
        assertMalformed(java.util.Arrays.copyOf(good, good.length + 4), "does not match");
        byte[] overrun = good.clone();
        overrun[23] = 9;
        assertMalformed(overrun, "overruns");
        assertThrows(IllegalArgumentException.class, () -> StunMessage.builder(StunClass.REQUEST,
                StunMethod.BINDING, StunTransactionId.random(random)).attribute(StunAttributeType.PRIORITY,
                new byte[3]).build());
    }

    @Test
    void malformedAttributeKeepsTheHeaderSoAServerCanAnswer400() {
        StunTransactionId tid = StunTransactionId.random(random);
        byte[] b = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, tid).priority(5).build().encode();
        b[23] = 3; // PRIORITY length 3
        StunDecodeResult r = StunMessage.decode(b, 0, b.length);
        StunDecodeResult.Malformed m = assertInstanceOf(StunDecodeResult.Malformed.class, r);
        assertEquals(tid, m.header().transactionId());
        assertEquals(StunClass.REQUEST, m.header().messageClass());
    }

    private static void assertMalformed(byte[] b, String reasonPart) {
        StunDecodeResult r = StunMessage.decode(b, 0, b.length);
        StunDecodeResult.Malformed m = assertInstanceOf(StunDecodeResult.Malformed.class, r);
        assertTrue(m.reason().contains(reasonPart), m.reason());
    }
}
