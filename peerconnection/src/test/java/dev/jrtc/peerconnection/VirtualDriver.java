package dev.jrtc.peerconnection;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsTransport;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.DatagramHandler;
import dev.jrtc.testkit.Nat;
import dev.jrtc.testkit.VirtualSocket;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * An {@link RtcDriver} on a {@link VirtualWorld}: the world's clock and timers, its seeded network for sockets,
 * seeded randomness, Bouncy Castle DTLS in lock step with the virtual clock, and the world's task queue as event
 * loop, callback threads and future threads alike. Everything runs on the test's thread.
 */
final class VirtualDriver implements RtcDriver {
    /** Wall-clock base of virtual time zero (2023-11-14), so NTP timestamps look like real ones. */
    private static final long WALL_BASE_MILLIS = 1_700_000_000_000L;
    private final VirtualWorld world;
    private final Random random;
    /** The NAT the connection's sockets sit behind, or null for a public host. */
    private final Nat nat;
    private final Map<InetSocketAddress, VirtualSocket> sockets = new HashMap<>();
    private int nextPort = 40000;

    VirtualDriver(VirtualWorld world, long seed) {
        this(world, seed, null);
    }

    VirtualDriver(VirtualWorld world, long seed, Nat nat) {
        this.world = world;
        this.random = new Random(seed);
        this.nat = nat;
    }

    @Override
    public long nanoTime() {
        return world.now();
    }

    @Override
    public long wallClockMillis(long nowNanos) {
        return WALL_BASE_MILLIS + nowNanos / 1_000_000;
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public boolean inLoop() {
        return true; // one thread runs everything
    }

    @Override
    public void execute(Runnable task) {
        world.post(task);
    }

    @Override
    public void runAndWait(Runnable task) {
        task.run();
    }

    @Override
    public Timer schedule(Runnable task, long delayNanos) {
        return world.schedule(task, delayNanos);
    }

    @Override
    public Executor callbackPool() {
        return world::post;
    }

    @Override
    public Executor futures() {
        return world::post;
    }

    @Override
    public List<InetSocketAddress> bind(List<InetAddress> addresses, DatagramHandler handler) {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (InetAddress a : addresses) {
            InetSocketAddress local = new InetSocketAddress(a, nextPort++);
            dev.jrtc.testkit.DatagramReceiver receiver = (now, from, to, data) -> {
                handler.handleDatagram(now, to, from, Unpooled.wrappedBuffer(data));
                handler.readComplete();
            };
            VirtualSocket s = nat == null ? world.network.bind(local, receiver) : world.network.bind(nat, local, receiver);
            sockets.put(local, s);
            bound.add(local);
        }
        return bound;
    }

    @Override
    public void unbind(InetSocketAddress local) {
        VirtualSocket s = sockets.remove(local);
        if (s != null) s.close();
    }

    @Override
    public void send(List<Transmit> transmits) {
        for (Transmit t : transmits) {
            VirtualSocket s = sockets.get(t.source());
            if (s != null) s.send(world.now(), t.destination(), t.data());
        }
    }

    @Override
    public DtlsTransport newDtls(DtlsConfig config, Runnable wakeup) {
        return new BcDtlsTransport(config, world::now);
    }
}
