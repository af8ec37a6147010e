package dev.jrtc.ice.mdns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MdnsMessagesTest {
    private static final String NAME = "1f2e3d4c.local";

    @Test
    void queryIsOneQuestionForTheName() {
        assertArrayEquals(HexFormat.of().parseHex("000000000001000000000000" + "08" + "3166326533643463" + "056c6f63616c00" + "0001" + "0001"),
                MdnsMessages.query(NAME, MdnsMessages.TYPE_A));
    }

    @Test
    void answersRoundTripForIpv4AndIpv6() throws Exception {
        for (String ip : new String[] {"192.0.2.55", "2001:db8::5"}) {
            InetAddress a = InetAddress.getByName(ip);
            byte[] answer = MdnsMessages.answer(NAME, a, 120);
            assertEquals(Optional.of(a), MdnsMessages.addressFor(answer, answer.length, NAME.toUpperCase()));
            assertEquals(Optional.empty(), MdnsMessages.addressFor(answer, answer.length, "other.local"));
        }
    }

    @Test
    void followsCompressedNamesInAnswers() {
        // question "abc.local" then an answer whose name is a pointer to offset 12.
        byte[] msg = HexFormat.of().parseHex("0000840000010001000000000361626305" + "6c6f63616c00" + "00010001"
                + "c00c" + "0001" + "8001" + "00000078" + "0004" + "c0000237");
        assertEquals("192.0.2.55", MdnsMessages.addressFor(msg, msg.length, "abc.local").orElseThrow().getHostAddress());
    }

    @Test
    void malformedAnswersGiveNothing() {
        Random r = new Random(3);
        byte[] good = MdnsMessages.answer(NAME, InetAddress.getLoopbackAddress(), 1);
        for (int cut = 0; cut < good.length; cut++) {
            assertTrue(MdnsMessages.addressFor(good, cut, NAME).isEmpty(), "truncated at " + cut);
        }
        byte[] loop = HexFormat.of().parseHex("00008400000000010000000" + "0c00c00010001000000780004c0000237");
        assertTrue(MdnsMessages.addressFor(loop, loop.length, NAME).isEmpty(), "self-referencing pointer");
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(80)];
            r.nextBytes(junk);
            MdnsMessages.addressFor(junk, junk.length, NAME); // must not throw
        }
    }
}
