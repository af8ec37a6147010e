package dev.jrtc.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /**
     * A VP8 packet as Chrome sends it: marker, PT 96, one-byte extensions (RFC 8285 §4.2) id 1 = mid "0" (1 byte),
     * id 2 = transport-wide sequence number (2 bytes), padded to a word, then the payload.
     */
    private static final byte[] VP8 = hex("90e0 1234 00000e10 deadbeef bede0002 1030 21 0001 000000 9010 aabbccdd");

    @Test
    void readsTheFixedHeaderAndOneByteExtensions() {
        RtpPacket p = new RtpPacket();
        assertEquals(RtpParseStatus.OK, p.wrap(VP8, 0, VP8.length));
        assertTrue(p.marker());
        assertEquals(96, p.payloadType());
        assertEquals(0x1234, p.sequenceNumber());
        assertEquals(3600, p.timestamp());
        assertEquals(0xdeadbeefL, p.ssrc());
        assertEquals(0xBEDE, p.extensionProfile());
        assertEquals(24, p.headerLength());
        assertEquals(6, p.payloadLength());
        long mid = p.findExtension(1);
        assertEquals(1, RtpHeaderExtensions.dataLength(mid));
        assertEquals('0', VP8[RtpHeaderExtensions.dataOffset(mid)]);
        long twcc = p.findExtension(2);
        assertEquals(2, RtpHeaderExtensions.dataLength(twcc));
        assertEquals(1, ((VP8[RtpHeaderExtensions.dataOffset(twcc)] & 0xFF) << 8) | VP8[RtpHeaderExtensions.dataOffset(twcc) + 1]);
        assertEquals(-1, p.findExtension(5));
    }

    @Test
    void readsCsrcsTwoByteExtensionsAndPadding() {
        // CC=2, X, P; two-byte profile 0x1000 with id 20 of 0 bytes and id 7 of 3 bytes; 4 bytes padding.
        byte[] b = hex("b2 08 0001 00000001 00000002 11111111 22222222 1000 0002 1400 0703 abcdef 00 cafe 00000004");
        RtpPacket p = new RtpPacket();
        assertEquals(RtpParseStatus.OK, p.wrap(b, 0, b.length));
        assertEquals(2, p.csrcCount());
        assertEquals(0x11111111L, p.csrc(0));
        assertEquals(0x22222222L, p.csrc(1));
        assertEquals(4, p.paddingLength());
        assertEquals(2, p.payloadLength());
        assertEquals(0, RtpHeaderExtensions.dataLength(p.findExtension(20)));
        long e7 = p.findExtension(7);
        assertArrayEquals(hex("abcdef"), Arrays.copyOfRange(b, RtpHeaderExtensions.dataOffset(e7), RtpHeaderExtensions.dataOffset(e7) + 3));
        assertThrows(IndexOutOfBoundsException.class, () -> p.csrc(2));
    }

    @Test
    void rejectsEveryMalformedShapeWithAReason() {
        RtpPacket p = new RtpPacket();
        assertEquals(RtpParseStatus.TOO_SHORT, p.wrap(new byte[11], 0, 11));
        assertEquals(RtpParseStatus.BAD_VERSION, p.wrap(hex("40000000000000000000000000"), 0, 12));
        assertEquals(RtpParseStatus.CSRC_OVERRUN, p.wrap(hex("83000000000000000000000000000000"), 0, 16));
        assertEquals(RtpParseStatus.EXTENSION_OVERRUN, p.wrap(hex("900000000000000000000000bede"), 0, 14));
        assertEquals(RtpParseStatus.EXTENSION_OVERRUN, p.wrap(hex("900000000000000000000000bede000510000000"), 0, 20));
        // one-byte element claiming 16 bytes in a 4-byte block
        assertEquals(RtpParseStatus.BAD_EXTENSION, p.wrap(hex("900000000000000000000000bede00011f000000"), 0, 20));
        assertEquals(RtpParseStatus.BAD_PADDING, p.wrap(hex("a000000000000000000000000000"), 0, 14));
        assertEquals(RtpParseStatus.BAD_PADDING, p.wrap(hex("a000000000000000000000000009"), 0, 14));
    }

    @Test
    void writerOutputParsesBackToTheSameFields() {
        RtpHeaderWriter w = new RtpHeaderWriter().marker(true).payloadType(111).sequenceNumber(65535)
                .timestamp(0xFFFFFFF0L).ssrc(0x01020304L).csrcs(7, 8).extension(1, new byte[] {'a'})
                .extension(3, new byte[] {0, 42});
        byte[] buf = new byte[100];
        int n = w.write(buf, 0);
        assertEquals(w.headerLength(), n);
        RtpPacket p = new RtpPacket();
        assertEquals(RtpParseStatus.OK, p.wrap(buf, 0, n + 10));
        assertEquals(0xBEDE, p.extensionProfile());
        assertEquals(111, p.payloadType());
        assertEquals(65535, p.sequenceNumber());
        assertEquals(0xFFFFFFF0L, p.timestamp());
        assertEquals(8, p.csrc(1));
        assertEquals(42, buf[RtpHeaderExtensions.dataOffset(p.findExtension(3)) + 1]);
        assertEquals(10, p.payloadLength());

        w.extension(200, new byte[20]); // forces the two-byte form
        n = w.write(buf, 0);
        assertEquals(RtpParseStatus.OK, p.wrap(buf, 0, n));
        assertTrue(RtpHeaderExtensions.isTwoByte(p.extensionProfile()));
        assertEquals(20, RtpHeaderExtensions.dataLength(p.findExtension(200)));
        assertEquals(1, RtpHeaderExtensions.dataLength(p.findExtension(1)));
        assertEquals(n, RtpHeader.headerLength(buf, 0, n));
        assertFalse(RtpHeaderExtensions.isOneByte(p.extensionProfile()));
        assertThrows(IllegalArgumentException.class, () -> new RtpHeaderWriter().payloadType(128));
        assertThrows(IllegalArgumentException.class, () -> w.write(new byte[10], 0));
    }

    @Test
    void sequenceNumbersUnwrapAcrossTheWrapEvenReordered() {
        SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
        assertEquals(65534, u.unwrap(65534));
        assertEquals(65536, u.unwrap(0));
        assertEquals(65535, u.unwrap(65535), "late packet from before the wrap");
        assertEquals(65537, u.unwrap(1));
        assertEquals(65536 + 20000, u.unwrap(20000));
        assertEquals(65536 + 40000, u.unwrap(40000));
        assertEquals(65536 + 60000, u.unwrap(60000));
        assertEquals(2 * 65536 + 100, u.unwrap(100));
        assertEquals(65536 + 39000, u.unwrap(39000), "more than half the range behind is a late packet, not a jump");
    }

    @Test
    void timestampsUnwrapAcrossTheWrap() {
        TimestampUnwrapper u = new TimestampUnwrapper();
        assertEquals(0xFFFFFF00L, u.unwrap(0xFFFFFF00L));
        assertEquals((1L << 32) + 0x10, u.unwrap(0x10));
        assertEquals(0xFFFFFFF0L, u.unwrap(0xFFFFFFF0L));
        assertEquals((1L << 32) + 3000, u.unwrap(3000));
    }
}
