package dev.jrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 3711 §3.3.1 and §9.2: one master key protects at most 2^48 SRTP and 2^31 SRTCP packets of a stream; past that
 * an index (and with AES-CM a keystream) would repeat, so the context refuses and counts instead of wrapping.
 */
class SrtpKeyExhaustionTest {
    private static final byte[] KEY = new byte[16];
    private static final byte[] SALT = new byte[14];
    private static final int SSRC = 0x1234;

    static {
        Arrays.fill(KEY, (byte) 3);
        Arrays.fill(SALT, (byte) 5);
    }

    private static byte[] rtcp() {
        byte[] p = new byte[8 + 64];
        p[0] = (byte) 0x80;
        p[1] = (byte) 201; // RR with no report blocks
        p[3] = 1;
        p[4] = 0;
        p[5] = 0;
        p[6] = 0x12;
        p[7] = 0x34;
        return p;
    }

    @Test
    void rtpIsRefusedAfterIndexTwoToTheFortyEightMinusOne() {
        for (SrtpProfile profile : SrtpProfile.values()) {
            byte[] key = Arrays.copyOf(KEY, profile.masterKeyLength());
            byte[] salt = Arrays.copyOf(SALT, profile.masterSaltLength());
            SrtpContext sender = new SrtpContext(profile, key, salt, SrtpPolicy.DEFAULT);
            long last = (1L << 48) - 1; // ROC 2^32-1, sequence number 65535
            // The sender has sent up to index 2^48 - 3: two packets are left.
            sender.startSendingAt(SSRC, last - 2, 0);
            byte[] a = SrtpReplayTest.rtp(SSRC, 0xFFFE, 40);
            int n = sender.protectRtp(a, 0, 52);
            assertTrue(n > 52, profile + ": index 2^48-2 is still allowed");
            byte[] b = SrtpReplayTest.rtp(SSRC, 0xFFFF, 40);
            assertTrue(sender.protectRtp(b, 0, 52) > 52, profile + ": index 2^48-1 is the last one");
            assertFalse(sender.keyExhausted());

            byte[] c = SrtpReplayTest.rtp(SSRC, 0x0000, 40); // would be ROC 2^32, i.e. ROC 0 again
            byte[] before = c.clone();
            assertEquals(SrtpDrop.KEY_EXHAUSTED.code(), sender.protectRtp(c, 0, 52), profile.name());
            assertArrayEqualsUntouched(before, c);
            assertEquals(1, sender.stats().dropped(SrtpDrop.KEY_EXHAUSTED));
            assertTrue(sender.keyExhausted());
            // Every later packet is refused too: the context never wraps to ROC 0.
            for (int seq = 1; seq < 5; seq++) {
                assertEquals(SrtpDrop.KEY_EXHAUSTED.code(), sender.protectRtp(SrtpReplayTest.rtp(SSRC, seq, 40), 0, 52));
            }
            assertEquals(5, sender.stats().dropped(SrtpDrop.KEY_EXHAUSTED));

            // The receiving side: at ROC 2^32-1 the packets before the limit decrypt; one past it is refused.
            SrtpContext rx = new SrtpContext(profile, key, salt, SrtpPolicy.DEFAULT);
            rxStartAt(rx, last - 2);
            assertEquals(52, rx.unprotectRtp(a.clone(), 0, n));
            byte[] forged = SrtpReplayTest.rtp(SSRC, 0x0001, 40);
            assertEquals(SrtpDrop.KEY_EXHAUSTED.code(), rx.unprotectRtp(forged, 0, 52 + 16));
        }
    }

    @Test
    void srtcpIsRefusedAfterTwoToTheThirtyOnePackets() {
        SrtpContext sender = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT, SrtpPolicy.DEFAULT);
        SrtpContext receiver = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT, SrtpPolicy.DEFAULT);
        sender.startSendingAt(SSRC, -1, 0x7FFFFFFE);
        byte[] p = rtcp();
        int n = sender.protectRtcp(p, 0, 8);
        assertTrue(n > 8);
        assertEquals(8, receiver.unprotectRtcp(p, 0, n), "index 2^31-2 is used and checks out at the receiver");
        byte[] q = rtcp();
        int m = sender.protectRtcp(q, 0, 8);
        assertTrue(m > 8, "index 2^31-1 is the last one");
        assertEquals(8, receiver.unprotectRtcp(q, 0, m));
        assertEquals(SrtpDrop.KEY_EXHAUSTED.code(), sender.protectRtcp(rtcp(), 0, 8), "index 0 again would repeat");
        assertEquals(SrtpDrop.KEY_EXHAUSTED.code(), sender.protectRtcp(rtcp(), 0, 8));
        assertEquals(2, sender.stats().dropped(SrtpDrop.KEY_EXHAUSTED));
        assertTrue(sender.keyExhausted());
    }

    /** A receiver whose stream of SSRC has seen index {@code index}: unprotect a packet protected at that index. */
    private static void rxStartAt(SrtpContext rx, long index) {
        rx.startReceivingAt(SSRC, index);
    }

    private static void assertArrayEqualsUntouched(byte[] before, byte[] after) {
        assertTrue(Arrays.equals(before, after), "a refused packet is left as it was");
    }
}
