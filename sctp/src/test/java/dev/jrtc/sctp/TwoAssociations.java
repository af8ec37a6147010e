package dev.jrtc.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * Two associations joined by a FIFO wire with a fixed delay, in virtual time; either side can vanish (it neither
 * receives nor sends while {@link Side#silent}, though its association lives on).
 */
final class TwoAssociations {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000 * MS;

    static final class Side {
        final SctpAssociation assoc;
        final List<SctpEvent> events = new ArrayList<>();
        boolean silent;
        int initsSent;
        /** Runs after each packet this side handles, its events already collected (the layer above reacting). */
        Runnable afterPacket = () -> { };

        Side(SctpConfig config) {
            assoc = new SctpAssociation(config);
        }

        boolean has(Class<? extends SctpEvent> type) {
            return events.stream().anyMatch(type::isInstance);
        }

        long messages() {
            return events.stream().filter(e -> e instanceof SctpEvent.Message).count();
        }
    }

    private record InFlight(long due, Side to, byte[] packet) {}

    final Side a;
    final Side b;
    private final long delay;
    private final Queue<InFlight> wire = new ArrayDeque<>();
    long now;

    TwoAssociations(SctpConfig a, SctpConfig b, long delayNanos) {
        this.a = new Side(a);
        this.b = new Side(b);
        this.delay = delayNanos;
    }

    private void drain(Side from, Side to) {
        for (byte[] p = from.assoc.pollTransmit(); p != null; p = from.assoc.pollTransmit()) {
            SctpPacket parsed = SctpPacket.parse(p, 0, p.length).packet();
            if (parsed.chunks().get(0) instanceof InitChunk init && !init.ack()) from.initsSent++;
            if (!from.silent) wire.add(new InFlight(now + delay, to, p));
        }
        for (SctpEvent e = from.assoc.pollEvent(); e != null; e = from.assoc.pollEvent()) from.events.add(e);
    }

    /** Runs until {@code done} or {@code limit} of virtual time has passed; false if not done by then. */
    boolean run(BooleanSupplier done, long limit) {
        long end = now + limit;
        for (int step = 0; step < 10_000_000; step++) {
            drain(a, b);
            drain(b, a);
            if (done.getAsBoolean()) return true;
            long next = Math.min(wire.isEmpty() ? Long.MAX_VALUE : wire.peek().due(),
                    Math.min(a.assoc.pollTimeout(), b.assoc.pollTimeout()));
            if (next > end) {
                now = end;
                return done.getAsBoolean();
            }
            now = Math.max(now, next);
            while (!wire.isEmpty() && wire.peek().due() <= now) {
                InFlight f = wire.poll();
                Side to = f.to();
                if (to.silent) continue;
                to.assoc.handlePacket(now, f.packet(), 0, f.packet().length);
                for (SctpEvent e = to.assoc.pollEvent(); e != null; e = to.assoc.pollEvent()) to.events.add(e);
                to.afterPacket.run();
            }
            if (a.assoc.pollTimeout() <= now) a.assoc.handleTimeout(now);
            if (b.assoc.pollTimeout() <= now) b.assoc.handleTimeout(now);
        }
        throw new IllegalStateException("no progress bound reached");
    }

    /** Both sides open at once; true when both are established within 10 s. */
    boolean connect() {
        a.assoc.connect(now);
        b.assoc.connect(now);
        return run(() -> a.has(SctpEvent.Established.class) && b.has(SctpEvent.Established.class), 10 * SECOND);
    }
}
