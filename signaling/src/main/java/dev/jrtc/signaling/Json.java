package dev.jrtc.signaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader and writer for the flat JSON objects (RFC 8259) of the signaling protocol.
 *
 * <p>The reader accepts exactly one object whose values are strings, numbers, {@code true}, {@code false} or
 * {@code null} (nested objects and arrays are rejected: the protocol never sends them to the server), with unique
 * keys and at most {@value #MAX_MEMBERS} members, optionally surrounded by whitespace. Numbers come back as
 * {@link Long} when integral and in range, otherwise as {@link Double}; {@code null} comes back as
 * {@link #NULL}. The writer additionally emits lists of flat maps (the {@code members} of {@code joined}).
 */
final class Json {
    /** The value a JSON {@code null} is read as (maps cannot hold Java null values usefully). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The most members one object may have. */
    public static final int MAX_MEMBERS = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text} as one flat JSON object.
     *
     * @return the members in input order, unmodifiable
     * @throws JsonParseException for anything else, naming the problem and its offset
     */
    public static Map<String, Object> parseObject(String text) throws JsonParseException {
        if (text == null) throw new JsonParseException("no text", 0);
        Json p = new Json(text);
        p.skipWhitespace();
        Map<String, Object> result = p.readObject();
        p.skipWhitespace();
        if (p.pos != text.length()) throw new JsonParseException("trailing characters after the object", p.pos);
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Object> readObject() throws JsonParseException {
        expect('{');
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw new JsonParseException("expected a member name string", pos);
            int keyAt = pos;
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue();
            if (members.containsKey(key)) throw new JsonParseException("duplicate member \"" + abbreviate(key) + "\"", keyAt);
            if (members.size() == MAX_MEMBERS) throw new JsonParseException("more than " + MAX_MEMBERS + " members", keyAt);
            members.put(key, value);
            skipWhitespace();
            int c = peek();
            pos++;
            if (c == '}') return members;
            if (c != ',') throw new JsonParseException("expected ',' or '}'", pos - 1);
        }
    }

    private Object readValue() throws JsonParseException {
        int c = peek();
        switch (c) {
            case '"':
                return readString();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            case '{':
            case '[':
                throw new JsonParseException("nested objects and arrays are not accepted", pos);
            case -1:
                throw new JsonParseException("unexpected end of input, expected a value", pos);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return readNumber();
                throw new JsonParseException("unexpected character '" + printable(c) + "', expected a value", pos);
        }
    }

    private Object readNumber() throws JsonParseException {
        int start = pos;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw new JsonParseException("malformed number", start);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) throw new JsonParseException("malformed number: digits must follow '.'", start);
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw new JsonParseException("malformed number: digits must follow the exponent", start);
            while (isDigit(peek())) pos++;
        }
        if (pos - start > 40) throw new JsonParseException("number longer than 40 characters", start);
        String number = text.substring(start, pos);
        if (integral) {
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                // out of long range: fall through to double
            }
        }
        double d = Double.parseDouble(number);
        if (Double.isInfinite(d)) throw new JsonParseException("number out of range", start);
        return d;
    }

    private String readString() throws JsonParseException {
        int start = pos;
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw new JsonParseException("unterminated string", start);
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) throw new JsonParseException("unescaped control character in string", pos - 1);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw new JsonParseException("unterminated escape", pos);
            char e = text.charAt(pos++);
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u': sb.append(readHex4()); break;
                default: throw new JsonParseException("invalid escape '\\" + printable(e) + "'", pos - 2);
            }
        }
    }

    private char readHex4() throws JsonParseException {
        if (pos + 4 > text.length()) throw new JsonParseException("truncated \\u escape", pos);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) throw new JsonParseException("invalid hex digit in \\u escape", pos + i);
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private void literal(String word) throws JsonParseException {
        if (!text.startsWith(word, pos)) throw new JsonParseException("invalid literal, expected " + word, pos);
        pos += word.length();
    }

    private void expect(char c) throws JsonParseException {
        int got = peek();
        if (got != c) {
            throw new JsonParseException(got < 0 ? "unexpected end of input, expected '" + c + "'"
                    : "expected '" + c + "' but found '" + printable(got) + "'", pos);
        }
        pos++;
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static String printable(int c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c);
    }

    private static String abbreviate(String s) {
        return s.length() <= 32 ? s : s.substring(0, 32) + "...";
    }

    // ============================================================================================== writing

    /**
     * Writes {@code object} as JSON. Values may be {@link String}, {@link Number} (finite), {@link Boolean},
     * {@code null} or {@link #NULL}, or a {@link List} of such maps.
     *
     * @throws IllegalArgumentException for a value of another type or a non-finite number
     */
    public static String write(Map<String, ?> object) {
        StringBuilder sb = new StringBuilder(64);
        writeObject(sb, object, true);
        return sb.toString();
    }

    private static void writeObject(StringBuilder sb, Map<String, ?> object, boolean allowLists) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, ?> e : object.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            writeString(sb, e.getKey());
            sb.append(':');
            writeValue(sb, e.getKey(), e.getValue(), allowLists);
        }
        sb.append('}');
    }

    private static void writeValue(StringBuilder sb, String key, Object v, boolean allowLists) {
        if (v == null || v == NULL) {
            sb.append("null");
        } else if (v instanceof String s) {
            writeString(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) throw new IllegalArgumentException("member \"" + key + "\": non-finite number " + d);
            sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d));
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            sb.append(((Number) v).longValue());
        } else if (v instanceof List<?> list && allowLists) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) sb.append(',');
                if (!(list.get(i) instanceof Map<?, ?> m)) {
                    throw new IllegalArgumentException("member \"" + key + "\": list elements must be maps");
                }
                @SuppressWarnings("unchecked")
                Map<String, ?> element = (Map<String, ?>) m;
                writeObject(sb, element, false);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("member \"" + key + "\": cannot write a " + v.getClass().getName());
        }
    }

    /** True when the surrogate at {@code i} is half of a well-formed pair (a lone one would not survive UTF-8). */
    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    // Escape controls, U+2028/2029 (so the text is also safe inside a <script>) and lone surrogates.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || (Character.isSurrogate(c) && !pairedAt(s, i))) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
