package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * No packet exceeds maxPacketSize (RFC 9260 §6.9: the sender fragments to fit the path MTU), padding of the last
 * chunk included, whatever the message sizes and however fragments are bundled: with DTLS's 37 bytes a packet must
 * stay within the 1200-byte datagrams browsers use.
 */
class SctpPacketSizeTest {

    @Test
    void everyPacketFitsMaxPacketSize() {
        SctpConfig config = SctpConfig.defaults(new Random(1));
        SctpAssociation a = new SctpAssociation(config);
        SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new Random(2)));
        long[] now = {0};
        a.connect(0);
        b.connect(0);
        int largest = 0;
        int packets = 0;
        Random sizes = new Random(3);
        long sent = 0;
        long received = 0;
        for (int round = 0; round < 2000 && (round < 400 || received < sent); round++) {
            if (a.state() == SctpAssociation.State.ESTABLISHED && round < 400 && a.bufferedAmount() < (1 << 20)) {
                int n = 1 + sizes.nextInt(round % 3 == 0 ? 70_000 : 3_000);
                a.send(now[0], 0, 53, new byte[n], false);
                sent += n;
            }
            boolean moved = false;
            for (byte[] p = a.pollTransmit(); p != null; p = a.pollTransmit()) {
                largest = Math.max(largest, p.length);
                packets++;
                b.handlePacket(now[0], p, 0, p.length);
                moved = true;
            }
            for (byte[] p = b.pollTransmit(); p != null; p = b.pollTransmit()) {
                a.handlePacket(now[0], p, 0, p.length);
                moved = true;
            }
            for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
                if (e instanceof SctpEvent.Message m) received += m.data().length;
            }
            while (a.pollEvent() != null) {
                // Established and the like
            }
            if (!moved) {
                now[0] = Math.max(now[0] + 1, Math.min(a.pollTimeout(), b.pollTimeout()));
                a.handleTimeout(now[0]);
                b.handleTimeout(now[0]);
            }
        }
        assertEquals(sent, received, "everything arrives");
        assertTrue(packets > 1000, "enough packets to mean something: " + packets);
        assertTrue(largest <= config.maxPacketSize(), "largest packet " + largest + " > " + config.maxPacketSize());
        assertTrue(largest >= config.maxPacketSize() - 8, "full packets are used: " + largest);
    }
}
