package dev.jrtc.interop.peer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * One line a peer program wrote to stdout, decoded per the line protocol of this package: its {@code ready} line,
 * an event, the answer to a request, or something else (a library printing to stdout, a broken line). Decoding never
 * throws: whatever a peer prints is data.
 */
sealed interface PeerMessage {
    /** {@code {"event":"ready","stack":...,"version":...}}: the program is up. */
    record Ready(String stack, String version) implements PeerMessage {
    }

    /** {@code {"event":"channel-open","label":...}} and the other events; label and state may be null. */
    record Event(String type, String label, String state) implements PeerMessage {
    }

    /** {@code {"id":n,...}}: the answer to request n, its fields in {@code body}; {@code error} when it failed. */
    record Answer(long id, String error, JsonObject body) implements PeerMessage {
    }

    /** Not part of the protocol; {@code why} says what is wrong with it. */
    record Other(String why) implements PeerMessage {
    }

    static PeerMessage parse(String line) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(line);
            if (!e.isJsonObject()) return new Other("not a JSON object");
            o = e.getAsJsonObject();
        } catch (RuntimeException e) { // Gson: JsonParseException, also for nesting beyond its limit of 255
            return new Other("not JSON: " + e.getClass().getSimpleName());
        }
        String event = text(o, "event");
        if (event != null) {
            if (event.equals("ready")) return new Ready(orEmpty(text(o, "stack")), orEmpty(text(o, "version")));
            return new Event(event, text(o, "label"), text(o, "state"));
        }
        JsonElement id = o.get("id");
        if (id instanceof JsonPrimitive p && p.isNumber()) {
            long n;
            try {
                n = p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return new Other("id is not a whole number: " + p);
            }
            JsonElement error = o.get("error");
            return new Answer(n, error == null || error.isJsonNull() ? null : error.isJsonPrimitive() ? error.getAsString()
                    : error.toString(), o);
        }
        if (o.has("error")) return new Other("error without a request id: " + o.get("error"));
        return new Other("neither an event nor an answer");
    }

    /** The field as a string: a JSON string's text, another primitive's literal, or null when absent, null or not a primitive. */
    static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e instanceof JsonPrimitive p ? p.getAsString() : null;
    }

    /** The field as a whole number, or {@code fallback} when absent or null; anything else is a protocol error. */
    static long number(JsonObject o, String key, long fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            try {
                return p.getAsBigDecimal().longValueExact();
            } catch (ArithmeticException | NumberFormatException x) {
                throw new IllegalArgumentException(key + " is not a whole number: " + e);
            }
        }
        throw new IllegalArgumentException(key + " is not a number: " + e);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
