package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The sdpfrag bodies of RFC 9725 §4.3.2 and §4.3.3 (the RFC's own examples), and what makes a fragment malformed. */
class TrickleIceSdpFragmentTest {
    /** The Trickle ICE request body of RFC 9725 §4.3.2 (Figure 4), CRLF line ends. */
    private static final String RFC9725_TRICKLE = String.join("\r\n",
            "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:0",
            "a=ice-ufrag:EsAw",
            "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1",
            "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1",
            "a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2",
            "a=candidate:473322822 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0 ufrag EsAw network-id 1",
            "a=candidate:2154773085 1 tcp 1518214911 198.51.100.2 9 typ host tcptype active generation 0 ufrag EsAw network-id 2",
            "a=end-of-candidates", "");

    /** The ICE restart response body of RFC 9725 §4.3.3 (Figure 5): session-level ice-lite and ice-options. */
    private static final String RFC9725_RESTART_RESPONSE = String.join("\r\n",
            "a=ice-lite",
            "a=ice-options:trickle ice2",
            "a=group:BUNDLE 0 1",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:0",
            "a=ice-ufrag:289b31b754eaa438",
            "a=ice-pwd:0b66f472495ef0ccac7bda653ab6be49ea13114472a5d10a",
            "a=candidate:1 1 udp 2130706431 198.51.100.1 39132 typ host",
            "a=end-of-candidates", "");

    @Test
    void theRfc9725TrickleExample() {
        TrickleIceSdpFragment f = TrickleIceSdpFragment.parse(RFC9725_TRICKLE);
        assertEquals("EsAw", f.iceUfrag());
        assertEquals("P2uYro0UCOQ4zxjKXaWCBui1", f.icePwd());
        assertEquals(4, f.candidates().size());
        assertEquals(new TrickleIceSdpFragment.Candidate(
                "candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1", "0"),
                f.candidates().get(0));
        assertTrue(f.candidates().get(2).candidate().contains(" tcp "), "TCP candidates parse; the ICE agent drops them");
        assertTrue(f.endOfCandidates());
    }

    @Test
    void theRfc9725RestartResponseAndLineFeedsOnly() {
        TrickleIceSdpFragment f = TrickleIceSdpFragment.parse(RFC9725_RESTART_RESPONSE.replace("\r\n", "\n"));
        assertEquals("289b31b754eaa438", f.iceUfrag());
        assertEquals("0b66f472495ef0ccac7bda653ab6be49ea13114472a5d10a", f.icePwd());
        assertEquals(List.of(new TrickleIceSdpFragment.Candidate("candidate:1 1 udp 2130706431 198.51.100.1 39132 typ host", "0")),
                f.candidates());
    }

    @Test
    void sessionLevelCredentialsAndNoCandidates() {
        TrickleIceSdpFragment f = TrickleIceSdpFragment.parse("a=ice-ufrag:abcd\r\na=ice-pwd:0123456789012345678901\r\n");
        assertEquals("abcd", f.iceUfrag());
        assertEquals("0123456789012345678901", f.icePwd());
        assertTrue(f.candidates().isEmpty());
        assertFalse(f.endOfCandidates());
        TrickleIceSdpFragment empty = TrickleIceSdpFragment.parse("");
        assertNull(empty.iceUfrag());
        assertTrue(empty.candidates().isEmpty());
    }

    @Test
    void malformedFragmentsAreRefused() {
        for (String bad : new String[] {
                "x=1\r\n",                                            // not an a=, m= or c= line
                "garbage\r\n",                                        // not <type>=<value>
                "a=ice-ufrag:ab\r\n",                                 // ufrag shorter than 4
                "a=ice-pwd:short\r\n",                                // pwd shorter than 22
                "a=ice-ufrag:ab cd\r\n",                              // not ice-chars
                "a=candidate:1 1 udp 1 192.0.2.1\r\n",                // no port, no typ
                "a=candidate:1 1 udp 2130706431 192.0.2.1 9 host\r\n", // "typ" missing
                "a=mid:0\r\n",                                        // a mid outside an m-line
                "m=audio 9\r\n",                                      // an m-line without proto and format
                "a=end-of-candidates\r\n\r\na=end-of-candidates\r\n", // an empty line inside
        }) {
            assertThrows(IllegalArgumentException.class, () -> TrickleIceSdpFragment.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> TrickleIceSdpFragment.parse("a=x\r\n".repeat(2000)), "too many lines");
    }
}
