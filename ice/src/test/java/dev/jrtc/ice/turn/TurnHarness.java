package dev.jrtc.ice.turn;

import dev.jrtc.ice.Transmit;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** A TurnClient wired to a {@link ScriptedTurnServer} in virtual time (no clock, no sockets). */
final class TurnHarness {
    static final InetSocketAddress LOCAL = new InetSocketAddress("10.0.0.2", 40000);
    static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.7", 6000);

    final ScriptedTurnServer server = new ScriptedTurnServer();
    final TurnClient client;
    final List<TurnClientEvent> events = new ArrayList<>();
    final List<Transmit> sent = new ArrayList<>();
    long now = 1_000_000_000L;

    TurnHarness() {
        this(TurnClientConfig.of(new TurnServer(ScriptedTurnServer.ADDRESS, ScriptedTurnServer.USER,
                ScriptedTurnServer.PASSWORD), LOCAL, new Random(1)));
    }

    TurnHarness(TurnClientConfig config) {
        client = new TurnClient(config);
    }

    /** Delivers every transmit to the server and its answers back, until both are quiet. */
    void pump() {
        for (int round = 0; round < 100; round++) {
            boolean moved = false;
            for (Transmit t = client.pollTransmit(); t != null; t = client.pollTransmit()) {
                moved = true;
                sent.add(t);
                for (byte[] answer : server.handle(t)) {
                    client.handleDatagram(now, ScriptedTurnServer.ADDRESS, LOCAL, answer);
                }
            }
            for (TurnClientEvent e = client.pollEvent(); e != null; e = client.pollEvent()) events.add(e);
            if (!moved) return;
        }
        throw new AssertionError("client and server did not settle in 100 rounds");
    }

    /** Runs timers up to {@code nowNanos + seconds}, one deadline at a time. */
    void advance(double seconds) {
        long until = now + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
        for (int i = 0; i < 10_000; i++) {
            long next = client.pollTimeout();
            if (next > until) break;
            now = Math.max(now, next);
            client.handleTimeout(now);
            pump();
        }
        now = until;
        pump();
    }

    TurnHarness allocated() {
        client.start(now);
        pump();
        if (client.state() != TurnClient.State.ALLOCATED) throw new AssertionError("not allocated: " + events);
        return this;
    }

    <T extends TurnClientEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
