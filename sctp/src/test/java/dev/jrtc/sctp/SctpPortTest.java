package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SCTP port the SDP negotiated (RFC 8841 §5: a=sctp-port or a=sctpmap) is the source and destination of every packet. */
class SctpPortTest {
    private static SctpPacket parse(byte[] b) {
        return SctpPacket.parse(b, 0, b.length).packet();
    }

    @Test
    void theConfiguredPortIsUsedOnBothEndsThroughTheHandshake() {
        SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new Random(1)).withPort(5001));
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new Random(2)).withPort(5001));
        a.connect(0);
        int packets = 0;
        for (boolean moved = true; moved; ) {
            moved = false;
            for (byte[] p = a.pollTransmit(); p != null; p = a.pollTransmit(), moved = true, packets++) {
                assertEquals(5001, parse(p).sourcePort());
                assertEquals(5001, parse(p).destinationPort());
                b.handlePacket(0, p, 0, p.length);
            }
            for (byte[] p = b.pollTransmit(); p != null; p = b.pollTransmit(), moved = true, packets++) {
                assertEquals(5001, parse(p).sourcePort());
                assertEquals(5001, parse(p).destinationPort());
                a.handlePacket(0, p, 0, p.length);
            }
        }
        assertEquals(4, packets, "INIT, INIT ACK, COOKIE ECHO, COOKIE ACK");
        assertEquals(SctpAssociation.State.ESTABLISHED, a.state());
        assertEquals(SctpAssociation.State.ESTABLISHED, b.state());
        assertEquals(5000, SctpConfig.defaults(new Random(3)).port());
        assertThrows(IllegalArgumentException.class, () -> SctpConfig.defaults(new Random(3)).withPort(65536));
    }
}
