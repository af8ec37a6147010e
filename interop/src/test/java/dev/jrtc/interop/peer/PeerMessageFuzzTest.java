package dev.jrtc.interop.peer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes what a peer program controls: the lines it writes to stdout. Any line decodes to exactly one
 * {@link PeerMessage} without an exception, and reading an answer's fields either works or fails as the protocol
 * error {@link IllegalArgumentException} that RemotePeer turns into a PeerException. Seeds: every line kind of the
 * protocol from the real peers, and broken variants.
 */
class PeerMessageFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void anyLineDecodesWithoutAnException(byte[] data) {
        String line = new String(data, StandardCharsets.UTF_8);
        PeerMessage m = PeerMessage.parse(line);
        if (m == null) throw new AssertionError("null for " + line);
        if (m instanceof PeerMessage.Answer a) {
            JsonObject body = a.body();
            for (String key : new String[] {"sdp", "connectionState", "audioPackets", "videoPackets", "error", "id"}) {
                PeerMessage.text(body, key);
                try {
                    PeerMessage.number(body, key, 0);
                } catch (IllegalArgumentException e) {
                    // the protocol error the caller reports
                }
            }
        } else if (m instanceof PeerMessage.Event e && e.type() == null) {
            throw new AssertionError("an event without a type: " + line);
        }
    }
}
