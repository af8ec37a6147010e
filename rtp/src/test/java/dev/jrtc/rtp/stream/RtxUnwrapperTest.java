package dev.jrtc.rtp.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RTX (RFC 4588 §4) back into the original stream, from hand-assembled packets. */
class RtxUnwrapperTest {
    private static final HexFormat HEX = HexFormat.of();

    private static RtxUnwrapper unwrapper() {
        RtxUnwrapper u = new RtxUnwrapper();
        u.addStream(0xAABBCCDDL, 0x01020304L);
        u.addPayloadType(97, 96);
        return u;
    }

    @Test
    void osnBecomesTheSequenceNumberAndSsrcAndPayloadTypeTheOriginals() {
        // V=2 M=1 PT=97 seq=0x0102 ts=0x0A0B0C0D ssrc=AABBCCDD | OSN 0x1234 | payload 11 22 33
        byte[] rtx = HEX.parseHex("80e10102" + "0a0b0c0d" + "aabbccdd" + "1234" + "112233");
        int n = unwrapper().unwrap(rtx, 0, rtx.length);
        assertEquals(15, n);
        assertArrayEquals(HEX.parseHex("80e01234" + "0a0b0c0d" + "01020304" + "112233"), Arrays.copyOf(rtx, n));
    }

    @Test
    void paddingOnlyProbesAreReportedAsPadding() {
        // Chrome's padding probes: no payload, 4 bytes of padding (P bit set, count 4).
        RtxUnwrapper u = unwrapper();
        byte[] probe = HEX.parseHex("a0610001" + "00000000" + "aabbccdd" + "00000004");
        assertEquals(RtxUnwrapper.PADDING, u.unwrap(probe, 0, probe.length));
        assertEquals(1, u.padding());
    }

    @Test
    void unknownStreamsAndMalformedPacketsAreInvalidAndUntouched() {
        RtxUnwrapper u = unwrapper();
        byte[] unknownSsrc = HEX.parseHex("80610001" + "00000000" + "99999999" + "1234ff");
        byte[] copy = unknownSsrc.clone();
        assertEquals(RtxUnwrapper.INVALID, u.unwrap(unknownSsrc, 0, unknownSsrc.length));
        assertArrayEquals(copy, unknownSsrc);
        byte[] unknownPt = HEX.parseHex("80620001" + "00000000" + "aabbccdd" + "1234ff");
        assertEquals(RtxUnwrapper.INVALID, u.unwrap(unknownPt, 0, unknownPt.length));
        byte[] badPadding = HEX.parseHex("a0610001" + "00000000" + "aabbccdd" + "123440");
        assertEquals(RtxUnwrapper.INVALID, u.unwrap(badPadding, 0, badPadding.length));
        assertEquals(RtxUnwrapper.INVALID, u.unwrap(new byte[5], 0, 5));
        assertEquals(4, u.invalid());
    }

    @Test
    void headerExtensionsAndAnOffsetAreKept() {
        // One-byte extension block (0xBEDE, 1 word: id 3 len 2 -> 3 bytes of data incl. padding) at offset 4.
        byte[] buf = HEX.parseHex("ffffffff" + "90610007" + "00000001" + "aabbccdd" + "bede0001" + "31abcd00" + "00ff" + "99");
        int n = unwrapper().unwrap(buf, 4, buf.length - 4);
        assertEquals(21, n);
        assertArrayEquals(HEX.parseHex("ffffffff" + "906000ff" + "00000001" + "01020304" + "bede0001" + "31abcd00" + "99"),
                Arrays.copyOf(buf, 4 + n));
    }
}
