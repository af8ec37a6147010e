package dev.jrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Replay protection (RFC 3711 §3.3.2), ROC estimation (§3.3.1) and what happens to bad packets. */
class SrtpReplayTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    private static final byte[] KEY = new byte[16];
    private static final byte[] SALT = new byte[14];

    static {
        Arrays.fill(KEY, (byte) 7);
        Arrays.fill(SALT, (byte) 9);
    }

    private final SrtpContext sender = new SrtpContext(PROFILE, KEY, SALT, SrtpPolicy.DEFAULT);
    private final SrtpContext receiver = new SrtpContext(PROFILE, KEY, SALT, new SrtpPolicy(128, 2));

    static byte[] rtp(int ssrc, int seq, int payload) {
        byte[] p = new byte[12 + payload + 16];
        p[0] = (byte) 0x80;
        p[1] = 111;
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = 0; i < payload; i++) p[12 + i] = (byte) i;
        return p;
    }

    private byte[] protect(int ssrc, int seq) {
        byte[] p = rtp(ssrc, seq, 100);
        int n = sender.protectRtp(p, 0, 112);
        assertEquals(122, n);
        return Arrays.copyOf(p, n);
    }

    private int unprotect(byte[] srtp) {
        byte[] copy = srtp.clone();
        return receiver.unprotectRtp(copy, 0, copy.length);
    }

    @Test
    void aPacketIsAcceptedOnceAndItsReplayIsDroppedAndCounted() {
        byte[] p = protect(1, 10);
        assertEquals(112, unprotect(p));
        assertEquals(SrtpDrop.REPLAYED.code(), unprotect(p));
        assertEquals(1, receiver.stats().dropped(SrtpDrop.REPLAYED));
    }

    @Test
    void lateButInsideTheWindowIsAcceptedAndOlderIsRejected() {
        byte[][] packets = new byte[300][];
        for (int i = 0; i < 300; i++) packets[i] = protect(1, i);
        assertEquals(112, unprotect(packets[299]));
        assertEquals(112, unprotect(packets[299 - 127]), "127 behind the highest is inside a 128 window");
        assertEquals(SrtpDrop.REPLAYED.code(), unprotect(packets[299 - 128]), "128 behind is outside");
        assertEquals(112, unprotect(packets[200]));
        assertEquals(SrtpDrop.REPLAYED.code(), unprotect(packets[200]));
    }

    @Test
    void windowsLargerThan1024Work() {
        SrtpContext wide = new SrtpContext(PROFILE, KEY, SALT, new SrtpPolicy(4096, 1));
        byte[][] packets = new byte[5000][];
        for (int i = 0; i < 5000; i++) packets[i] = protect(1, i);
        byte[] last = packets[4999].clone();
        assertEquals(112, wide.unprotectRtp(last, 0, last.length));
        byte[] old = packets[4999 - 4000].clone();
        assertEquals(112, wide.unprotectRtp(old, 0, old.length));
        byte[] tooOld = packets[4999 - 4096].clone();
        assertEquals(SrtpDrop.REPLAYED.code(), wide.unprotectRtp(tooOld, 0, tooOld.length));
    }

    @Test
    void rolloverCounterFollowsTheWrapEvenWhenPacketsStraddleItOutOfOrder() {
        // Sender goes 65533 .. 65535, 0 .. 2 (ROC 0 then 1); receiver sees 65534, 0, 65535, 1, 65533, 2.
        int[] seqs = {65533, 65534, 65535, 0, 1, 2};
        byte[][] p = new byte[6][];
        for (int i = 0; i < 6; i++) p[i] = protect(1, seqs[i]);
        for (int i : new int[] {1, 3, 2, 4, 0, 5}) {
            assertEquals(112, unprotect(p[i]), "seq " + seqs[i]);
        }
        assertEquals(6, receiver.stats().unprotectedPackets());
    }

    @Test
    void tamperedPacketsFailAuthenticationAndCreateNoStreamState() {
        for (int ssrc = 100; ssrc < 110; ssrc++) {
            byte[] p = protect(ssrc, 1);
            p[20] ^= 1;
            assertEquals(SrtpDrop.AUTH_FAILED.code(), unprotect(p));
        }
        assertEquals(10, receiver.stats().dropped(SrtpDrop.AUTH_FAILED));
        // Forged SSRCs took no stream slots: two real streams still fit in the limit of 2.
        assertEquals(112, unprotect(protect(1, 1)));
        assertEquals(112, unprotect(protect(2, 1)));
        assertEquals(SrtpDrop.STREAM_LIMIT.code(), unprotect(protect(3, 1)));
    }

    @Test
    void malformedPacketsAreDroppedNotThrown() {
        byte[] shortPacket = new byte[5];
        assertEquals(SrtpDrop.MALFORMED.code(), receiver.unprotectRtp(shortPacket, 0, 5));
        byte[] noTag = rtp(1, 1, 0);
        assertEquals(SrtpDrop.MALFORMED.code(), receiver.unprotectRtp(noTag, 0, 14));
        byte[] badVersion = protect(1, 1);
        badVersion[0] = 0x40;
        assertEquals(SrtpDrop.MALFORMED.code(), unprotect(badVersion));
        byte[] rtcp = new byte[6];
        assertEquals(SrtpDrop.MALFORMED.code(), receiver.unprotectRtcp(rtcp, 0, 6));
        assertEquals(4, receiver.stats().dropped(SrtpDrop.MALFORMED));
        assertEquals(SrtpDrop.MALFORMED, SrtpDrop.fromCode(SrtpDrop.MALFORMED.code()));
    }

    @Test
    void srtcpReplayAndTamperingAreDropped() {
        byte[] rtcp = new byte[28 + 14];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 200;
        rtcp[3] = 6;
        rtcp[7] = 1;
        int n = sender.protectRtcp(rtcp, 0, 28);
        assertEquals(42, n);
        byte[] copy = rtcp.clone();
        assertEquals(28, receiver.unprotectRtcp(copy, 0, n));
        copy = rtcp.clone();
        assertEquals(SrtpDrop.REPLAYED.code(), receiver.unprotectRtcp(copy, 0, n));
        byte[] tampered = rtcp.clone();
        tampered[10] ^= 1;
        assertEquals(SrtpDrop.AUTH_FAILED.code(), new SrtpContext(PROFILE, KEY, SALT, SrtpPolicy.DEFAULT)
                .unprotectRtcp(tampered, 0, n));
    }

    @Test
    void misuseGetsClearExceptions() {
        byte[] tight = Arrays.copyOf(rtp(1, 1, 10), 22);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sender.protectRtp(tight, 0, 22));
        assertTrue(e.getMessage().contains("10 spare bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SrtpContext(PROFILE, new byte[15], SALT, SrtpPolicy.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> new SrtpPolicy(32, 1));
    }

    @Test
    void aSessionUsesOurKeyOutAndThePeersKeyIn() {
        byte[] k1 = new byte[16], s1 = new byte[14], k2 = new byte[16], s2 = new byte[14];
        k2[0] = 1;
        SrtpSession a = new SrtpSession(PROFILE, k1, s1, k2, s2, SrtpPolicy.DEFAULT);
        SrtpSession b = new SrtpSession(PROFILE, k2, s2, k1, s1, SrtpPolicy.DEFAULT);
        byte[] p = rtp(5, 1, 50);
        int n = a.protectRtp(p, 0, 62);
        assertEquals(62, b.unprotectRtp(p, 0, n));
        byte[] q = rtp(5, 1, 50);
        int m = a.protectRtp(q, 0, 62);
        assertEquals(SrtpDrop.AUTH_FAILED.code(), a.unprotectRtp(q, 0, m), "our own key does not open what we sent");
        assertEquals(1, a.inboundStats().dropped(SrtpDrop.AUTH_FAILED));
    }
}
