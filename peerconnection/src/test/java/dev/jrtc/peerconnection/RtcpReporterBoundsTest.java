package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jrtc.rtp.rtcp.OpaqueBytes;
import dev.jrtc.rtp.rtcp.ReceiverReport;
import dev.jrtc.rtp.rtcp.ReportBlock;
import dev.jrtc.rtp.rtcp.RtcpCompound;
import dev.jrtc.rtp.rtcp.SenderReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A peer spraying RTCP with random SSRCs (RFC 3550 §6.4) grows nothing: only known streams are remembered, at most a few. */
class RtcpReporterBoundsTest {
    private static final long OUR_SSRC = 0x11111111L;
    private static final long THEIR_SSRC = 0x22222222L;

    private static byte[] spray(Random r) {
        List<ReportBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 31; i++) blocks.add(new ReportBlock(r.nextInt() & 0xFFFFFFFFL, 0, 0, 1, 0, 0, 0));
        return RtcpCompound.serialize(List.of(
                new SenderReport(r.nextInt() & 0xFFFFFFFFL, 1L << 40, 0, 1, 1, blocks, OpaqueBytes.of()),
                new ReceiverReport(r.nextInt() & 0xFFFFFFFFL, blocks, OpaqueBytes.of())));
    }

    @Test
    void randomSsrcsAreCountedNotRemembered() {
        RtcpReporter reporter = new RtcpReporter("cname", 1);
        Random r = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            byte[] p = spray(r);
            reporter.handle(p, p.length, i, i, ssrc -> ssrc == THEIR_SSRC, ssrc -> ssrc == OUR_SSRC);
        }
        assertEquals(0, reporter.trackedSsrcs());
        assertEquals(10_000L * (1 + 31 + 31), reporter.unknownSsrcs, "every unknown SR and report block is counted");

        byte[] known = RtcpCompound.serialize(List.of(new SenderReport(THEIR_SSRC, 1L << 40, 0, 1, 1,
                List.of(new ReportBlock(OUR_SSRC, 10, 3, 100, 0, 0, 0)), OpaqueBytes.of())));
        reporter.handle(known, known.length, 0, 0, ssrc -> ssrc == THEIR_SSRC, ssrc -> ssrc == OUR_SSRC);
        assertEquals(2, reporter.trackedSsrcs(), "the SR of the stream we receive and the block about ours");
        assertNotNull(reporter.remoteReport(OUR_SSRC));
        assertEquals(3, reporter.remoteReport(OUR_SSRC).block().cumulativeLost());
    }

    @Test
    void evenKnownStreamsAreCapped() {
        RtcpReporter reporter = new RtcpReporter("cname", 1);
        Random r = new Random(2);
        for (int i = 0; i < 1000; i++) {
            byte[] p = spray(r);
            reporter.handle(p, p.length, i, i, ssrc -> true, ssrc -> true); // a broken router that knows everything
        }
        assertEquals(2 * RtcpReporter.MAX_TRACKED_SSRCS, reporter.trackedSsrcs());
        assertNull(reporter.remoteReport(THEIR_SSRC));
    }
}
