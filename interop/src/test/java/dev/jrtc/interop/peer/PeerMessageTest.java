package dev.jrtc.interop.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The line protocol's decoding (see the package documentation): what each kind of line becomes. */
class PeerMessageTest {
    @Test
    void readyEventsAndAnswers() {
        assertEquals(new PeerMessage.Ready("pion/webrtc", "v3.1.56"),
                PeerMessage.parse("{\"event\":\"ready\",\"stack\":\"pion/webrtc\",\"version\":\"v3.1.56\"}"));
        assertEquals(new PeerMessage.Event("channel-open", "echo", null),
                PeerMessage.parse("{\"event\":\"channel-open\",\"label\":\"echo\",\"id\":1,\"ordered\":true}"));
        assertEquals(new PeerMessage.Event("connection-state", null, "connected"),
                PeerMessage.parse("{\"event\":\"connection-state\",\"state\":\"connected\"}"));
        PeerMessage.Answer a = assertInstanceOf(PeerMessage.Answer.class, PeerMessage.parse("{\"id\":2,\"sdp\":\"v=0\\r\\n\"}"));
        assertEquals(2, a.id());
        assertNull(a.error());
        assertEquals("v=0\r\n", PeerMessage.text(a.body(), "sdp"));
        PeerMessage.Answer failed = assertInstanceOf(PeerMessage.Answer.class,
                PeerMessage.parse("{\"id\":3,\"error\":\"no channel 'x'\"}"));
        assertEquals("no channel 'x'", failed.error());
        // Python's json writes a space after the colon; numbers may come as 3.0 from JavaScript.
        assertEquals(3, assertInstanceOf(PeerMessage.Answer.class, PeerMessage.parse("{\"id\": 3.0}")).id());
    }

    @Test
    void anythingElseIsOther() {
        for (String line : new String[] {"", "hello from a library", "[1,2]", "{\"id\":\"1\"}", "{\"id\":1.5}",
                "{\"id\":1e40}", "{\"error\":\"x\"}", "{}", "{\"id\":", "[".repeat(10_000), "{\"event\":{}}"}) {
            assertInstanceOf(PeerMessage.Other.class, PeerMessage.parse(line), line.length() > 40 ? line.substring(0, 40) : line);
        }
    }

    @Test
    void numbersAreWholeOrAProtocolError() {
        var body = ((PeerMessage.Answer) PeerMessage.parse("{\"id\":1,\"a\":5,\"b\":\"5\",\"c\":2.5,\"d\":null}")).body();
        assertEquals(5, PeerMessage.number(body, "a", 0));
        assertEquals(7, PeerMessage.number(body, "d", 7));
        assertEquals(7, PeerMessage.number(body, "missing", 7));
        assertThrows(IllegalArgumentException.class, () -> PeerMessage.number(body, "b", 0));
        assertThrows(IllegalArgumentException.class, () -> PeerMessage.number(body, "c", 0));
    }
}
