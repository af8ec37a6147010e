package dev.jrtc.ice.stun;

import static dev.jrtc.ice.stun.StunTestVectors.*;
import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** RFC 5769: every test vector decodes, verifies, and our encoder reproduces it byte for byte. */
class StunRfc5769VectorsTest {
    private static final StunTransactionId TID = StunTransactionId.of(hex("b7e7a701bc34d686fa87dfae"));
    private static final byte[] SHORT_KEY = StunCredentials.shortTermKey(SHORT_TERM_PASSWORD);

    private static StunMessage decode(byte[] b) {
        StunDecodeResult r = StunMessage.decode(b, 0, b.length);
        assertTrue(r.isDecoded(), () -> r.toString());
        return r.message();
    }

    @Test
    void sampleRequestDecodesAndVerifies() {
        StunMessage m = decode(request());
        assertEquals(StunClass.REQUEST, m.messageClass());
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals(TID, m.transactionId());
        assertEquals("STUN test client", m.software().orElseThrow());
        assertEquals(0x6e0001ffL, m.priority().getAsLong());
        assertEquals(0x932ff9b151263b36L, m.iceControlled().getAsLong());
        assertEquals("evtj:h6vY", m.username().orElseThrow());
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(SHORT_KEY));
        assertEquals(StunCheck.INVALID, m.checkMessageIntegrity(StunCredentials.shortTermKey("wrong")));
        StunIntegrityKey prepared = new StunIntegrityKey(SHORT_KEY);
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(prepared));
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(prepared), "reusable");
        assertEquals(StunCheck.INVALID, m.checkMessageIntegrity(new StunIntegrityKey(new byte[0])));
        assertEquals(StunCheck.VALID, m.checkFingerprint());
        assertEquals(StunCheck.ABSENT, m.checkMessageIntegritySha256(SHORT_KEY));
        assertEquals(0, m.unknownComprehensionRequired().length);
    }

    @Test
    void sampleRequestIsReproducedByTheEncoder() {
        StunMessage built = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, TID)
                .software("STUN test client").priority(0x6e0001ffL).iceControlled(0x932ff9b151263b36L)
                .username("evtj:h6vY").messageIntegrity(SHORT_KEY).fingerprint()
                .padding((byte) 0x20) // RFC 5769 pads with spaces, which MESSAGE-INTEGRITY covers
                .build();
        assertArrayEquals(request(), built.encode());
        assertEquals(decode(request()), built);
    }

    @Test
    void ipv4ResponseDecodesAndVerifies() throws Exception {
        StunMessage m = decode(ipv4Response());
        assertEquals(StunClass.SUCCESS_RESPONSE, m.messageClass());
        assertEquals(StunMethod.BINDING, m.method());
        assertEquals("test vector", m.software().orElseThrow());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853),
                m.xorMappedAddress().orElseThrow());
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(SHORT_KEY));
        assertEquals(StunCheck.VALID, m.checkFingerprint());
    }

    @Test
    void ipv4ResponseIsReproducedByTheEncoder() throws Exception {
        StunMessage built = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TID)
                .software("test vector")
                .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
                .messageIntegrity(SHORT_KEY).fingerprint().padding((byte) 0x20).build();
        assertArrayEquals(ipv4Response(), built.encode());
    }

    @Test
    void ipv6ResponseDecodesAndVerifies() throws Exception {
        StunMessage m = decode(ipv6Response());
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
                m.xorMappedAddress().orElseThrow());
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(SHORT_KEY));
        assertEquals(StunCheck.VALID, m.checkFingerprint());
    }

    @Test
    void ipv6ResponseIsReproducedByTheEncoder() throws Exception {
        StunMessage built = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING, TID)
                .software("test vector")
                .xorMappedAddress(new InetSocketAddress(
                        InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853))
                .messageIntegrity(SHORT_KEY).fingerprint().padding((byte) 0x20).build();
        assertArrayEquals(ipv6Response(), built.encode());
    }

    @Test
    void longTermRequestDecodesAndVerifiesWithSaslPreppedPassword() {
        StunMessage m = decode(longTermRequest());
        assertEquals(LONG_TERM_USERNAME, m.username().orElseThrow());
        assertEquals(LONG_TERM_NONCE, m.nonce().orElseThrow());
        assertEquals(LONG_TERM_REALM, m.realm().orElseThrow());
        assertEquals(LONG_TERM_PASSWORD, StunCredentials.saslPrep(LONG_TERM_PASSWORD_RAW));
        byte[] key = StunCredentials.longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, LONG_TERM_PASSWORD_RAW);
        assertArrayEquals(key, StunCredentials.longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, LONG_TERM_PASSWORD));
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(key));
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(new StunIntegrityKey(key)));
        assertEquals(StunCheck.INVALID,
                m.checkMessageIntegrity(StunCredentials.longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, "thematrix")));
        assertEquals(StunCheck.ABSENT, m.checkFingerprint());
    }

    @Test
    void longTermRequestIsReproducedByTheEncoder() {
        StunMessage original = decode(longTermRequest());
        byte[] key = StunCredentials.longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, LONG_TERM_PASSWORD_RAW);
        StunMessage built = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, original.transactionId())
                .username(LONG_TERM_USERNAME).nonce(LONG_TERM_NONCE).realm(LONG_TERM_REALM)
                .messageIntegrity(key).build();
        assertArrayEquals(longTermRequest(), built.encode());
    }

    @Test
    void everyFlippedBitBreaksIntegrityOrFingerprintOrFraming() {
        byte[] good = request();
        for (int i = 0; i < good.length * 8; i++) {
            byte[] bad = good.clone();
            bad[i / 8] ^= (byte) (1 << (i % 8));
            StunDecodeResult r = StunMessage.decode(bad, 0, bad.length);
            if (r.isDecoded()) {
                StunMessage m = r.message();
                boolean caught = m.checkMessageIntegrity(SHORT_KEY) != StunCheck.VALID
                        || m.checkFingerprint() != StunCheck.VALID;
                // Flips inside the USERNAME padding are covered by MESSAGE-INTEGRITY too.
                assertTrue(caught, "bit " + i + " flipped unnoticed");
            }
        }
    }
}
