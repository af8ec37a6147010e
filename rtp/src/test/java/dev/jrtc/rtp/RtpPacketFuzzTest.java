package dev.jrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary bytes into {@link RtpPacket#wrap}: never an exception; a packet that parses has consistent lengths,
 * and rebuilding its header with {@link RtpHeaderWriter} parses back to the same fields and extension elements.
 */
class RtpPacketFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parseThenRebuildGivesTheSameHeader(FuzzedDataProvider data) {
        byte[] b = data.consumeRemainingAsBytes();
        RtpPacket p = new RtpPacket();
        if (p.wrap(b, 0, b.length) != RtpParseStatus.OK) {
            return;
        }
        assertEquals(b.length, p.headerLength() + p.payloadLength() + p.paddingLength());
        assertEquals(p.headerLength(), RtpHeader.headerLength(b, 0, b.length));

        RtpHeaderWriter w = new RtpHeaderWriter().marker(p.marker()).payloadType(p.payloadType())
                .sequenceNumber(p.sequenceNumber()).timestamp(p.timestamp()).ssrc(p.ssrc());
        long[] csrcs = new long[p.csrcCount()];
        for (int i = 0; i < csrcs.length; i++) csrcs[i] = p.csrc(i);
        w.csrcs(csrcs);
        List<byte[]> elements = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        int profile = p.extensionProfile();
        boolean rfc8285 = p.hasExtension()
                && (RtpHeaderExtensions.isOneByte(profile) || RtpHeaderExtensions.isTwoByte(profile));
        if (rfc8285) {
            int off = p.extensionDataOffset();
            int len = p.extensionDataLength();
            for (long e = RtpHeaderExtensions.first(b, off, len, profile); e != -1;
                 e = RtpHeaderExtensions.next(b, off, len, profile, e)) {
                int at = RtpHeaderExtensions.dataOffset(e);
                int n = RtpHeaderExtensions.dataLength(e);
                assertTrue(at >= off && at + n <= off + len, "element inside its block");
                int id = RtpHeaderExtensions.id(b, profile, e);
                byte[] d = Arrays.copyOfRange(b, at, at + n);
                ids.add(id);
                elements.add(d);
                w.extension(id, d);
            }
        }
        byte[] out = new byte[w.headerLength()];
        w.write(out, 0);
        RtpPacket q = new RtpPacket();
        assertEquals(RtpParseStatus.OK, q.wrap(out, 0, out.length));
        assertEquals(p.marker(), q.marker());
        assertEquals(p.payloadType(), q.payloadType());
        assertEquals(p.sequenceNumber(), q.sequenceNumber());
        assertEquals(p.timestamp(), q.timestamp());
        assertEquals(p.ssrc(), q.ssrc());
        assertEquals(p.csrcCount(), q.csrcCount());
        for (int i = 0; i < ids.size(); i++) {
            long e = q.findExtension(ids.get(i));
            assertTrue(e != -1, "element " + ids.get(i) + " survives the rebuild");
            int at = RtpHeaderExtensions.dataOffset(e);
            // A repeated id finds its first occurrence, so compare against the first with that id.
            byte[] expected = elements.get(ids.indexOf(ids.get(i)));
            assertArrayEquals(expected, Arrays.copyOfRange(out, at, at + RtpHeaderExtensions.dataLength(e)));
        }
    }
}
