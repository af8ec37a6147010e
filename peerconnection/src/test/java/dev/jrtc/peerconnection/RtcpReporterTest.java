package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The arithmetic of RTCP reports against the RFC's own numbers (RFC 3550 §6.4.1, RFC 5905 §6). */
class RtcpReporterTest {

    @Test
    void roundTripTimeIsTheRfc3550Example() {
        // RFC 3550 §6.4.1, Figure 2: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
        // DLSR = 0x0005:4000 (5.250 s), so the round trip is 46864.500 - 46853.125 - 5.250 = 6.125 s.
        assertEquals(6.125, RtcpReporter.roundTripSeconds(0xb7108000L, 0xb7052000L, 0x00054000L));
    }

    @Test
    void aNegativeRoundTripIsReportedAsUnknown() {
        assertEquals(-1, RtcpReporter.roundTripSeconds(0xb7052000L, 0xb7108000L, 0));
    }

    @Test
    void ntpTimeCountsFrom1900() {
        // RFC 5905 §6: the Unix epoch is 2208988800 s after the NTP epoch; half a second is 2^31 of the fraction.
        long ntp = RtcpReporter.ntp(1500);
        assertEquals(2_208_988_801L, ntp >>> 32);
        assertEquals(0x80000000L, ntp & 0xFFFFFFFFL);
    }
}
