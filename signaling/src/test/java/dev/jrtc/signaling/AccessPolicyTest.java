package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Host and Origin decisions (RFC 9110 §7.2, RFC 6454 §6) on the header values browsers and rebinding pages send. */
class AccessPolicyTest {
    private final AccessPolicy defaults = new AccessPolicy(SignalingSettings.defaults());
    private final AccessPolicy configured = new AccessPolicy(SignalingSettings.defaults()
            .withAllowedHosts("Signal.Example").withAllowedOrigins("https://App.Example", "http://127.0.0.1:5173"));

    @Test
    void hosts() {
        for (String ok : new String[] {"127.0.0.1", "127.0.0.1:8080", "[::1]:8080", "[::1]", "localhost:80", "LOCALHOST", "192.0.2.7:1"}) {
            assertTrue(defaults.hostAllowed(ok), ok);
        }
        for (String bad : new String[] {"attacker.example", "attacker.example:8080", "127.0.0.1.attacker.example", "localhost.attacker.example",
                "", "127.0.0.1:80:80", "[::1", "signal.example", "1.2.3"}) {
            assertFalse(defaults.hostAllowed(bad), bad);
        }
        assertTrue(configured.hostAllowed("signal.example:443"));
        assertTrue(configured.hostAllowed("signal.example."), "a trailing dot names the same host");
        assertFalse(configured.hostAllowed("evil.signal.example"));
    }

    @Test
    void origins() {
        assertTrue(defaults.originAllowed("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(defaults.originAllowed("http://example.com", "example.com:80"), "default ports are implied");
        assertTrue(defaults.originAllowed("https://example.com", "example.com"), "behind a TLS proxy");
        assertFalse(defaults.originAllowed("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assertFalse(defaults.originAllowed("http://evil.example", "127.0.0.1:8080"));
        assertFalse(defaults.originAllowed("null", "127.0.0.1:8080"));
        assertFalse(defaults.originAllowed("file://", "127.0.0.1:8080"));
        assertFalse(defaults.originAllowed("http://127.0.0.1:8080/path", "127.0.0.1:8080"));
        assertTrue(configured.originAllowed("https://app.example", "127.0.0.1:8080"));
        assertTrue(configured.originAllowed("http://127.0.0.1:5173", "127.0.0.1:8080"));
        assertFalse(configured.originAllowed("https://app.example:444", "127.0.0.1:8080"));
    }

    @Test
    void hostNames() {
        assertEquals("127.0.0.1", AccessPolicy.hostName("127.0.0.1:8080"));
        assertEquals("::1", AccessPolicy.hostName("[::1]:9"));
        assertNull(AccessPolicy.hostName("host:port"));
        assertThrows(IllegalArgumentException.class, () -> SignalingSettings.defaults().withAllowedOrigins("*"));
        assertThrows(IllegalArgumentException.class, () -> SignalingSettings.defaults().withAllowedOrigins("https://a.example/"));
        assertThrows(IllegalArgumentException.class, () -> SignalingSettings.defaults().withAllowedHosts("a.example:80"));
    }
}
