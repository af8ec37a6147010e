package dev.jrtc.ice.stun;

import static dev.jrtc.ice.stun.StunTestVectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Checks against messages made by other implementations: a binding request captured from a browser (with its
 * published ice-pwd) and a Chrome-layout nomination computed with Python's hmac and zlib modules.
 */
class StunCrossImplementationTest {

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = StunCrossImplementationTest.class.getResourceAsStream(
                "StunMessageFuzzTestInputs/decodeVerifyReencode/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    @Test
    void capturedBrowserBindingRequestVerifiesWithItsIcePassword() throws IOException {
        byte[] b = seed("browser-capture-binding-request");
        StunMessage m = StunMessage.decode(b, 0, b.length).message();
        assertEquals("kbWOedbC:nLe1", m.username().orElseThrow());
        assertEquals(0x6e7e1effL, m.priority().getAsLong());
        assertTrue(m.iceControlled().isPresent());
        assertTrue(m.has(0xC057), "GOOG-NETWORK-INFO kept raw");
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(StunCredentials.shortTermKey("JPIVLxh8sMElF6CSmRZrbOVtZR")));
        assertEquals(StunCheck.INVALID, m.checkMessageIntegrity(StunCredentials.shortTermKey("3ZJ0XF04hhN6eOknxvUjAbRe")));
        assertEquals(StunCheck.VALID, m.checkFingerprint());
    }

    @Test
    void chromeLayoutNominationFromPythonIsReproducedByOurEncoder() throws IOException {
        byte[] b = seed("chrome-style-controlling-use-candidate");
        StunMessage m = StunMessage.decode(b, 0, b.length).message();
        byte[] key = StunCredentials.shortTermKey("9uB6ZJQpwZ3nVfL5k2cRsA7T");
        assertEquals(StunCheck.VALID, m.checkMessageIntegrity(key));
        assertEquals(StunCheck.VALID, m.checkFingerprint());
        assertTrue(m.useCandidate());
        assertEquals(0x1f2e3d4c5b6a7988L, m.iceControlling().getAsLong());
        StunMessage ours = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, m.transactionId())
                .username("Hx9q:w3Zf").attribute(0xC057, hex("0001000a")).iceControlling(0x1f2e3d4c5b6a7988L)
                .useCandidate().priority(0x6e7f1effL).messageIntegrity(key).fingerprint().build();
        assertArrayEquals(b, ours.encode());
    }
}
