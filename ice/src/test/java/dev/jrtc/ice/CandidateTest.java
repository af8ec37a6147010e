package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Priorities (RFC 8445 §5.1.2, §6.1.2.3) and the SDP candidate attribute (RFC 8839 §5.1). */
class CandidateTest {
    @Test
    void priorityFollowsTheRfcFormula() {
        // (2^24)*126 + (2^8)*65535 + (256 - 1) = 2130706431, the highest host priority browsers show.
        assertEquals(2130706431L, Candidate.priority(CandidateType.HOST, 65535, 1));
        assertEquals((100L << 24) + (32767L << 8) + 255, Candidate.priority(CandidateType.SERVER_REFLEXIVE, 32767, 1));
        assertEquals(255, Candidate.priority(CandidateType.RELAYED, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Candidate.priority(CandidateType.HOST, 70000, 1));
    }

    @Test
    void pairPriorityFollowsTheRfcFormula() {
        long g = 2130706431L;
        long d = 1694498815L;
        assertEquals((d << 32) + 2 * g + 1, CandidatePair.pairPriority(g, d));
        assertEquals((d << 32) + 2 * g, CandidatePair.pairPriority(d, g));
    }

    @Test
    void parsesChromeAndFirefoxLinesAndWritesThemBack() {
        String chrome = "candidate:842163049 1 udp 1677729535 203.0.113.7 49203 typ srflx raddr 10.0.0.5 rport 49203 generation 0 ufrag EsAw network-cost 999";
        Candidate c = Candidate.parse("a=" + chrome);
        assertEquals("842163049", c.foundation());
        assertEquals(1677729535L, c.priority());
        assertEquals(new InetSocketAddress("203.0.113.7", 49203), c.address());
        assertEquals(CandidateType.SERVER_REFLEXIVE, c.type());
        assertEquals(new InetSocketAddress("10.0.0.5", 49203), c.related());
        assertEquals(List.of("generation 0", "ufrag EsAw", "network-cost 999"), c.extensions());
        assertEquals(chrome, c.toSdp());

        Candidate firefox = Candidate.parse("candidate:0 1 UDP 2122252543 2001:db8::1 58321 typ host");
        assertEquals(CandidateType.HOST, firefox.type());
        assertNull(firefox.related());

        Candidate mdns = Candidate.parse("candidate:1 1 udp 2122260223 8c6b35a4-8f11-4c4d-8d3e-6a1b2c3d4e5f.local 54321 typ host generation 0");
        assertTrue(mdns.isMdns());
        assertTrue(mdns.address().isUnresolved());
        assertTrue(mdns.toSdp().contains(".local 54321 typ host"));
    }

    @Test
    void rejectsWhatIsNotAUdpCandidateWithAClearMessage() {
        IllegalArgumentException tcp = assertThrows(IllegalArgumentException.class,
                () -> Candidate.parse("candidate:1 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active"));
        assertTrue(tcp.getMessage().contains("only UDP"), tcp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse("candidate:1 1 udp"));
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse("candidate:1 1 udp 5 example.com 9 typ host"));
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse("candidate:1 1 udp x 192.0.2.1 9 typ host"));
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse("candidate:1 1 udp 5 192.0.2.1 9 typ mystery"));
    }

    @Test
    void generatedCredentialsMeetTheRfcMinimums() {
        IceCredentials c = IceCredentials.random(new Random(1));
        assertTrue(c.ufrag().length() >= 4 && c.pwd().length() >= 22);
        assertTrue((c.ufrag() + c.pwd()).matches("[A-Za-z0-9+/]+"));
        assertThrows(IllegalArgumentException.class, () -> new IceCredentials("abc", "x".repeat(22)));
        assertTrue(!c.toString().contains(c.pwd()), "the password is never logged");
    }

    @Test
    void loopbackAddressesAreFound() {
        assertTrue(LocalAddresses.loopbackOnly().stream().anyMatch(a -> a.getHostAddress().equals("127.0.0.1")));
    }
}
