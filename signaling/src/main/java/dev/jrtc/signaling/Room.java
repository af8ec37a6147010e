package dev.jrtc.signaling;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A named set of members that can address each other by id; guarded by its {@link RoomDispatcher}. */
final class Room {
    final String name;
    private final Map<String, PeerSession> members = new LinkedHashMap<>();

    Room(String name) {
        this.name = name;
    }

    void add(PeerSession peer) {
        members.put(peer.id(), peer);
    }

    void remove(PeerSession peer) {
        members.remove(peer.id());
    }

    PeerSession member(String id) {
        return members.get(id);
    }

    Collection<PeerSession> members() {
        return members.values();
    }

    int size() {
        return members.size();
    }
}
