package dev.jrtc.ice.udp;

import dev.jrtc.ice.SansIoEndpoint;
import dev.jrtc.ice.Transmit;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Runs a sans-IO core ({@link SansIoEndpoint}) on one Netty event loop (DESIGN.md rule 1): feeds it datagrams,
 * calls {@code handleTimeout} at its {@code pollTimeout()} deadline through {@code eventLoop.schedule}, and drains
 * {@code pollTransmit()} into the sender after every input. The endpoint is only ever touched on that loop.
 *
 * <p>Use it as the {@link DatagramHandler} of a socket (or of a demux branch). Datagrams arriving on another
 * thread are copied and posted to the loop.
 */
public final class SansIoDriver implements DatagramHandler, AutoCloseable {
    private final EventLoop loop;
    private final SansIoEndpoint endpoint;
    private final Consumer<Transmit> sender;
    private final LongSupplier clock;

    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean closed;

    /**
     * A driver for {@code endpoint} on {@code loop} that sends through {@code transport} and reads
     * {@code System.nanoTime()}.
     */
    public SansIoDriver(EventLoop loop, SansIoEndpoint endpoint, UdpTransport transport) {
        this(loop, endpoint, transport::send, System::nanoTime);
    }

    /**
     * A driver with an explicit sender (called on the loop with each transmit, which it then owns) and clock (in
     * nanoseconds, the same origin as the transport's).
     */
    public SansIoDriver(EventLoop loop, SansIoEndpoint endpoint, Consumer<Transmit> sender, LongSupplier clock) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Copies the borrowed payload and hands it to the endpoint on the loop. */
    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
        byte[] data = ByteBufUtil.getBytes(payload);
        run(e -> e.handleDatagram(nowNanos, remote, local, data));
    }

    /**
     * Runs {@code task} with the endpoint on the loop (at once when already on it), then drains transmits and
     * re-arms the timer. Use it for API calls into the core (start gathering, add a candidate, ...).
     */
    public void run(Consumer<SansIoEndpoint> task) {
        if (loop.inEventLoop()) {
            runNow(task);
        } else {
            loop.execute(() -> runNow(task));
        }
    }

    private void runNow(Consumer<SansIoEndpoint> task) {
        if (closed) {
            return;
        }
        task.accept(endpoint);
        if (!closed) {
            afterInput();
        }
    }

    private void afterInput() {
        for (Transmit t = endpoint.pollTransmit(); t != null; t = endpoint.pollTransmit()) {
            sender.accept(t);
        }
        long deadline = endpoint.pollTimeout();
        if (deadline == timerDeadline && timer != null) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        timerDeadline = deadline;
        if (deadline != Long.MAX_VALUE) {
            long delay = Math.max(0, deadline - clock.getAsLong());
            timer = loop.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        if (closed) {
            return;
        }
        endpoint.handleTimeout(clock.getAsLong());
        afterInput();
    }

    /** The loop the endpoint runs on. */
    public EventLoop eventLoop() {
        return loop;
    }

    /** Stops the timer; later datagrams and tasks are ignored. Returns without waiting for the loop. */
    @Override
    public void close() {
        run(e -> {
            closed = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        });
    }
}
