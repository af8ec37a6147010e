package dev.jrtc.sctp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SctpPacketTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** An INIT as usrsctp sends it (AUTH parameters included), from pion/sctp's packet tests. */
    private static final byte[] USRSCTP_INIT = hex("13881388 00000000 81469dfc 01000056 55b964a5 00020000 04000800 e86d1030"
            + "c0000004 80080009 c00fc18082000000 80020024 9febbb5c50c9bf759cb12c574fa45a51ba60177827945c31e65d5b0947e22206"
            + "80040006 00010000 80030006 80c10000");

    @Test
    void crc32cMatchesTheIscsiVectorAndAHeaderOnlyPacket() {
        CRC32C crc = new CRC32C();
        crc.update(new byte[32]);
        assertEquals(0x8a9136aaL, crc.getValue(), "RFC 3720 B.4: 32 bytes of zeros");
        byte[] headerOnly = hex("13881388 00000000 06a900e1");
        long sum = SctpPacket.checksum(headerOnly, 0, 12);
        assertEquals(0xe100a906L, sum, "stored little-endian (RFC 9260 Appendix A)");
    }

    @Test
    void usrsctpInitParsesAndWritesBackByteForByte() {
        SctpPacket.ParseResult r = SctpPacket.parse(USRSCTP_INIT, 0, USRSCTP_INIT.length);
        assertTrue(r.isOk(), r.error());
        SctpPacket p = r.packet();
        assertEquals(5000, p.sourcePort());
        assertEquals(0, p.verificationTag());
        InitChunk init = (InitChunk) p.chunks().get(0);
        assertFalse(init.ack());
        assertEquals(0x55b964a5L, init.initiateTag());
        assertEquals(131072, init.advertisedReceiverWindow());
        assertEquals(1024, init.outboundStreams());
        assertEquals(2048, init.inboundStreams());
        assertTrue(init.forwardTsnSupported());
        assertEquals(5, init.parameters().size());
        assertArrayEquals(USRSCTP_INIT, p.serialize(), "the chunk length leaves out the last parameter's padding");
    }

    @Test
    void everyChunkKindRoundTrips() {
        SctpPacket p = new SctpPacket(5000, 5000, 0xdeadbeefL, List.of(
                new DataChunk(false, true, true, false, 7, 1, 2, 51, new byte[] {1, 2, 3}),
                new SackChunk(100, 65536, List.of(new SackChunk.GapBlock(2, 3), new SackChunk.GapBlock(5, 5)), List.of(99L)),
                new HeartbeatChunk(false, List.of(new SctpParameter(SctpParameter.HEARTBEAT_INFO, new byte[] {9, 9, 9}))),
                new HeartbeatChunk(true, List.of(new SctpParameter(SctpParameter.HEARTBEAT_INFO, new byte[] {9, 9, 9}))),
                new InitChunk(true, 1, 2, 3, 4, 5, List.of(new SctpParameter(SctpParameter.STATE_COOKIE, new byte[] {1, 2, 3, 4, 5}))),
                new CookieEchoChunk(new byte[] {1, 2, 3, 4, 5}),
                new SimpleChunk(SctpChunk.COOKIE_ACK, false),
                new ShutdownChunk(100),
                new SimpleChunk(SctpChunk.SHUTDOWN_ACK, false),
                new SimpleChunk(SctpChunk.SHUTDOWN_COMPLETE, true),
                new ForwardTsnChunk(200, List.of(new ForwardTsnChunk.StreamSkip(1, 3))),
                new ReconfigChunk(List.of(new SctpParameter(SctpParameter.OUTGOING_SSN_RESET_REQUEST, new byte[12]))),
                new ErrorChunk(new byte[] {0, 6, 0, 4}),
                new UnknownChunk(0xC1, 3, new byte[] {4, 5}),
                new AbortChunk(true, new byte[0])));
        byte[] wire = p.serialize();
        SctpPacket.ParseResult r = SctpPacket.parse(wire, 0, wire.length);
        assertTrue(r.isOk(), r.error());
        assertEquals(p, r.packet());
        assertEquals("stored", r.packet().chunks().get(4) instanceof InitChunk i && i.stateCookie().length == 5 ? "stored" : "");
        UnknownChunk u = (UnknownChunk) r.packet().chunks().get(13);
        assertFalse(u.stopProcessing());
        assertTrue(u.report());
    }

    @Test
    void malformedPacketsAreRejectedWithAReason() {
        byte[] bad = USRSCTP_INIT.clone();
        bad[20] ^= 1;
        assertEquals("CRC32c checksum mismatch", SctpPacket.parse(bad, 0, bad.length).error());
        assertFalse(SctpPacket.parse(new byte[8], 0, 8).isOk());
        for (String chunk : new String[] {
            "00000008 00000001",                 // DATA shorter than its header
            "00030010 00000001 00000000 00010000", // SACK claims a gap block it lacks
            "0100001400000000000100000001000100000001", // INIT with initiate tag 0
            "000000ff",                          // chunk length past the end
            "00000010 00000001 00010002 00000033", // DATA without user data
        }) {
            byte[] packet = withValidChecksum(hex("13881388 00000001 00000000" + chunk.replace(" ", "")));
            SctpPacket.ParseResult r = SctpPacket.parse(packet, 0, packet.length);
            assertFalse(r.isOk(), chunk);
            assertTrue(r.error() != null && !r.error().isEmpty());
        }
    }

    static byte[] withValidChecksum(byte[] b) {
        long crc = SctpPacket.checksum(b, 0, b.length);
        b[8] = (byte) crc;
        b[9] = (byte) (crc >>> 8);
        b[10] = (byte) (crc >>> 16);
        b[11] = (byte) (crc >>> 24);
        return b;
    }
}
