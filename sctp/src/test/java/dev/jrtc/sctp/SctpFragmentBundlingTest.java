package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A message queued behind another's short last fragment starts in that fragment's packet (RFC 9260 §6.10). */
class SctpFragmentBundlingTest {
    private final SctpAssociation a = new SctpAssociation(SctpConfig.defaults(new Random(1)));
    private final SctpAssociation b = new SctpAssociation(SctpConfig.defaults(new Random(2)));
    private long now;
    private int dataPackets;
    private int sharedPackets;
    private final List<byte[]> received = new ArrayList<>();

    private void pump() {
        for (int i = 0; i < 100_000; i++) {
            boolean moved = false;
            for (byte[] p = a.pollTransmit(); p != null; p = a.pollTransmit(), moved = true) {
                int data = 0;
                for (SctpChunk c : SctpPacket.parse(p, 0, p.length).packet().chunks()) {
                    if (c instanceof DataChunk) data++;
                }
                if (data > 0) dataPackets++;
                if (data > 1) sharedPackets++;
                b.handlePacket(now, p, 0, p.length);
            }
            for (byte[] p = b.pollTransmit(); p != null; p = b.pollTransmit(), moved = true) a.handlePacket(now, p, 0, p.length);
            for (SctpEvent e = b.pollEvent(); e != null; e = b.pollEvent()) {
                if (e instanceof SctpEvent.Message m) received.add(m.data());
            }
            if (!moved) {
                if (b.pollTimeout() == Long.MAX_VALUE) return;
                now = b.pollTimeout(); // only the delayed SACK: there is no loss here
                b.handleTimeout(now);
            }
        }
    }

    @Test
    void consecutiveLargeMessagesShareThePacketsBetweenThem() {
        a.connect(now);
        pump();
        Random r = new Random(5);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] m = new byte[16384];
            r.nextBytes(m);
            sent.add(m);
            a.send(now, 0, 53, m, false);
        }
        pump();
        assertEquals(sent.size(), received.size());
        for (int i = 0; i < sent.size(); i++) assertArrayEquals(sent.get(i), received.get(i), "message " + i);
        // Alone each would take 15 packets (14 full fragments and 494 bytes): 150. Every second message starts in
        // the packet of the one before (its 494-byte end leaves room for 623 bytes); that message then ends in 1006
        // bytes, which leave too little room, and the next starts afresh.
        assertEquals(5, sharedPackets);
        assertEquals(145, dataPackets);
    }
}
