package dev.jrtc.signaling;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes what a client controls: the text of its messages. Any text is either one flat object or a
 * {@link JsonParseException} (nothing else escapes), and what parses writes back to the same object; any sequence of
 * messages from three clients is answered without an exception, every reply is well-formed JSON, and the limits
 * hold. Seeds: every message type of the protocol, and broken variants.
 */
class SignalingMessageFuzzTest {
    private static final String MEMBERS = "\"members\":\\[.*\\]";

    @FuzzTest(maxDuration = "20s")
    void anyTextIsOneFlatObjectOrAJsonParseException(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Map<String, Object> parsed;
        try {
            parsed = Json.parseObject(text);
        } catch (JsonParseException e) {
            if (e.position() < 0 || e.position() > text.length()) throw new AssertionError("position out of range: " + e);
            return;
        }
        String written = Json.write(parsed);
        Map<String, Object> again;
        try {
            again = Json.parseObject(written);
        } catch (JsonParseException e) {
            throw new AssertionError("cannot read back what was written: " + written, e);
        }
        if (!sameValues(parsed, again)) throw new AssertionError("round trip changed " + parsed + " into " + again);
    }

    @FuzzTest(maxDuration = "20s")
    void anyMessageSequenceIsAnsweredWithoutAnException(byte[] data) {
        SignalingSettings settings = SignalingSettings.defaults().withMaxMembersPerRoom(2).withMaxRooms(2).withMaxMessageChars(2048);
        SignalingStats stats = new SignalingStats();
        RoomDispatcher dispatcher = new RoomDispatcher(settings, stats);
        List<String> replies = new ArrayList<>();
        PeerSession[] peers = {new PeerSession("p1", replies::add), new PeerSession("p2", replies::add),
                new PeerSession("p3", replies::add)};
        String[] messages = new String(data, StandardCharsets.UTF_8).split("\n", 16);
        for (int i = 0; i < messages.length; i++) {
            dispatcher.handleText(peers[i % peers.length], messages[i]);
            if (dispatcher.roomCount() > 2) throw new AssertionError("room limit broken");
        }
        for (String reply : replies) {
            try {
                Map<String, Object> m = Json.parseObject(reply.replaceAll(MEMBERS, "\"members\":null"));
                if (!(m.get("type") instanceof String)) throw new AssertionError("reply without a type: " + reply);
            } catch (JsonParseException e) {
                throw new AssertionError("malformed reply " + reply, e);
            }
        }
        for (PeerSession p : peers) dispatcher.handleClose(p);
        if (dispatcher.roomCount() != 0) throw new AssertionError("rooms left after everyone closed");
    }

    private static boolean sameValues(Map<String, Object> a, Map<String, Object> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (Map.Entry<String, Object> e : a.entrySet()) {
            Object x = e.getValue();
            Object y = b.get(e.getKey());
            if (x == Json.NULL ? y != Json.NULL : !x.equals(y)) {
                if (!(x instanceof Double dx && y instanceof Number ny && dx == ny.doubleValue())) return false;
            }
        }
        return true;
    }
}
