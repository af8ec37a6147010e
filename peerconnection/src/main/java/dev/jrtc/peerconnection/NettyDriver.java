package dev.jrtc.peerconnection;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsTransport;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.DatagramHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The production {@link RtcDriver}: one of the factory's Netty event loops with its timers, UDP sockets bound by the
 * factory, the system clock, {@link SecureRandom}, and Bouncy Castle DTLS on the factory's handshake workers.
 */
final class NettyDriver implements RtcDriver {
    private final PeerConnectionFactory factory;
    private final EventLoop loop;
    private final Random random = new SecureRandom();
    private final long wallBaseMillis = System.currentTimeMillis();
    private final long wallBaseNanos = System.nanoTime();

    NettyDriver(PeerConnectionFactory factory) {
        this.factory = factory;
        this.loop = factory.nextLoop();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallClockMillis(long nowNanos) {
        return wallBaseMillis + (nowNanos - wallBaseNanos) / 1_000_000;
    }

    @Override
    public Random random() {
        return random;
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public void runAndWait(Runnable task) {
        if (loop.inEventLoop()) task.run();
        else loop.submit(task).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public Timer schedule(Runnable task, long delayNanos) {
        ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Executor callbackPool() {
        return factory.callbackPool();
    }

    @Override
    public Executor futures() {
        return factory.futurePool();
    }

    @Override
    public List<InetSocketAddress> bind(List<InetAddress> addresses, DatagramHandler handler) {
        List<InetSocketAddress> bound = new ArrayList<>();
        try {
            for (InetAddress a : addresses) bound.add(factory.bind(a, handler, loop));
        } catch (RuntimeException e) {
            for (InetSocketAddress s : bound) factory.unbind(s);
            throw e;
        }
        return bound;
    }

    @Override
    public void unbind(InetSocketAddress local) {
        factory.unbind(local);
    }

    @Override
    public void send(List<Transmit> transmits) {
        if (transmits.size() == 1) factory.udp().send(transmits.get(0));
        else factory.udp().send(transmits);
    }

    @Override
    public DtlsTransport newDtls(DtlsConfig config, Runnable wakeup) {
        return new BcDtlsTransport(config.withHandshakeExecutor(factory.dtlsWorkers()).withWakeup(wakeup));
    }

    @Override
    public EventLoop nettyLoop() {
        return loop;
    }
}
