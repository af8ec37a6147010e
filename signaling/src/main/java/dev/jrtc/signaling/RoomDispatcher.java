package dev.jrtc.signaling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room protocol without any I/O: takes each client's text messages and closes, and answers through the
 * clients' {@link PeerSession} outbound consumers.
 *
 * <pre>
 * client -> server                                   server -> client(s)
 * {"type":"join","room":R,"name":N[,"token":T]}      joiner: {"type":"joined","room":R,"id":ID,"members":[{"id","name"}..]}
 *                                                    others: {"type":"member-joined","id":ID,"name":N}
 * {"type":"leave"}  (or the socket closes)           others: {"type":"member-left","id":ID}
 *                                                    leaver: {"type":"left","room":R}
 * {"type":"offer"|"answer"|"candidate"|"bye",        target: the same object without "to", with "from":ID
 *  "to":ID, ...sdp, candidate, sdpMid...}
 * anything malformed or not allowed                  sender: {"type":"error","reason":"..."}
 * </pre>
 *
 * Thread-safe: every method locks the dispatcher, so one instance can serve sockets on several event loops.
 * Bad input never throws; it is answered with an error and counted in {@link SignalingStats#errors()}.
 */
final class RoomDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RoomDispatcher.class);
    private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9_.\\-]+");
    private static final List<String> RELAYED = List.of("offer", "answer", "candidate", "bye");

    private final SignalingSettings settings;
    private final SignalingStats stats;
    private final Map<String, Room> rooms = new HashMap<>();

    public RoomDispatcher(SignalingSettings settings, SignalingStats stats) {
        if (settings == null || stats == null) throw new IllegalArgumentException("settings and stats are required");
        this.settings = settings;
        this.stats = stats;
    }

    /** Handles one text message from {@code peer}. */
    public synchronized void handleText(PeerSession peer, String text) {
        stats.messagesReceived.incrementAndGet();
        if (text.length() > settings.maxMessageChars()) {
            error(peer, "message of " + text.length() + " characters exceeds the limit of " + settings.maxMessageChars());
            return;
        }
        Map<String, Object> message;
        try {
            message = Json.parseObject(text);
        } catch (JsonParseException e) {
            LOG.debug("{}: malformed JSON: {}", peer, e.getMessage());
            error(peer, "malformed JSON"); // the parser's detail stays in the log
            return;
        }
        Object type = message.get("type");
        if (!(type instanceof String t)) {
            error(peer, "a message needs a string \"type\"");
            return;
        }
        switch (t) {
            case "join" -> join(peer, message);
            case "leave" -> {
                if (peer.room == null) {
                    error(peer, "leave: not in a room");
                } else {
                    String name = peer.room.name;
                    leave(peer);
                    peer.send(Json.write(ordered("type", "left", "room", name)));
                }
            }
            default -> {
                if (RELAYED.contains(t)) {
                    relay(peer, t, message);
                } else {
                    error(peer, "unknown message type \"" + abbreviate(t) + "\"");
                }
            }
        }
    }

    /** Counts and answers a message that was too large to be read at all. */
    public synchronized void handleOversize(PeerSession peer, long length) {
        stats.messagesReceived.incrementAndGet();
        error(peer, "message of " + length + " bytes exceeds the limit of " + settings.maxMessageChars());
    }

    /** Counts and answers a message dropped by the per-IP message rate limit. */
    public synchronized void handleRateLimited(PeerSession peer) {
        stats.messagesReceived.incrementAndGet();
        error(peer, "too many messages, slow down");
    }

    /** Counts and answers a message that is not text (binary frames are not part of the protocol). */
    public synchronized void handleBinary(PeerSession peer) {
        stats.messagesReceived.incrementAndGet();
        error(peer, "binary messages are not accepted, send JSON text");
    }

    /** The client is gone: it leaves its room, if any. Idempotent. */
    public synchronized void handleClose(PeerSession peer) {
        if (peer.room != null) leave(peer);
    }

    /** Rooms that exist now (a room exists while it has members). */
    public synchronized int roomCount() {
        return rooms.size();
    }

    /** Members of {@code room} now, 0 when it does not exist. */
    public synchronized int memberCount(String room) {
        Room r = rooms.get(room);
        return r == null ? 0 : r.size();
    }

    private void join(PeerSession peer, Map<String, Object> message) {
        if (peer.room != null) {
            error(peer, "join: already in room \"" + peer.room.name + "\", leave first");
            return;
        }
        if (!(message.get("room") instanceof String roomName) || roomName.isEmpty()
                || roomName.length() > settings.maxRoomLength() || !ROOM.matcher(roomName).matches()) {
            error(peer, "join: \"room\" must be 1.." + settings.maxRoomLength() + " characters of A-Z a-z 0-9 _ . -");
            return;
        }
        if (!(message.get("name") instanceof String name) || name.isEmpty()
                || name.length() > settings.maxNameLength() || !printable(name)) {
            error(peer, "join: \"name\" must be 1.." + settings.maxNameLength() + " characters without control characters");
            return;
        }
        RoomAccess access = settings.roomAccess();
        Object token = message.get("token");
        if (access != null && !access.mayJoin(roomName, token instanceof String t ? t : null)) {
            stats.joinsDenied.incrementAndGet();
            error(peer, "join: not allowed (a valid \"token\" is required)");
            return;
        }
        Room room = rooms.get(roomName);
        if (room == null) {
            if (rooms.size() >= settings.maxRooms()) {
                error(peer, "join: the server already has its maximum of " + settings.maxRooms() + " rooms");
                return;
            }
            room = new Room(roomName);
            rooms.put(roomName, room);
        } else if (room.size() >= settings.maxMembersPerRoom()) {
            error(peer, "join: room \"" + roomName + "\" is full (" + settings.maxMembersPerRoom() + " members)");
            return;
        }
        List<Map<String, Object>> members = new ArrayList<>();
        for (PeerSession m : room.members()) members.add(ordered("id", m.id(), "name", m.name));
        String announce = Json.write(ordered("type", "member-joined", "id", peer.id(), "name", name));
        for (PeerSession m : room.members()) m.send(announce);
        room.add(peer);
        peer.room = room;
        peer.name = name;
        Map<String, Object> joined = ordered("type", "joined", "room", roomName, "id", peer.id());
        joined.put("members", members);
        peer.send(Json.write(joined));
        LOG.debug("{} joined room {} ({} members)", peer, roomName, room.size());
    }

    private void leave(PeerSession peer) {
        Room room = peer.room;
        room.remove(peer);
        peer.room = null;
        if (room.size() == 0) {
            rooms.remove(room.name);
        } else {
            String left = Json.write(ordered("type", "member-left", "id", peer.id()));
            for (PeerSession m : room.members()) m.send(left);
        }
        LOG.debug("{} left room {}", peer, room.name);
    }

    private void relay(PeerSession peer, String type, Map<String, Object> message) {
        if (peer.room == null) {
            error(peer, type + ": join a room first");
            return;
        }
        if (!(message.get("to") instanceof String to)) {
            error(peer, type + ": a string \"to\" naming the target member is required");
            return;
        }
        PeerSession target = peer.room.member(to);
        if (target == null || target == peer) {
            error(peer, type + ": no member \"" + abbreviate(to) + "\" in room \"" + peer.room.name + "\"");
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        out.put("from", peer.id());
        for (Map.Entry<String, Object> e : message.entrySet()) {
            String k = e.getKey();
            if (!k.equals("type") && !k.equals("to") && !k.equals("from")) out.put(k, e.getValue());
        }
        stats.messagesRelayed.incrementAndGet(); // before the send: a reader of the stats never lags the receiver
        target.send(Json.write(out));
    }

    private void error(PeerSession peer, String reason) {
        stats.errors.incrementAndGet();
        LOG.debug("{}: {}", peer, reason);
        peer.send(Json.write(ordered("type", "error", "reason", reason)));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) return false;
        }
        return true;
    }

    private static String abbreviate(String s) {
        String shown = s.length() <= 40 ? s : s.substring(0, 40) + "...";
        StringBuilder sb = new StringBuilder(shown.length());
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }
}
