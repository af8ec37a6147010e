package dev.jrtc.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.ice.internal.IpLiteral;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Candidate addresses are IP literals (RFC 8839 §5.1) or {@code .local} names, and nothing a remote peer signals
 * makes jrtc ask DNS: the old check let any {@code [0-9A-Fa-f:.]+} through to {@code InetAddress.getByName}.
 */
class IpLiteralTest {
    @Test
    void literalsParseLikeTheJdk() throws Exception {
        for (String s : new String[] {"127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "::", "2001:db8::1",
                "fe80::1:2", "1:2:3:4:5:6:7:8", "1::8", "1:2:3:4:5:6:7::", "::ffff:10.0.0.1", "64:ff9b::192.0.2.33",
                "2001:DB8:0:0:8:800:200C:417A", "1:2:3:4:5:6:1.2.3.4"}) {
            assertEquals(InetAddress.getByName(s), IpLiteral.parse(s), s);
        }
    }

    @Test
    void namesAndMalformedLiteralsAreRefusedWithoutALookup() {
        for (String s : new String[] {"dead.beef.de", "cafe.be", "abc", "a.b.c.d", "1.2.3", "1.2.3.4.5", "256.1.1.1",
                "01.2.3.4", "1.2.3.4.", ".1.2.3.4", "1::2::3", ":1:2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::",
                "12345::", "fe80::1%eth0", "[::1]", "::1.2.3", "1.2.3.4::", "", "localhost", "example.com"}) {
            assertNull(IpLiteral.parse(s), s);
        }
    }

    @Test
    void aCandidateWithAHostNameKeepsItUnresolvedWithoutALookup() {
        // dead.beef.de is no literal: InetAddress.getByName would ask DNS; the candidate keeps the name instead.
        Candidate fqdn = Candidate.parse("candidate:1 1 udp 2130706431 dead.beef.de 5000 typ host");
        assertTrue(fqdn.address().isUnresolved());
        assertEquals("dead.beef.de", fqdn.address().getHostString());
        assertTrue(Candidate.parse("candidate:1 1 udp 2130706431 10.0.0.1 5000 typ srflx raddr abc.de rport 1").related()
                .isUnresolved());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Candidate.parse("candidate:1 1 udp 2130706431 dead:beef:::1 5000 typ host"));
        assertTrue(e.getMessage().contains("neither an IP literal nor a host name"), e.getMessage());
        assertTrue(Candidate.parse("candidate:1 1 udp 2130706431 fe80::1 5000 typ host").address().getAddress()
                .isLinkLocalAddress());
        assertTrue(Candidate.parse("candidate:1 1 udp 2130706431 a1b2.local 5000 typ host").isMdns());
    }

    @Test
    void anOverlongCandidateLineIsRefusedBeforeItIsTokenized() {
        String line = "candidate:1 1 udp 2130706431 10.0.0.1 5000 typ host" + " ext v".repeat(400);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Candidate.parse(line));
        assertTrue(e.getMessage().contains("Candidate.MAX_LENGTH"), e.getMessage());
    }
}
