package dev.jrtc.rtp.cc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.RtcpParseResult;
import dev.jrtc.rtp.rtcp.TransportWideFeedback;
import java.util.Arrays;
import java.util.List;

/** Arbitrary input through the transport-wide CC stages: never an exception, and what they write reads back. */
class TransportWideCcFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void stampingKeepsThePacketAndReadsBack(FuzzedDataProvider data) {
        int id = data.consumeInt(1, 14);
        int seq = data.consumeInt(0, 0xFFFF);
        byte[] in = data.consumeRemainingAsBytes();
        byte[] b = Arrays.copyOf(in, in.length + TransportSequenceStamper.MAX_GROWTH);
        RtpPacket before = new RtpPacket();
        boolean wasOk = before.wrap(in, 0, in.length) == RtpParseStatus.OK;
        int n = new TransportSequenceStamper(id, seq).stamp(b, 0, in.length, b.length);
        if (n < 0) {
            assertArrayEquals(in, Arrays.copyOf(b, in.length), "left alone when it cannot be stamped");
            return;
        }
        assertEquals(seq, TransportSequenceStamper.read(b, 0, n, id));
        if (wasOk) {
            RtpPacket after = new RtpPacket();
            assertEquals(RtpParseStatus.OK, after.wrap(b, 0, n));
            assertEquals(before.payloadLength(), after.payloadLength());
            assertEquals(before.paddingLength(), after.paddingLength());
            assertArrayEquals(Arrays.copyOfRange(in, before.payloadOffset(), in.length),
                    Arrays.copyOfRange(b, after.payloadOffset(), n));
        }
    }

    @FuzzTest(maxDuration = "30s")
    void arrivalsToFeedbackToEstimate(FuzzedDataProvider data) {
        TransportFeedbackGenerator g = new TransportFeedbackGenerator(1, 50_000_000L, 64);
        CongestionController cc = new CongestionController(300_000, 50_000, 5_000_000);
        long now = 0;
        int sent = 0;
        while (data.remainingBytes() > 4) {
            now += data.consumeLong(0, 20_000_000L);
            int seq = data.consumeInt(0, 0xFFFF);
            cc.handleSent(now, sent++ & 0xFFFF, 1200);
            g.handlePacket(now + data.consumeLong(0, 100_000_000L), seq);
            g.handleTimeout(now);
            for (TransportWideFeedback f; (f = g.pollFeedback()) != null; ) {
                byte[] wire = RtcpCompound.serialize(List.of(f));
                RtcpParseResult r = RtcpCompound.parse(wire, 0, wire.length);
                assertTrue(r.isOk(), r.error());
                long target = cc.handleFeedback(now, (TransportWideFeedback) r.packets().get(0));
                assertTrue(target >= 50_000 && target <= 5_000_000);
            }
        }
    }
}
