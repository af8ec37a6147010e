package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict flat-JSON reader and writer: what is accepted, what is rejected with which reason, and escaping. */
class FlatJsonTest {
    @Test
    void readsEveryValueKindInOrder() throws Exception {
        Map<String, Object> m = Json.parseObject(" {\"s\":\"a\\\"b\\\\c\\u00e9\\n\",\"i\":-12,\"d\":1.5e2,\"t\":true,\"f\":false,\"n\":null} ");
        assertEquals(List.of("s", "i", "d", "t", "f", "n"), List.copyOf(m.keySet()));
        assertEquals("a\"b\\c\u00e9\n", m.get("s"));
        assertEquals(-12L, m.get("i"));
        assertEquals(150.0, m.get("d"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertEquals(Json.NULL, m.get("n"));
    }

    @Test
    void rejectsWhatTheProtocolNeverSendsNamingTheProblem() {
        assertReason("[1]", "expected '{'");
        assertReason("{\"a\":{}}", "nested objects and arrays");
        assertReason("{\"a\":1,\"a\":2}", "duplicate member \"a\"");
        assertReason("{\"a\":01}", "expected ',' or '}'");
        assertReason("{\"a\":\"x\ty\"}", "unescaped control character");
        assertReason("{\"a\":\"\\q\"}", "invalid escape");
        assertReason("{\"a\":1} x", "trailing characters");
        assertReason("{\"a\":1e999}", "out of range");
        assertReason("", "unexpected end of input");
        assertReason("{a:1}", "member name string");
    }

    @Test
    void writesEscapedTextThatReadsBack() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sdp", "v=0\r\n\"q\"\\ \u2028 \u0001 \ud800 \ud83d\ude00");
        m.put("n", 0L);
        m.put("members", List.of(Map.of("id", "p1")));
        String written = Json.write(m);
        assertEquals("{\"sdp\":\"v=0\\r\\n\\\"q\\\"\\\\ \\u2028 \\u0001 \\ud800 \ud83d\ude00\",\"n\":0,\"members\":[{\"id\":\"p1\"}]}", written);
        m.remove("members");
        assertEquals(m, Json.parseObject(Json.write(m)));
    }

    @Test
    void refusesToWriteValuesOutsideTheProtocol() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("x", new Object())));
        assertTrue(e.getMessage().contains("member \"x\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of("x", Double.NaN)));
    }

    private static void assertReason(String text, String part) {
        JsonParseException e = assertThrows(JsonParseException.class, () -> Json.parseObject(text));
        assertTrue(e.getMessage().contains(part), "for " + text + ": " + e.getMessage());
    }
}
