package dev.jrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks against jitsi-srtp, an independent implementation: we protect and jitsi unprotects, and the other
 * way round, over seeded random packets that cross a ROC wrap (seq 65535 -> 0) and arrive reordered around it.
 */
class SrtpJitsiCrossCheckTest {
    private static final int PACKETS = 3000;
    private static final int SSRC = 0x1234ABCD;

    private static SrtpPolicy jitsiPolicy(SrtpProfile p, boolean rtcp) {
        if (p.isAead()) {
            return new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, p.masterKeyLength(), SrtpPolicy.NULL_AUTHENTICATION, 0,
                    p.authTagLength(), p.masterSaltLength());
        }
        int tag = rtcp ? p.srtcpAuthTagLength() : p.authTagLength();
        return new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, p.masterKeyLength(), SrtpPolicy.HMACSHA1_AUTHENTICATION, 20,
                tag, p.masterSaltLength());
    }

    private static SrtpContextFactory jitsi(SrtpProfile p, boolean sender, byte[] key, byte[] salt) {
        return new SrtpContextFactory(sender, key, salt, jitsiPolicy(p, false), jitsiPolicy(p, true),
                new LoggerImpl("jitsi-srtp"));
    }

    /** Random RTP packets with sequence numbers from 65535 - PACKETS/2 across the wrap, some with CSRCs and extensions. */
    private static List<byte[]> packets(Random r) {
        List<byte[]> list = new ArrayList<>();
        int seq = 65536 - PACKETS / 2;
        for (int i = 0; i < PACKETS; i++) {
            int csrcs = r.nextInt(4) == 0 ? r.nextInt(3) : 0;
            boolean ext = r.nextInt(4) == 0;
            int payload = r.nextInt(4) == 0 ? 1 + r.nextInt(160) : 1 + r.nextInt(1200);
            int header = 12 + 4 * csrcs + (ext ? 8 : 0);
            byte[] p = new byte[header + payload];
            r.nextBytes(p);
            p[0] = (byte) (0x80 | (ext ? 0x10 : 0) | csrcs);
            p[1] = (byte) (p[1] & 0x7F);
            int s = (seq + i) & 0xFFFF;
            p[2] = (byte) (s >>> 8);
            p[3] = (byte) s;
            p[8] = (byte) (SSRC >>> 24);
            p[9] = (byte) (SSRC >>> 16);
            p[10] = (byte) (SSRC >>> 8);
            p[11] = (byte) SSRC;
            if (ext) {
                int at = 12 + 4 * csrcs;
                p[at] = (byte) 0xBE;
                p[at + 1] = (byte) 0xDE;
                p[at + 2] = 0;
                p[at + 3] = 1;
            }
            list.add(p);
        }
        return list;
    }

    /** Swaps neighbours at random so packets around the wrap arrive out of order. */
    private static List<Integer> reorderedIndices(Random r) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < PACKETS; i++) order.add(i);
        for (int i = 0; i + 3 < PACKETS; i++) {
            if (r.nextInt(5) == 0) Collections.swap(order, i, i + 1 + r.nextInt(3));
        }
        return order;
    }

    private static byte[][] keys(SrtpProfile p, Random r) {
        byte[] key = new byte[p.masterKeyLength()];
        byte[] salt = new byte[p.masterSaltLength()];
        r.nextBytes(key);
        r.nextBytes(salt);
        return new byte[][] {key, salt};
    }

    /** Every profile on the default ciphers, and the AEAD ones on the allocation-free GCM too. */
    static Stream<Arguments> variants() {
        return Arrays.stream(SrtpProfile.values()).flatMap(p -> p.isAead()
                ? Stream.of(Arguments.of(p, false), Arguments.of(p, true))
                : Stream.of(Arguments.of(p, false)));
    }

    @ParameterizedTest(name = "{0}, allocation-free GCM: {1}")
    @MethodSource("variants")
    void weProtectJitsiUnprotects(SrtpProfile profile, boolean allocationFree) throws Exception {
        Random r = new Random(profile.ordinal() * 31L + 1);
        byte[][] k = keys(profile, r);
        SrtpContext ours = new SrtpContext(profile, k[0], k[1],
                dev.jrtc.srtp.SrtpPolicy.DEFAULT.withAllocationFreeGcm(allocationFree));
        SrtpCryptoContext theirs = jitsi(profile, false, k[0], k[1]).deriveContext(SSRC, 0);
        List<byte[]> plain = packets(r);
        byte[][] protectedPackets = new byte[PACKETS][];
        for (int i = 0; i < PACKETS; i++) {
            byte[] b = Arrays.copyOf(plain.get(i), plain.get(i).length + ours.rtpOverhead());
            int n = ours.protectRtp(b, 0, plain.get(i).length);
            assertEquals(plain.get(i).length + ours.rtpOverhead(), n);
            protectedPackets[i] = Arrays.copyOf(b, n);
        }
        for (int i : reorderedIndices(r)) {
            JitsiBuffer buf = new JitsiBuffer(protectedPackets[i], protectedPackets[i].length);
            assertEquals(SrtpErrorStatus.OK, theirs.reverseTransformPacket(buf, false), "packet " + i);
            assertArrayEquals(plain.get(i), buf.bytes(), "packet " + i);
        }
    }

    @ParameterizedTest(name = "{0}, allocation-free GCM: {1}")
    @MethodSource("variants")
    void jitsiProtectsWeUnprotect(SrtpProfile profile, boolean allocationFree) throws Exception {
        Random r = new Random(profile.ordinal() * 31L + 2);
        byte[][] k = keys(profile, r);
        SrtpCryptoContext theirs = jitsi(profile, true, k[0], k[1]).deriveContext(SSRC, 0);
        SrtpContext ours = new SrtpContext(profile, k[0], k[1],
                new dev.jrtc.srtp.SrtpPolicy(1024, 10, allocationFree));
        List<byte[]> plain = packets(r);
        byte[][] protectedPackets = new byte[PACKETS][];
        for (int i = 0; i < PACKETS; i++) {
            JitsiBuffer buf = new JitsiBuffer(plain.get(i), plain.get(i).length);
            assertEquals(SrtpErrorStatus.OK, theirs.transformPacket(buf));
            protectedPackets[i] = buf.bytes();
        }
        for (int i : reorderedIndices(r)) {
            byte[] b = protectedPackets[i].clone();
            int n = ours.unprotectRtp(b, 0, b.length);
            assertEquals(plain.get(i).length, n, "packet " + i + ": " + SrtpDrop.fromCode(n));
            assertArrayEquals(plain.get(i), Arrays.copyOf(b, n), "packet " + i);
        }
        assertEquals(PACKETS, ours.stats().unprotectedPackets());
    }

    @ParameterizedTest(name = "{0}, allocation-free GCM: {1}")
    @MethodSource("variants")
    void srtcpInteroperatesBothWays(SrtpProfile profile, boolean allocationFree) throws Exception {
        Random r = new Random(profile.ordinal() * 31L + 3);
        byte[][] k = keys(profile, r);
        SrtpContext ours = new SrtpContext(profile, k[0], k[1],
                dev.jrtc.srtp.SrtpPolicy.DEFAULT.withAllocationFreeGcm(allocationFree));
        SrtcpCryptoContext theirsReceiving = jitsi(profile, false, k[0], k[1]).deriveControlContext(SSRC);
        SrtcpCryptoContext theirsSending = jitsi(profile, true, k[0], k[1]).deriveControlContext(SSRC);
        for (int i = 0; i < 200; i++) {
            byte[] rtcp = new byte[8 + 4 * (1 + r.nextInt(40))];
            r.nextBytes(rtcp);
            rtcp[0] = (byte) 0x81;
            rtcp[1] = (byte) 200;
            rtcp[4] = (byte) (SSRC >>> 24);
            rtcp[5] = (byte) (SSRC >>> 16);
            rtcp[6] = (byte) (SSRC >>> 8);
            rtcp[7] = (byte) SSRC;

            byte[] b = Arrays.copyOf(rtcp, rtcp.length + ours.rtcpOverhead());
            int n = ours.protectRtcp(b, 0, rtcp.length);
            JitsiBuffer theirs = new JitsiBuffer(b, n);
            assertEquals(SrtpErrorStatus.OK, theirsReceiving.reverseTransformPacket(theirs), "our SRTCP " + i);
            assertArrayEquals(rtcp, theirs.bytes());

            JitsiBuffer fromJitsi = new JitsiBuffer(rtcp, rtcp.length);
            assertEquals(SrtpErrorStatus.OK, theirsSending.transformPacket(fromJitsi));
            byte[] c = fromJitsi.bytes();
            int m = ours.unprotectRtcp(c, 0, c.length);
            assertEquals(rtcp.length, m, "their SRTCP " + i + ": " + SrtpDrop.fromCode(m));
            assertArrayEquals(rtcp, Arrays.copyOf(c, m));
        }
    }
}
