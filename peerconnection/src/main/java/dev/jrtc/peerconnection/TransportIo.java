package dev.jrtc.peerconnection;

import dev.jrtc.ice.IceCredentials;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.DatagramHandler;
import dev.jrtc.ice.udp.SinglePortRouter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a connection's {@link RtcCore} on its {@link RtcDriver}: binds the sockets (or joins the factory's shared
 * one, routed by STUN username, in single-port mode), hands datagrams in, sends what the core polls out in one batch
 * per round, keeps one timer at the core's {@link RtcCore#pollTimeout}, and turns DTLS handshake wakeups into loop
 * tasks. The only part of the transport that touches sockets, timers or other threads.
 */
final class TransportIo {
    private static final Logger LOG = LoggerFactory.getLogger(TransportIo.class);
    /**
     * Datagrams that may wait for this connection's loop when they arrive on another one (single-port mode): past
     * it they are dropped and counted, so a flood cannot grow the loop's task queue.
     */
    static final int MAX_QUEUED_DATAGRAMS = 4096;

    private final PeerConnectionFactory factory;
    private final RtcDriver driver;
    private final RtcCore core;
    private final List<InetSocketAddress> sockets = new ArrayList<>();
    /** True when datagrams come from this connection's own sockets, on its loop, with a readComplete after them. */
    private final boolean batchedReceive;
    private boolean receivedUnpumped;
    private final MpscArrayQueue<QueuedDatagram> inbound = new MpscArrayQueue<>(MAX_QUEUED_DATAGRAMS);
    private final AtomicBoolean inboundScheduled = new AtomicBoolean();
    private final LongAdder inboundDropped = new LongAdder();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Set<InetSocketAddress> associated = new HashSet<>();
    private final List<String> registeredUfrags = new ArrayList<>();
    private final List<Transmit> outbox = new ArrayList<>();
    private RtcDriver.Timer timer;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean closed;

    private final DatagramHandler receiver = new DatagramHandler() {
        @Override
        public void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
            onDatagram(local, remote, payload);
        }

        @Override
        public void readComplete() {
            // Own sockets only (a router does not forward this): the read round's datagrams were handled without
            // pumping, so SCTP acknowledges and DTLS flushes once per round, not once per datagram.
            if (receivedUnpumped) {
                receivedUnpumped = false;
                pumpAndFlush();
            }
        }
    };

    private record QueuedDatagram(InetSocketAddress local, InetSocketAddress remote, byte[] data) {}

    TransportIo(PeerConnectionFactory factory, RtcDriver driver, RtcCore core) {
        this.factory = factory;
        this.driver = driver;
        this.core = core;
        SinglePortRouter router = factory.router();
        this.batchedReceive = router == null;
        if (router == null) sockets.addAll(driver.bind(factory.localAddresses(), receiver));
        else sockets.addAll(factory.sharedSockets());
    }

    /** The local socket addresses (host candidates). */
    List<InetSocketAddress> sockets() {
        return sockets;
    }

    /** Single-port mode: requests for {@code credentials}' ufrag reach this connection. */
    void register(IceCredentials credentials) {
        SinglePortRouter router = factory.router();
        if (router != null && !closed) {
            router.register(credentials.ufrag(), credentials.pwd(), receiver);
            registeredUfrags.add(credentials.ufrag());
        }
    }

    /**
     * A datagram from a socket: copied, then handled on the connection's loop. From another loop (a shared socket
     * in single-port mode) it goes through a bounded queue that one task drains, not a task per datagram.
     */
    private void onDatagram(InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
        if (driver.inLoop()) {
            if (closed) return;
            core.handleDatagram(driver.nanoTime(), local, remote, ByteBufUtil.getBytes(payload));
            if (batchedReceive) receivedUnpumped = true;
            else pumpAndFlush();
        } else if (!inbound.offer(new QueuedDatagram(local, remote, ByteBufUtil.getBytes(payload)))) {
            inboundDropped.increment();
        } else if (inboundScheduled.compareAndSet(false, true)) {
            try {
                driver.execute(this::drainInbound);
            } catch (RejectedExecutionException e) {
                LOG.debug("event loop gone: datagram after close is dropped");
            }
        }
    }

    /** Handles what other loops queued, then pumps once for all of it. */
    private void drainInbound() {
        inboundScheduled.set(false);
        // At most one queue's worth, so datagrams arriving meanwhile wait for the next task instead of starving
        // the loop's other connections.
        boolean any = false;
        for (int n = 0; n < MAX_QUEUED_DATAGRAMS; n++) {
            QueuedDatagram d = inbound.poll();
            if (d == null) break;
            if (!closed) core.handleDatagram(driver.nanoTime(), d.local(), d.remote(), d.data());
            any = true;
        }
        if (!inbound.isEmpty() && inboundScheduled.compareAndSet(false, true)) driver.execute(this::drainInbound);
        if (any) pumpAndFlush();
    }

    /** Datagrams dropped because the connection's loop had {@link #MAX_QUEUED_DATAGRAMS} of them waiting already. */
    long inboundDropped() {
        return inboundDropped.sum();
    }

    /**
     * Single-port mode: Binding requests the shared router dropped for failing MESSAGE-INTEGRITY, for all of the
     * factory's connections (the router cannot know which connection a forgery aimed at); 0 otherwise.
     */
    long singlePortForgedRequests() {
        SinglePortRouter router = factory.router();
        return router == null ? 0 : router.failedIntegrity();
    }

    /** Called from the DTLS handshake thread when it has output: one pump task at a time is enough. */
    void wake() {
        if (wakePending.compareAndSet(false, true)) {
            try {
                driver.execute(() -> {
                    wakePending.set(false);
                    if (closed) return;
                    core.advance(driver.nanoTime());
                    pumpAndFlush();
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("event loop gone: DTLS output after close is dropped");
            }
        }
    }

    private void pumpAndFlush() {
        if (closed) return;
        core.pump(); // ends in flush() through the connection's pumped()
        flush();
    }

    /** Sends what the core has to send, in one batch, and re-arms the timer at its next deadline. */
    void flush() {
        SinglePortRouter router = factory.router();
        for (Transmit t = core.pollTransmit(); t != null; t = core.pollTransmit()) {
            if (router != null && associated.add(t.destination())) router.associate(t.source(), t.destination(), receiver);
            outbox.add(t);
        }
        if (!outbox.isEmpty()) {
            driver.send(outbox);
            outbox.clear();
        }
        if (!closed) rearm(core.pollTimeout());
    }

    private void rearm(long deadline) {
        if (deadline == timerDeadline && timer != null) return;
        if (timer != null) timer.cancel();
        timer = null;
        timerDeadline = deadline;
        if (deadline != Long.MAX_VALUE) {
            timer = driver.schedule(this::onTimer, Math.max(0, deadline - driver.nanoTime()));
        }
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        if (closed) return;
        core.handleTimeout(driver.nanoTime());
        flush();
    }

    /** After the core closed and its last datagrams were flushed: frees the sockets and the timer. */
    void close() {
        if (closed) return;
        flush();
        closed = true;
        if (timer != null) timer.cancel();
        timer = null;
        SinglePortRouter router = factory.router();
        if (router == null) {
            for (InetSocketAddress s : sockets) driver.unbind(s);
        } else {
            for (String ufrag : registeredUfrags) router.unregister(ufrag);
        }
    }
}
