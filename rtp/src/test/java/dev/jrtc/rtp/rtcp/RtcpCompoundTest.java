package dev.jrtc.rtp.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte fixtures laid out by hand from the RFC diagrams; each parses to the values and writes back the same bytes. */
class RtcpCompoundTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static List<RtcpPacket> parse(byte[] b) {
        RtcpParseResult r = RtcpCompound.parse(b, 0, b.length);
        assertTrue(r.isOk(), r.error());
        assertArrayEquals(b, RtcpCompound.serialize(r.packets()), "writes back the same bytes");
        return r.packets();
    }

    @Test
    void senderReportWithABlockThenSdesCname() {
        byte[] b = hex("81c8000c 11111111 e1a2b3c4 d5e6f708 00001000 00000064 00003e80"
                + "22222222 05 fffffe 0001ffff 00000020 b3c4d5e6 00010000"
                + "81ca0004 11111111 0109 6a727463407465737400");
        List<RtcpPacket> packets = parse(b);
        SenderReport sr = (SenderReport) packets.get(0);
        assertEquals(0x11111111L, sr.ssrc());
        assertEquals(0xe1a2b3c4d5e6f708L, sr.ntpTimestamp());
        assertEquals(4096, sr.rtpTimestamp());
        assertEquals(100, sr.packetCount());
        assertEquals(16000, sr.octetCount());
        ReportBlock rb = sr.reports().get(0);
        assertEquals(5, rb.fractionLost());
        assertEquals(-2, rb.cumulativeLost(), "24-bit signed");
        assertEquals(0x1ffff, rb.highestSequence());
        assertEquals(0x10000, rb.delaySinceLastSenderReport());
        SourceDescription sdes = (SourceDescription) packets.get(1);
        assertEquals(SourceDescription.Item.cname("jrtc@test"), sdes.chunks().get(0).items().get(0));
    }

    @Test
    void receiverReportByeAndApp() {
        byte[] b = hex("80c90001 33333333 81cb0003 33333333 04 627965 21 000000" + "85cc0003 44444444 6a727463 01020304");
        List<RtcpPacket> packets = parse(b);
        assertEquals(new ReceiverReport(0x33333333L, List.of(), OpaqueBytes.EMPTY), packets.get(0));
        Bye bye = (Bye) packets.get(1);
        assertEquals(List.of(0x33333333L), bye.ssrcs());
        assertEquals(OpaqueBytes.of("bye!".getBytes()), bye.reason());
        AppPacket app = (AppPacket) packets.get(2);
        assertEquals(5, app.subtype());
        assertEquals("jrtc", app.name());
    }

    @Test
    void feedbackMessages() {
        // NACK PID 100 with BLP bits 0 and 2: 100, 101, 103 lost.
        GenericNack nack = (GenericNack) parse(hex("81cd0003 00000001 00000002 00640005")).get(0);
        assertEquals(List.of(100, 101, 103), nack.lostSequenceNumbers());
        assertEquals(new PictureLossIndication(1, 2), parse(hex("81ce0002 00000001 00000002")).get(0));
        FullIntraRequest fir = (FullIntraRequest) parse(hex("84ce0004 00000001 00000000 00000002 07000000")).get(0);
        assertEquals(List.of(new FullIntraRequest.Entry(2, 7)), fir.entries());
        // REMB 1 Mbit/s = 250000 << 2 for one SSRC.
        ReceiverEstimatedMaxBitrate remb = (ReceiverEstimatedMaxBitrate) parse(
                hex("8fce0005 00000001 00000000 52454d42 010bd090 00000002")).get(0);
        assertEquals(1_000_000, remb.bitrate());
        assertEquals(List.of(2L), remb.ssrcs());
    }

    @Test
    void transportWideFeedbackUsesEveryChunkKindAndRoundTrips() {
        List<Integer> statuses = new java.util.ArrayList<>();
        List<Integer> deltas = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) { statuses.add(1); deltas.add(i); }            // run length chunk
        for (int i = 0; i < 14; i++) { statuses.add(i % 3 == 0 ? 0 : 1); if (i % 3 != 0) deltas.add(4); } // 1-bit vector
        statuses.addAll(List.of(2, 0, 1, 2, 0, 0, 1));                             // 2-bit vector
        deltas.addAll(List.of(-300, 9, 1000, 7));
        TransportWideFeedback fb = new TransportWideFeedback(1, 2, 65530, -5, 9, statuses, deltas);
        byte[] wire = RtcpCompound.serialize(List.of(fb));
        RtcpParseResult r = RtcpCompound.parse(wire, 0, wire.length);
        assertTrue(r.isOk(), r.error());
        assertEquals(fb, r.packets().get(0));
        assertEquals(0x8f, wire[0] & 0xff & ~0x20, "V=2, FMT=15 (padding bit may be set)");
        assertEquals(0x20, wire[20] & 0xE0 & 0xA0, "first chunk is run length with symbol 1");
    }

    @Test
    void draftExampleChunksDecode() {
        // From the draft's examples: run length of 221 "received small delta" = 0x20dd; vector 1|0|... = 0x9f1c.
        byte[] b = hex("8fcd0008 00000001 00000002 0001 00dd 000001 00 20dd") ;
        byte[] withDeltas = new byte[(b.length + 221 + 3) & ~3];
        System.arraycopy(b, 0, withDeltas, 0, b.length);
        int len = (withDeltas.length) / 4 - 1;
        withDeltas[0] = (byte) 0x8f;
        withDeltas[2] = (byte) (len >>> 8);
        withDeltas[3] = (byte) len;
        RtcpParseResult r = RtcpCompound.parse(withDeltas, 0, withDeltas.length);
        assertTrue(r.isOk(), r.error());
        TransportWideFeedback fb = (TransportWideFeedback) r.packets().get(0);
        assertEquals(221, fb.statuses().size());
        assertEquals(221, fb.deltas().size());
        assertEquals(1, fb.baseSequence());
        assertEquals(1, fb.referenceTime());
    }

    @Test
    void unknownTypesAreKeptRaw() {
        List<RtcpPacket> p = parse(hex("83cf0001 abcdef01"));
        assertEquals(new UnknownRtcpPacket(207, 3, OpaqueBytes.of(hex("abcdef01"))), p.get(0));
    }

    @Test
    void malformedCompoundsAreRejectedWithAReason() {
        String[] bad = {
            "81c8",                                  // shorter than a header
            "41c80000",                              // version 1
            "80c90005 33333333",                     // length past the end
            "a0c90001 33333301 80c90001 33333333",   // padding on a packet that is not the last
            "a0c90001 33333300",                     // padding count zero
            "81c80001 11111111",                     // SR body truncated
            "81cd0002 00000001 00000002",            // NACK without FCI
            "8fcd0005 00000001 00000002 00010001 00000001 6001 0000", // TWCC run of reserved symbol 3
            "80c90001 33333333 00",                  // trailing byte
        };
        for (String s : bad) {
            byte[] b = hex(s);
            RtcpParseResult r = RtcpCompound.parse(b, 0, b.length);
            assertFalse(r.isOk(), s);
            assertTrue(r.packets().isEmpty());
        }
    }

    @Test
    void aPacketInTheMiddleIsAlignedWithoutThePaddingBit() {
        TransportWideFeedback fb = new TransportWideFeedback(1, 2, 0, 0, 0, List.of(1), List.of(5));
        byte[] wire = RtcpCompound.serialize(List.of(fb, new PictureLossIndication(1, 2)));
        assertEquals(0, wire[0] & 0x20, "no padding bit before the last packet");
        RtcpParseResult r = RtcpCompound.parse(wire, 0, wire.length);
        assertTrue(r.isOk(), r.error());
        assertEquals(List.of(fb, new PictureLossIndication(1, 2)), r.packets());
    }
}
