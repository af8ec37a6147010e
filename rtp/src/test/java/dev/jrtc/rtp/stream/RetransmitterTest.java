package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import dev.jrtc.rtp.rtcp.GenericNack;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answering NACKs from the send history: RTX packets laid out as RFC 4588 §4 says, plain resends, and the limits. */
class RetransmitterTest {
    private static final long MS = 1_000_000L;
    private static final long MEDIA_SSRC = 0x11223344L;
    private static final long RTX_SSRC = 0x55667788L;

    static byte[] packet(int seq, int payloadType, int payloadLength) {
        RtpHeaderWriter w = new RtpHeaderWriter().payloadType(payloadType).sequenceNumber(seq).timestamp(90_000L + seq)
                .ssrc(MEDIA_SSRC).marker(seq % 2 == 0).extension(3, new byte[] {0x01, 0x02});
        byte[] p = new byte[w.headerLength() + payloadLength];
        int h = w.write(p, 0);
        for (int i = h; i < p.length; i++) p[i] = (byte) (seq + i);
        return p;
    }

    @Test
    void anRtxPacketIsTheOriginalWithRtxSsrcPayloadTypeSequenceAndTheOsnFirst() {
        SendHistory history = SendHistory.defaults();
        byte[] original = packet(1000, 96, 20);
        history.handleSent(0, original, 0, original.length);
        Retransmitter r = new Retransmitter(history, RTX_SSRC, 500, 1_000_000);
        r.mapPayloadType(96, 97);
        r.handleNack(MS, new GenericNack(1, MEDIA_SSRC, List.of(1000)));
        byte[] out = new byte[1600];
        int n = r.pollRetransmission(MS, out, 0);
        assertEquals(original.length + 2, n);

        // Byte by byte against RFC 4588 §4: header with RTX PT/seq/SSRC, same timestamp, marker and extensions.
        byte[] expected = new byte[n];
        int header = original.length - 20;
        System.arraycopy(original, 0, expected, 0, header);
        expected[1] = (byte) ((original[1] & 0x80) | 97);
        expected[2] = (byte) (500 >>> 8);
        expected[3] = (byte) 500;
        System.arraycopy(HexFormat.of().parseHex("55667788"), 0, expected, 8, 4);
        expected[header] = (byte) (1000 >>> 8);
        expected[header + 1] = (byte) 1000;
        System.arraycopy(original, header, expected, header + 2, 20);
        assertArrayEquals(expected, Arrays.copyOf(out, n));

        RtpPacket p = new RtpPacket();
        assertEquals(RtpParseStatus.OK, p.wrap(out, 0, n));
        assertEquals(RTX_SSRC, p.ssrc());
        assertEquals(97, p.payloadType());
        assertEquals(500, p.sequenceNumber());
        assertEquals(90_000L + 1000, p.timestamp());
        assertEquals(true, p.marker());
        assertEquals(0, r.pollRetransmission(MS, out, 0), "nothing else queued");
        assertEquals(1, r.sent());

        // The next RTX packet takes the next RTX sequence number.
        byte[] second = packet(1001, 96, 10);
        history.handleSent(2 * MS, second, 0, second.length);
        r.handleNack(3 * MS, 1001);
        n = r.pollRetransmission(3 * MS, out, 0);
        assertEquals(RtpParseStatus.OK, p.wrap(out, 0, n));
        assertEquals(501, p.sequenceNumber());
    }

    @Test
    void withoutRtxTheOriginalGoesOutAgain() {
        SendHistory history = SendHistory.defaults();
        byte[] original = packet(7, 96, 30);
        history.handleSent(0, original, 0, original.length);
        Retransmitter r = new Retransmitter(history, -1, 0, 1_000_000);
        r.handleNack(MS, 7);
        byte[] out = new byte[1600];
        int n = r.pollRetransmission(MS, out, 0);
        assertArrayEquals(original, Arrays.copyOf(out, n));
    }

