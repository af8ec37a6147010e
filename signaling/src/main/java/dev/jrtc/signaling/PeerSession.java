package dev.jrtc.signaling;

import java.util.function.Consumer;

/**
 * One connected signaling client as {@link RoomDispatcher} sees it: its server-assigned id, where its outgoing
 * messages go, and (guarded by the dispatcher) the room it joined and its name.
 */
final class PeerSession {
    private final String id;
    private final Consumer<String> outbound;
    Room room;
    String name;

    /**
     * @param id the id other members address it by
     * @param outbound receives each JSON text message for this client; must not block and must not throw
     */
    public PeerSession(String id, Consumer<String> outbound) {
        if (id == null || id.isEmpty()) throw new IllegalArgumentException("a peer session needs a non-empty id");
        if (outbound == null) throw new IllegalArgumentException("a peer session needs an outbound consumer");
        this.id = id;
        this.outbound = outbound;
    }

    public String id() {
        return id;
    }

    void send(String json) {
        outbound.accept(json);
    }

    @Override
    public String toString() {
        return "PeerSession{" + id + (name == null ? "" : " '" + name + "'") + "}";
    }
}
