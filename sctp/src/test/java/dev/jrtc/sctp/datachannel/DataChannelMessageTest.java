package dev.jrtc.sctp.datachannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DCEP (RFC 8832 §5) against the byte layout of the RFC diagram. */
class DataChannelMessageTest {
    @Test
    void openForAReliableOrderedChannelNamedChat() {
        byte[] wire = HexFormat.of().parseHex("03" + "00" + "0000" + "00000000" + "0004" + "0000" + "63686174");
        DataChannelMessage.Open open = (DataChannelMessage.Open) DataChannelMessage.decode(wire, 0, wire.length).orElseThrow();
        assertEquals("chat", open.label());
        assertEquals("", open.protocol());
        assertTrue(open.ordered());
        assertArrayEquals(wire, open.encode());
    }

    @Test
    void unorderedPartialReliabilityAndAck() {
        DataChannelMessage.Open open = new DataChannelMessage.Open(0x81, 256, 3, "game-state", "json");
        byte[] wire = open.encode();
        assertEquals(open, DataChannelMessage.decode(wire, 0, wire.length).orElseThrow());
        assertTrue(!open.ordered());
        assertEquals(new DataChannelMessage.Ack(), DataChannelMessage.decode(new byte[] {2}, 0, 1).orElseThrow());
    }

    @Test
    void malformedMessagesDecodeToNothing() {
        assertTrue(DataChannelMessage.decode(new byte[0], 0, 0).isEmpty());
        assertTrue(DataChannelMessage.decode(new byte[] {2, 0}, 0, 2).isEmpty());
        assertTrue(DataChannelMessage.decode(new byte[] {3, 0, 0}, 0, 3).isEmpty());
        byte[] lengthsWrong = HexFormat.of().parseHex("030000000000000000050000636861");
        assertTrue(DataChannelMessage.decode(lengthsWrong, 0, lengthsWrong.length).isEmpty());
        byte[] badType = HexFormat.of().parseHex("0307000000000000" + "00000000");
        assertTrue(DataChannelMessage.decode(badType, 0, badType.length).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new DataChannelMessage.Open(0x05, 0, 0, "", ""));
    }
}
