package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bounded wait of SRTP that arrives before our keys (see {@link EarlySrtp}), in explicit time. */
class EarlySrtpTest {
    private static final long MS = 1_000_000L;

    private static byte[] packet(int id, int length) {
        byte[] p = new byte[length];
        p[0] = (byte) 0x80;
        p[2] = (byte) (id >>> 8);
        p[3] = (byte) id;
        return p;
    }

    @Test
    void packetsComeOutInArrivalOrder() {
        EarlySrtp hold = new EarlySrtp();
        for (int i = 0; i < 10; i++) assertTrue(hold.offer(i * MS, packet(i, 100)));
        assertEquals(0, hold.expire(20 * MS));
        for (int i = 0; i < 10; i++) assertArrayEquals(packet(i, 100), hold.poll());
        assertNull(hold.poll());
    }

    @Test
    void atMostMaxPacketsWait() {
        EarlySrtp hold = new EarlySrtp();
        for (int i = 0; i < EarlySrtp.MAX_PACKETS; i++) assertTrue(hold.offer(0, packet(i, 20)));
        assertFalse(hold.offer(0, packet(99, 20)), "the 65th packet finds no room");
        assertEquals(EarlySrtp.MAX_PACKETS, hold.size());
        hold.poll();
        assertTrue(hold.offer(0, packet(100, 20)), "room again once one left");
    }

    @Test
    void atMostMaxBytesWait() {
        EarlySrtp hold = new EarlySrtp();
        int size = 60_000; // a peer may send datagrams far above the MTU
        assertTrue(hold.offer(0, packet(1, size)));
        assertTrue(hold.offer(0, packet(2, size)));
        assertFalse(hold.offer(0, packet(3, size)), "over " + EarlySrtp.MAX_BYTES + " bytes");
        assertTrue(hold.offer(0, packet(4, EarlySrtp.MAX_BYTES - 2 * size)), "exactly up to the bound");
        assertEquals(3, hold.clear());
        assertTrue(hold.offer(0, packet(5, size)), "clear gives the bytes back");
    }

    @Test
    void packetsOlderThanMaxAgeAreDroppedAndCounted() {
        EarlySrtp hold = new EarlySrtp();
        hold.offer(0, packet(1, 50));
        hold.offer(50 * MS, packet(2, 50));
        hold.offer(150 * MS, packet(3, 50));
        assertEquals(0, hold.expire(EarlySrtp.MAX_AGE_NANOS), "exactly the age bound is not over it");
        assertEquals(2, hold.expire(EarlySrtp.MAX_AGE_NANOS + 51 * MS));
        assertArrayEquals(packet(3, 50), hold.poll());
        assertNull(hold.poll());
    }
}
