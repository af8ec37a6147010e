package dev.jrtc.sctp.datachannel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrtc.sctp.SctpAssociation;
import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.SctpEvent;
import dev.jrtc.testkit.LinkConditions;
import dev.jrtc.testkit.VirtualClock;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Two sans-IO SCTP endpoints on the testkit network in virtual time: DataChannels on both sides, or a bare
 * association on side B to play a misbehaving peer. Every packet either side sends can be watched.
 */
final class DataChannelPeers {
    static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 5000);
    static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 5000);
    static final long SECOND = 1_000_000_000L;

    /** One side: its core, its socket and everything it reported. */
    static final class Peer {
        final DataChannels dc;
        final SctpAssociation raw;
        VirtualSocket socket;
        InetSocketAddress peer;
        final List<DataChannelEvent> events = new ArrayList<>();
        final List<SctpEvent> rawEvents = new ArrayList<>();
        final List<byte[]> sentPackets = new ArrayList<>();
        Consumer<byte[]> onSend = p -> { };

        Peer(DataChannels dc, SctpAssociation raw) {
            this.dc = dc;
            this.raw = raw;
        }

        void handle(long now, byte[] d) {
            if (dc != null) dc.handlePacket(now, d, 0, d.length); else raw.handlePacket(now, d, 0, d.length);
        }

        long timeout() {
            return dc != null ? dc.pollTimeout() : raw.pollTimeout();
        }

        void timeout(long now) {
            if (dc != null) dc.handleTimeout(now); else raw.handleTimeout(now);
        }

        byte[] transmit() {
            return dc != null ? dc.pollTransmit() : raw.pollTransmit();
        }

        void pollEvents() {
            if (dc != null) {
                for (DataChannelEvent e = dc.pollEvent(); e != null; e = dc.pollEvent()) events.add(e);
            } else {
                for (SctpEvent e = raw.pollEvent(); e != null; e = raw.pollEvent()) rawEvents.add(e);
            }
        }

        <T> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<DataChannelEvent.Message> messages(DataChannel c) {
            return events(DataChannelEvent.Message.class).stream().filter(m -> m.channel() == c).toList();
        }

        boolean has(Class<? extends DataChannelEvent> type) {
            return events.stream().anyMatch(type::isInstance);
        }

        /** The channel the peer opened with this label, or null. */
        DataChannel remote(String label) {
            return events(DataChannelEvent.RemoteChannel.class).stream().map(DataChannelEvent.RemoteChannel::channel)
                    .filter(c -> c.label().equals(label)).reduce((x, y) -> y).orElse(null);
        }

        boolean closed(DataChannel c) {
            return events(DataChannelEvent.ChannelClosed.class).stream().anyMatch(e -> e.channel() == c);
        }
    }

    final VirtualClock clock = new VirtualClock();
    final VirtualNetwork net;
    final Peer a;
    final Peer b;

    /** DataChannels on both sides; A is the DTLS client. */
    DataChannelPeers(long seed, LinkConditions conditions) {
        this(seed, conditions, SctpConfig.defaults(new Random(seed * 2 + 1)), SctpConfig.defaults(new Random(seed * 2 + 2)), false);
    }

    DataChannelPeers(long seed, LinkConditions conditions, SctpConfig configA, SctpConfig configB, boolean bIsRawAssociation) {
        this(seed, conditions, configA, configB, bIsRawAssociation, false);
    }

    /** @param bDtlsClient true for a misconfigured pair where B too takes even ids */
    DataChannelPeers(long seed, LinkConditions conditions, SctpConfig configA, SctpConfig configB, boolean bIsRawAssociation,
                     boolean bDtlsClient) {
        net = new VirtualNetwork(seed);
        net.setDefaultConditions(conditions);
        a = new Peer(new DataChannels(configA, true), null);
        b = bIsRawAssociation ? new Peer(null, new SctpAssociation(configB)) : new Peer(new DataChannels(configB, bDtlsClient), null);
        a.socket = net.bind(A, (now, from, to, d) -> a.handle(now, d));
        b.socket = net.bind(B, (now, from, to, d) -> b.handle(now, d));
        a.peer = B;
        b.peer = A;
    }

    long now() {
        return clock.nowNanos();
    }

    private void drain(Peer s) {
        for (byte[] p = s.transmit(); p != null; p = s.transmit()) {
            s.sentPackets.add(p);
            s.onSend.accept(p);
            s.socket.send(clock.nowNanos(), s.peer, p);
        }
        s.pollEvents();
    }

    /** Runs the network and timers until {@code done} holds or {@code limitNanos} of virtual time pass. */
    boolean run(BooleanSupplier done, long limitNanos) {
        long end = clock.nowNanos() + limitNanos;
        for (int step = 0; step < 5_000_000; step++) {
            drain(a);
            drain(b);
            if (done.getAsBoolean()) return true;
            long next = Math.min(net.nextDeliveryNanos(), Math.min(a.timeout(), b.timeout()));
            if (next > end) {
                clock.advanceTo(Math.max(end, clock.nowNanos()));
                return done.getAsBoolean();
            }
            clock.advanceTo(Math.max(next, clock.nowNanos()));
            long now = clock.nowNanos();
            net.deliverDue(now);
            if (a.timeout() <= now) a.timeout(now);
            if (b.timeout() <= now) b.timeout(now);
        }
        throw new IllegalStateException("no progress bound reached");
    }

    /** Lets time pass with everything that happens in it. */
    void idle(long nanos) {
        run(() -> false, nanos);
    }

    void connect() {
        a.dc.connect(now());
        if (b.dc != null) b.dc.connect(now()); else b.raw.connect(now());
        assertTrue(run(() -> a.has(DataChannelEvent.AssociationEstablished.class)
                && (b.dc != null ? b.has(DataChannelEvent.AssociationEstablished.class)
                : b.rawEvents.stream().anyMatch(e -> e instanceof SctpEvent.Established)), 60 * SECOND), "association established");
    }
}
