package dev.jrtc.rtp.cc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrtc.rtp.RtpHeaderExtensions;
import dev.jrtc.rtp.RtpHeaderWriter;
import dev.jrtc.rtp.RtpPacket;
import dev.jrtc.rtp.RtpParseStatus;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The transport-wide sequence number element (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2) in every form. */
class TransportSequenceStamperTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] room(String hex) {
        byte[] p = HEX.parseHex(hex);
        return Arrays.copyOf(p, p.length + TransportSequenceStamper.MAX_GROWTH);
    }

    @Test
    void aPacketWithoutExtensionGetsAOneByteBlock() {
        // V=2, PT 96, seq 1, ts 2, SSRC 3, payload aabb.
        byte[] p = room("80600001" + "00000002" + "00000003" + "aabb");
        TransportSequenceStamper s = new TransportSequenceStamper(3, 0x1234);
        int n = s.stamp(p, 0, 14, p.length);
        assertEquals(22, n);
        // X set; 0xBEDE, one word; ID 3 L=1 (0x31), 0x1234, one byte of padding.
        assertArrayEquals(HEX.parseHex("90600001" + "00000002" + "00000003" + "bede0001" + "31123400" + "aabb"),
                Arrays.copyOf(p, n));
        assertEquals(0x1234, TransportSequenceStamper.read(p, 0, n, 3));
        assertEquals(0x1235, s.nextSequence());
    }

    @Test
    void anExistingElementIsOverwrittenInPlace() {
        byte[] p = room("90600001" + "00000002" + "00000003" + "bede0001" + "31000000" + "aabb");
        int n = new TransportSequenceStamper(3, 0xfffe).stamp(p, 0, 22, p.length);
        assertEquals(22, n);
        assertArrayEquals(HEX.parseHex("90600001" + "00000002" + "00000003" + "bede0001" + "31fffe00" + "aabb"),
                Arrays.copyOf(p, n));
    }

    @Test
    void anotherElementsPaddingIsUsedOrTheBlockGrowsByAWord() {
        // mid (id 4, "0", one byte) leaves 2 bytes of padding: not enough for 3, so the block grows to two words.
        byte[] p = room("90600001" + "00000002" + "00000003" + "bede0001" + "40300000" + "aabb");
        int n = new TransportSequenceStamper(3, 7).stamp(p, 0, 22, p.length);
        assertEquals(26, n);
        assertArrayEquals(HEX.parseHex("90600001" + "00000002" + "00000003" + "bede0002" + "40303100" + "07000000" + "aabb"),
                Arrays.copyOf(p, n));
        // Audio level (id 1, one byte) plus 2 padding bytes... with a 2-word block there is room: no growth.
        byte[] q = room("90600001" + "00000002" + "00000003" + "bede0002" + "10ff2101" + "02000000" + "aabb");
        assertEquals(26, new TransportSequenceStamper(3, 9).stamp(q, 0, 26, q.length));
        RtpPacket v = new RtpPacket();
        assertEquals(RtpParseStatus.OK, v.wrap(q, 0, 26));
        assertEquals(9, TransportSequenceStamper.read(q, 0, 26, 3));
        assertEquals(2, RtpHeaderExtensions.dataLength(v.findExtension(2)), "the elements before are kept");
        assertEquals(0xaabb, ((q[24] & 0xFF) << 8) | (q[25] & 0xFF));
    }

    @Test
    void twoByteBlocksAndCsrcsAndPadding() {
        RtpHeaderWriter w = new RtpHeaderWriter().payloadType(96).csrcs(0x11, 0x22).extension(20, new byte[] {1, 2, 3});
        byte[] p = new byte[w.headerLength() + 5 + 8];
        int h = w.write(p, 0);
        p[0] |= 0x20; // padded: 3 payload bytes and 2 of padding
        p[h] = 'x';
        p[h + 1] = 'y';
        p[h + 2] = 'z';
        p[h + 4] = 2;
        int n = new TransportSequenceStamper(5, 0xabcd).stamp(p, 0, h + 5, p.length);
        RtpPacket v = new RtpPacket();
        assertEquals(RtpParseStatus.OK, v.wrap(p, 0, n));
        assertEquals(2, v.csrcCount());
        assertEquals(0xabcd, TransportSequenceStamper.read(p, 0, n, 5));
        assertEquals(3, v.payloadLength());
        assertEquals('x', p[v.payloadOffset()]);
        assertEquals(2, v.paddingLength());
    }

    @Test
    void whatCannotCarryTheElementIsLeftAlone() {
        TransportSequenceStamper s = new TransportSequenceStamper(3, 0);
        byte[] foreign = room("90600001" + "00000002" + "00000003" + "abcd0001" + "01020304");
        assertEquals(-1, s.stamp(foreign, 0, 20, foreign.length));
        byte[] noRoom = HEX.parseHex("80600001" + "00000002" + "00000003");
        assertEquals(-1, s.stamp(noRoom, 0, 12, 12));
        assertEquals(-1, s.stamp(new byte[20], 0, 20, 20), "version 0");
        byte[] stopMark = room("90600001" + "00000002" + "00000003" + "bede0001" + "f0000000");
        assertEquals(-1, s.stamp(stopMark, 0, 20, stopMark.length), "one-byte ID 15 ends the block");
        assertEquals(4, s.unstampable());
        assertEquals(0, s.nextSequence(), "no number used");
        assertEquals(-1, new TransportSequenceStamper(15, 0).stamp(room("80600001" + "00000002" + "00000003"), 0, 12, 20));
    }
}
