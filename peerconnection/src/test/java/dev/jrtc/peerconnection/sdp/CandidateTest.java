package dev.jrtc.peerconnection.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Candidate lines follow the RFC 8839 §5.1 grammar; real Chrome lines round-trip exactly. */
class CandidateTest {

    // Chrome candidates from GetStream/stream-video-js hq-audio-sdp.ts test data.
    @ParameterizedTest
    @ValueSource(strings = {
            "2824354870 1 udp 2122260223 192.168.1.102 60017 typ host generation 0 network-id 2",
            "427386432 1 udp 2122194687 192.168.1.244 63221 typ host generation 0 network-id 1 network-cost 10",
            "2841136656 1 udp 1686052607 79.125.240.146 60017 typ srflx raddr 192.168.1.102 rport 60017 generation 0 network-id 2",
            "3600277166 1 tcp 1518280447 192.168.1.102 9 typ host tcptype active generation 0 network-id 2",
            "1 1 UDP 2130706431 2001:db8::1 5000 typ relay raddr 2001:db8::2 rport 6000",
            "a1+/ 2 udp 1 x.local 0 typ prflx"})
    void roundTrips(String value) throws Exception {
        assertEquals(value, Candidate.parse(value).toValue());
        assertEquals(Candidate.parse(value), Candidate.parse("candidate:" + value));
        assertEquals(Candidate.parse(value), Candidate.parse("a=candidate:" + value));
    }

    @Test
    void srflxFields() throws Exception {
        Candidate c = Candidate.parse(
                "candidate:2841136656 1 udp 1686052607 79.125.240.146 60017 typ srflx raddr 192.168.1.102 rport 60017 generation 0 network-id 2");
        assertEquals(Candidate.Type.SRFLX, c.type());
        assertEquals("192.168.1.102", c.relatedAddress());
        assertEquals(60017, c.relatedPort());
        assertEquals("2", c.extension("network-id"));
        assertEquals(2, c.extensions().size());
        assertFalse(c.isMdns());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "1 1 udp 1 1.2.3.4 5 typ", "1 1 udp 1 1.2.3.4 5 type host", "1 0 udp 1 1.2.3.4 5 typ host",
            "1 1 udp x 1.2.3.4 5 typ host", "1 1 udp 1 1.2.3.4 65536 typ host", "1 1 udp 1 1.2.3.4 5 typ bogus",
            "1 1 udp 1 1.2.3.4 5 typ host generation", "1  1 udp 1 1.2.3.4 5 typ host",
            "1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.2.3.4 rport x", "f*o 1 udp 1 1.2.3.4 5 typ host"})
    void rejectsMalformed(String value) {
        assertThrows(SdpParseException.class, () -> Candidate.parse(value));
    }
}
