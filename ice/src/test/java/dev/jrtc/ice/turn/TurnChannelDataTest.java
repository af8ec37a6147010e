package dev.jrtc.ice.turn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** ChannelData framing (RFC 8656 §12.4) and the receive-side padding and length rules over UDP (§12.5, §12.6). */
class TurnChannelDataTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesHeaderAndDataWithoutPaddingOverUdp() {
        byte[] wire = new TurnChannelData(0x4001, new byte[] {1, 2, 3, 4, 5}).encode();
        assertEquals("400100050102030405", HEX.formatHex(wire), "no padding bytes after 5 data bytes over UDP");
    }

    @Test
    void decodesWhatItEncodes() {
        TurnChannelData cd = new TurnChannelData(0x4FFF, new byte[] {9, 8, 7});
        byte[] wire = cd.encode();
        assertEquals(cd, TurnChannelData.decode(wire, 0, wire.length));
    }

    @Test
    void acceptsUpToThreeBytesOfPadding() {
        for (int pad = 0; pad <= 3; pad++) {
            byte[] wire = HEX.parseHex("400000050102030405000000".substring(0, 18 + 2 * pad));
            TurnChannelData cd = TurnChannelData.decode(wire, 0, wire.length);
            assertNotNull(cd, "padding of " + pad);
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, cd.data());
        }
    }

    @Test
    void rejectsMoreThanPadding() {
        byte[] wire = HEX.parseHex("40000001aa00000000");
        assertNull(TurnChannelData.decode(wire, 0, wire.length), "4 bytes after 1 data byte are not padding");
    }

    @Test
    void discardsDatagramShorterThanItsLengthField() {
        byte[] wire = HEX.parseHex("40000008010203");
        assertNull(TurnChannelData.decode(wire, 0, wire.length));
        assertNull(TurnChannelData.decode(HEX.parseHex("4000"), 0, 2), "shorter than the header");
    }

    @Test
    void rejectsReservedChannelNumbersOnDecodeAndEncode() {
        byte[] wire = HEX.parseHex("5000000101");
        assertNull(TurnChannelData.decode(wire, 0, wire.length), "0x5000.. is reserved");
        assertThrows(IllegalArgumentException.class, () -> new TurnChannelData(0x5000, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new TurnChannelData(0x3FFF, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new TurnChannelData(0x4000, new byte[65536]));
    }

    @Test
    void decodesAtAnOffsetAndCarriesEmptyData() {
        byte[] wire = HEX.parseHex("ffff40420000");
        TurnChannelData cd = TurnChannelData.decode(wire, 2, 4);
        assertEquals(0x4042, cd.channel());
        assertEquals(0, cd.data().length);
    }

    @Test
    void firstByteRangeMatchesRfc7983() {
        assertTrue(TurnChannelData.isChannelData(64));
        assertTrue(TurnChannelData.isChannelData(79));
        assertFalse(TurnChannelData.isChannelData(80));
        assertFalse(TurnChannelData.isChannelData(63));
        assertFalse(TurnChannelData.isChannelData(0));
    }
}
