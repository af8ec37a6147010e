package dev.jrtc.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The room protocol over real WebSockets (the JDK client): membership, relay with "from", and every error reply. */
class SignalingRoomsTest {
    private SignalingServer server;
    private HttpClient http;
    private java.util.concurrent.ExecutorService executor;
    private int port;

    @BeforeEach
    void start() {
        server = new SignalingServer(SignalingSettings.defaults().withMaxMembersPerRoom(3).withMaxMessageChars(4096), null);
        port = server.start().getPort();
        executor = java.util.concurrent.Executors.newFixedThreadPool(2);
        http = HttpClient.newBuilder().executor(executor).build();
    }

    @AfterEach
    void stop() {
        server.close();
        executor.shutdownNow(); // HttpClient.close() is Java 21+
    }

    private TestClient client() throws Exception {
        return new TestClient(http, port);
    }

    @Test
    void joinListsExistingMembersAndAnnouncesTheNewcomer() throws Exception {
        try (TestClient alice = client(); TestClient bob = client()) {
            String aliceId = alice.join("r1", "alice");
            bob.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"bob\"}");
            String joined = bob.nextRaw();
            Map<String, Object> j = Json.parseObject(joined.replaceAll("\"members\":\\[.*\\]", "\"members\":null"));
            String bobId = (String) j.get("id");
            assertEquals("{\"type\":\"joined\",\"room\":\"r1\",\"id\":\"" + bobId + "\",\"members\":[{\"id\":\""
                    + aliceId + "\",\"name\":\"alice\"}]}", joined);
            assertEquals("{\"type\":\"member-joined\",\"id\":\"" + bobId + "\",\"name\":\"bob\"}", alice.nextRaw());
            assertEquals(1, server.roomCount());
            assertEquals(2, server.memberCount("r1"));
        }
    }

    @Test
    void leaveTellsTheOthersAndEmptyRoomsDisappear() throws Exception {
        try (TestClient alice = client(); TestClient bob = client()) {
            alice.join("r1", "alice");
            String bobId = bob.join("r1", "bob");
            alice.next(); // member-joined
            bob.send("{\"type\":\"leave\"}");
            assertEquals(Map.of("type", "left", "room", "r1"), bob.next());
            assertEquals(Map.of("type", "member-left", "id", bobId), alice.next());
            alice.send("{\"type\":\"leave\"}");
            alice.next();
            assertEquals(0, server.roomCount());
        }
    }

    @Test
    void closingTheSocketLeavesTheRoom() throws Exception {
        try (TestClient alice = client()) {
            alice.join("r1", "alice");
            TestClient bob = client();
            String bobId = bob.join("r1", "bob");
            alice.next();
            bob.abort();
            assertEquals(Map.of("type", "member-left", "id", bobId), alice.next());
            assertEquals(1, server.memberCount("r1"));
        }
    }

    @Test
    void offerAnswerCandidateAndByeAreRelayedWithFrom() throws Exception {
        try (TestClient alice = client(); TestClient bob = client()) {
            String aliceId = alice.join("r1", "alice");
            String bobId = bob.join("r1", "bob");
            alice.next();
            alice.send("{\"type\":\"offer\",\"to\":\"" + bobId + "\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}");
            assertEquals("{\"type\":\"offer\",\"from\":\"" + aliceId + "\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\n\"}", bob.nextRaw());
            bob.send("{\"type\":\"answer\",\"to\":\"" + aliceId + "\",\"sdp\":\"v=0\"}");
            assertEquals(Map.of("type", "answer", "from", bobId, "sdp", "v=0"), alice.next());
            alice.send("{\"type\":\"candidate\",\"to\":\"" + bobId + "\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\","
                    + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
            assertEquals(Map.of("type", "candidate", "from", aliceId, "candidate", "candidate:1 1 udp 1 127.0.0.1 9 typ host",
                    "sdpMid", "0", "sdpMLineIndex", 0L), bob.next());
            // a forged "from" is replaced by the sender's real id
            bob.send("{\"type\":\"bye\",\"to\":\"" + aliceId + "\",\"from\":\"someone-else\"}");
            assertEquals(Map.of("type", "bye", "from", bobId), alice.next());
            assertEquals(4, server.stats().messagesRelayed());
        }
    }

    @Test
    void relayToAnUnknownMemberOrOutsideARoomIsAnError() throws Exception {
        try (TestClient alice = client(); TestClient carol = client()) {
            carol.send("{\"type\":\"offer\",\"to\":\"p1\",\"sdp\":\"x\"}");
            assertError(carol.next(), "join a room first");
            String aliceId = alice.join("r1", "alice");
            alice.send("{\"type\":\"offer\",\"to\":\"nobody\",\"sdp\":\"x\"}");
            assertError(alice.next(), "no member \"nobody\"");
            alice.send("{\"type\":\"offer\",\"to\":\"" + aliceId + "\",\"sdp\":\"x\"}");
            assertError(alice.next(), "no member");
            alice.send("{\"type\":\"offer\",\"sdp\":\"x\"}");
            assertError(alice.next(), "\"to\"");
            // a member of another room is not reachable
            String carolId = carol.join("r2", "carol");
            alice.send("{\"type\":\"offer\",\"to\":\"" + carolId + "\",\"sdp\":\"x\"}");
            assertError(alice.next(), "no member");
            assertTrue(carol.quietFor(200));
            assertEquals(0, server.stats().messagesRelayed());
            assertEquals(5, server.stats().errors());
        }
    }

    @Test
    void malformedJsonUnknownTypeAndOversizeAreAnsweredWithErrorsAndCounted() throws Exception {
        try (TestClient alice = client()) {
            alice.send("{not json");
            assertError(alice.next(), "malformed JSON");
            alice.send("[1,2]");
            assertError(alice.next(), "malformed JSON");
            alice.send("{\"type\":\"dance\"}");
            assertError(alice.next(), "unknown message type \"dance\"");
            alice.send("{\"type\":7}");
            assertError(alice.next(), "string \"type\"");
            alice.send("{\"type\":\"join\",\"room\":\"" + "x".repeat(5000) + "\",\"name\":\"a\"}");
            assertError(alice.next(), "exceeds the limit of 4096");
            alice.send("{\"type\":\"join\",\"room\":\"bad room!\",\"name\":\"a\"}");
            assertError(alice.next(), "\"room\" must be");
            alice.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"" + "n".repeat(65) + "\"}");
            assertError(alice.next(), "\"name\" must be");
            alice.send("{\"type\":\"leave\"}");
            assertError(alice.next(), "not in a room");
            assertEquals(8, server.stats().errors());
            // still served after all that
            alice.join("r1", "alice");
            alice.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"again\"}");
            assertError(alice.next(), "already in room");
        }
    }

    @Test
    void aFrameFarBeyondTheLimitClosesTheSocketWithStatus1009() throws Exception {
        try (TestClient alice = client()) {
            alice.send("x".repeat(4 * 4096 + 1));
            assertEquals(1009, alice.closed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFullRoomRefusesTheNextMember() throws Exception {
        try (TestClient a = client(); TestClient b = client(); TestClient c = client(); TestClient d = client()) {
            a.join("r1", "a");
            b.join("r1", "b");
            c.join("r1", "c");
            d.send("{\"type\":\"join\",\"room\":\"r1\",\"name\":\"d\"}");
            assertError(d.next(), "is full (3 members)");
            assertEquals(3, server.memberCount("r1"));
            d.join("r2", "d"); // other rooms are still open
        }
    }

    @Test
    void theRoomLimitRefusesNewRooms() throws Exception {
        server.close();
        server = new SignalingServer(SignalingSettings.defaults().withMaxRooms(1), null);
        port = server.start().getPort();
        try (TestClient a = client(); TestClient b = client()) {
            a.join("r1", "a");
            b.send("{\"type\":\"join\",\"room\":\"r2\",\"name\":\"b\"}");
            assertError(b.next(), "maximum of 1 rooms");
            b.join("r1", "b");
        }
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() throws Exception {
        server.close();
        server = new SignalingServer(SignalingSettings.defaults().withPing(java.time.Duration.ofMillis(100), 2), null);
        port = server.start().getPort();
        try (TestClient a = client()) {
            a.join("r1", "a");
            Thread.sleep(700); // seven ping intervals; the JDK client answers each ping with a pong
            assertTrue(!a.closed.isDone(), "closed although it answered pings");
            a.send("{\"type\":\"leave\"}");
            assertEquals("left", a.next().get("type"));
        }
    }

    private static void assertError(Map<String, Object> message, String reasonPart) {
        assertEquals("error", message.get("type"), message.toString());
        assertTrue(String.valueOf(message.get("reason")).contains(reasonPart), "reason was: " + message.get("reason"));
    }
}
