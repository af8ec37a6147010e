package dev.jrtc.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProxiedCandidatesTest {
    private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
            + "a=candidate:1 1 udp 2130706431 127.0.0.1 40001 typ host generation 0\r\n"
            + "a=candidate:2 1 UDP 2130706175 127.0.0.1 40002 typ host\r\n"
            + "a=candidate:3 1 udp 1694498815 203.0.113.7 40003 typ srflx raddr 127.0.0.1 rport 40001\r\n"
            + "a=end-of-candidates\r\n";

    @Test
    void findsAndReplacesHostCandidatesOnly() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 40001), new InetSocketAddress("127.0.0.1", 40002)),
                ProxiedCandidates.hostAddresses(SDP));
        String proxied = ProxiedCandidates.pointAt(SDP, new InetSocketAddress("127.0.0.1", 50000));
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 50000)),
                ProxiedCandidates.hostAddresses(proxied));
        assertEquals(SDP.replace("127.0.0.1 40001 typ host", "127.0.0.1 50000 typ host")
                .replace("127.0.0.1 40002 typ host", "127.0.0.1 50000 typ host"), proxied, "nothing else changes");
    }
}
