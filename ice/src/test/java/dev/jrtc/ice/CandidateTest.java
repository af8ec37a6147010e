package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jrtc.ice.Candidate.Extension;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Priorities (RFC 8445 §5.1.2, §6.1.2.3) and the SDP candidate attribute (RFC 8839 §5.1); real Chrome lines
 * round-trip exactly. Chrome candidates from GetStream/stream-video-js hq-audio-sdp.ts test data.
 */
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
        assertEquals(List.of(new Extension("generation", "0"), new Extension("ufrag", "EsAw"), new Extension("network-cost", "999")),
                c.extensions());
        assertEquals("EsAw", c.extension("ufrag"));
        assertEquals(chrome, c.toSdp());

        Candidate firefox = Candidate.parse("candidate:0 1 UDP 2122252543 2001:db8::1 58321 typ host");
        assertEquals(CandidateType.HOST, firefox.type());
        assertNull(firefox.related());

        Candidate mdns = Candidate.parse("candidate:1 1 udp 2122260223 8c6b35a4-8f11-4c4d-8d3e-6a1b2c3d4e5f.local 54321 typ host generation 0");
        assertTrue(mdns.isMdns());
        assertTrue(mdns.address().isUnresolved());
        assertTrue(mdns.toSdp().contains(".local 54321 typ host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2824354870 1 udp 2122260223 192.168.1.102 60017 typ host generation 0 network-id 2",
            "427386432 1 udp 2122194687 192.168.1.244 63221 typ host generation 0 network-id 1 network-cost 10",
            "2841136656 1 udp 1686052607 79.125.240.146 60017 typ srflx raddr 192.168.1.102 rport 60017 generation 0 network-id 2",
            "3600277166 1 tcp 1518280447 192.168.1.102 9 typ host tcptype active generation 0 network-id 2",
            "1 1 UDP 2130706431 2001:db8::1 5000 typ relay raddr 2001:db8::2 rport 6000",
            "a1+/ 2 udp 1 x.local 0 typ prflx",
            "7 1 udp 41885439 turn.example.org 3478 typ relay raddr 0.0.0.0 rport 0"})
    void roundTripsExactly(String value) {
        assertEquals(value, Candidate.parse(value).attributeValue());
        assertEquals("candidate:" + value, Candidate.parse(value).toSdp());
        assertEquals(Candidate.parse(value), Candidate.parse("candidate:" + value));
        assertEquals(Candidate.parse(value), Candidate.parse("a=candidate:" + value));
    }

    @Test
    void srflxFields() {
        Candidate c = Candidate.parse(
                "candidate:2841136656 1 udp 1686052607 79.125.240.146 60017 typ srflx raddr 192.168.1.102 rport 60017 generation 0 network-id 2");
        assertEquals(CandidateType.SERVER_REFLEXIVE, c.type());
        assertEquals(new InetSocketAddress("192.168.1.102", 60017), c.related());
        assertEquals("2", c.extension("network-id"));
        assertEquals(2, c.extensions().size());
        assertFalse(c.isMdns());
        assertTrue(c.isUdp());
    }

    @Test
    void tcpAndFqdnCandidatesParseButTheAgentDoesNotUseThem() {
        Candidate tcp = Candidate.parse("candidate:1 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active");
        assertEquals("tcp", tcp.transport());
        assertFalse(tcp.isUdp());
        assertEquals("active", tcp.tcpType());
        Candidate fqdn = Candidate.parse("candidate:1 1 udp 5 example.com 9 typ host");
        assertTrue(fqdn.address().isUnresolved(), "a name is never looked up");
        assertFalse(fqdn.isMdns());

        IceAgent agent = new IceAgent(IceAgentConfig.of(IceRole.CONTROLLING,
                List.of(new InetSocketAddress("127.0.0.1", 40000)), new Random(1)));
        agent.gather(0);
        agent.setRemoteCredentials(0, new IceCredentials("peer", "peerpasswordpeerpassword"));
        agent.addRemoteCandidate(0, tcp);
        agent.addRemoteCandidate(0, fqdn);
        assertTrue(agent.checkList().isEmpty(), "neither TCP nor an unresolved FQDN is paired");
        agent.addRemoteCandidate(0, Candidate.parse("candidate:1 1 udp 5 127.0.0.1 9 typ host"));
        assertEquals(1, agent.checkList().size(), "a UDP IP candidate is");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "1 1 udp 1 1.2.3.4 5 typ", "1 1 udp 1 1.2.3.4 5 type host", "1 0 udp 1 1.2.3.4 5 typ host",
            "1 1 udp x 1.2.3.4 5 typ host", "1 1 udp 1 1.2.3.4 65536 typ host", "1 1 udp 1 1.2.3.4 5 typ bogus",
            "1 1 udp 1 1.2.3.4 5 typ host generation", "1  1 udp 1 1.2.3.4 5 typ host",
            "1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport x", "f*o 1 udp 1 1.2.3.4 5 typ host",
            "candidate:1 1 udp", "candidate:1 1 udp 5 192.0.2.1 9 typ mystery", "1 1 udp 0 1.2.3.4 5 typ host",
            "1 1 udp 4294967296 1.2.3.4 5 typ host", "1 1 udp 1 1.2.3.4 -5 typ host", "1 1 udp 1 bad/host 5 typ host",
            "1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4", "1 1 udp 1 1.2.3.4 5 typ srflx rport 5",
            "123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host"})
    void rejectsMalformed(String value) {
        assertThrows(IllegalArgumentException.class, () -> Candidate.parse(value));
    }

    @Test
    void constructedValuesCannotInjectSdp() {
        InetSocketAddress a = new InetSocketAddress("192.0.2.1", 9);
        assertThrows(IllegalArgumentException.class, () -> new Candidate("1\r\na=x", 1, 5, a, CandidateType.HOST, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Candidate("1", 1, "udp x", 5, a, CandidateType.HOST, null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Extension("generation", "0\r\na=x"));
        assertThrows(IllegalArgumentException.class, () -> new Candidate("1", 1, 5,
                InetSocketAddress.createUnresolved("a b.local", 9), CandidateType.HOST, null, List.of()));
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
