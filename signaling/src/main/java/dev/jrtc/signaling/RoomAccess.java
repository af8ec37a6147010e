package dev.jrtc.signaling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Decides whether a client may join a room with the token it sent in its {@code join} message
 * ({@code "token":"..."}, null when absent). Set one in {@link SignalingSettings#withRoomAccess}; without one every
 * room is open to every client that passed the Origin and Host checks.
 */
@FunctionalInterface
public interface RoomAccess {
    /** True when {@code token} (null when the client sent none) lets its holder join {@code room}. Must not block. */
    boolean mayJoin(String room, String token);

    /** One shared secret for every room. */
    static RoomAccess token(String secret) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("the room token must be non-empty");
        byte[] expected = secret.getBytes(StandardCharsets.UTF_8);
        return (room, token) -> token != null && MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8));
    }

    /** A secret per room; rooms not in the map cannot be joined. */
    static RoomAccess tokens(Map<String, String> secretByRoom) {
        if (secretByRoom == null) throw new IllegalArgumentException("secretByRoom is required");
        Map<String, String> copy = Map.copyOf(secretByRoom);
        return (room, token) -> {
            String secret = copy.get(room);
            // MessageDigest.isEqual does not stop at the first differing byte, so the time taken reveals no prefix.
            return secret != null && token != null
                    && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        };
    }
}