    @Test
    void roundTripPaddingIsLeftOutAndTheUnwrapperRestoresTheOriginal() {
        SendHistory history = SendHistory.defaults();
        byte[] padded = Arrays.copyOf(packet(65535, 100, 12), packet(65535, 100, 12).length + 4);
        padded[0] |= 0x20;
        padded[padded.length - 1] = 4;
        history.handleSent(0, padded, 0, padded.length);
        Retransmitter r = new Retransmitter(history, RTX_SSRC, 65535, 1_000_000);
        r.mapPayloadType(100, 101);
        r.handleNack(0, 65535);
        byte[] out = new byte[1600];
        int n = r.pollRetransmission(0, out, 0);
        RtxUnwrapper u = new RtxUnwrapper();
        u.addStream(RTX_SSRC, MEDIA_SSRC);
        u.addPayloadType(101, 100);
        int m = u.unwrap(out, 0, n);
        byte[] unpadded = Arrays.copyOf(padded, padded.length - 4);
        unpadded[0] &= ~0x20;
        assertArrayEquals(unpadded, Arrays.copyOf(out, m));
    }

    @Test
    void packetsTooOldOrOverwrittenAreNotResent() {
        SendHistory history = new SendHistory(16, 1500, 500 * MS);
        for (int s = 0; s < 20; s++) {
            byte[] p = packet(s, 96, 10);
            history.handleSent(s * MS, p, 0, p.length);
        }
        Retransmitter r = new Retransmitter(history, -1, 0, 10_000_000);
        byte[] out = new byte[1600];
        r.handleNack(30 * MS, 2);
        assertEquals(0, r.pollRetransmission(30 * MS, out, 0), "seq 2 was overwritten by 18");
        r.handleNack(30 * MS, 18);
        assertEquals(packet(18, 96, 10).length, r.pollRetransmission(30 * MS, out, 0));
        r.handleNack(600 * MS, 19);
        assertEquals(0, r.pollRetransmission(600 * MS, out, 0), "older than 500 ms");
        assertEquals(2, r.notInHistory());
    }

    @Test
    void aPacketIsResentOncePerRoundTrip() {
        SendHistory history = SendHistory.defaults();
        byte[] p = packet(9, 96, 10);
        history.handleSent(0, p, 0, p.length);
        Retransmitter r = new Retransmitter(history, -1, 0, 10_000_000);
        r.handleRoundTripTime(40 * MS);
        byte[] out = new byte[1600];
        r.handleNack(MS, 9);
        r.handleNack(MS, 9);
        assertEquals(p.length, r.pollRetransmission(MS, out, 0));
        assertEquals(0, r.pollRetransmission(MS, out, 0));
        r.handleNack(20 * MS, 9);
        assertEquals(0, r.pollRetransmission(20 * MS, out, 0));
        r.handleNack(41 * MS, 9);
        assertEquals(p.length, r.pollRetransmission(41 * MS, out, 0));
        assertEquals(2, r.tooSoon());
    }

    @Test
    void theTokenBucketBoundsTheRetransmissionRate() {
        SendHistory history = SendHistory.defaults();
        for (int s = 0; s < 1000; s++) {
            byte[] p = packet(s, 96, 1000 - 20);
            history.handleSent(0, p, 0, p.length);
        }
        // 80 kbit/s: 10 000 bytes per second, a bucket of 2 500 bytes (a quarter second).
        Retransmitter r = new Retransmitter(history, -1, 0, 80_000);
        byte[] out = new byte[1600];
        long bytes = 0;
        int next = 0;
        for (long t = 0; t <= 900 * MS; t += 10 * MS) {
            for (int k = 0; k < 5; k++) r.handleNack(t, next++);
            for (int n; (n = r.pollRetransmission(t, out, 0)) > 0; ) bytes += n;
        }
        // A full bucket plus 0.9 s at the rate: at most 2 500 + 9 000 bytes, i.e. 11 packets of 1 000.
        assertEquals(11_000, bytes);
        assertEquals(next - 11, r.rateLimited());
    }
}
