package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsTransport;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.DatagramHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/**
 * Everything a PeerConnection's protocol composition takes from the outside world (docs/ARCHITECTURE.md): the
 * clock, the event loop and its timers, the sockets, the DTLS engine, randomness and the threads callbacks run on.
 * {@link NettyDriver} is the real one (a Netty event loop, UDP sockets, Bouncy Castle on handshake workers); tests
 * give a virtual one, which runs the same PeerConnection on a seeded in-memory network in virtual time.
 *
 * <p>Only the facade ({@link PeerConnection}) and {@link TransportIo} use the driver; the {@link RtcCore} below them
 * (JSEP engine, BUNDLE transport, media router) takes time as input and is drained by polling.
 */
interface RtcDriver {
    /** Monotonic time in nanoseconds: every protocol core's {@code nowNanos}. */
    long nanoTime();

    /**
     * Wall-clock milliseconds at {@code nowNanos}, for RTCP's NTP timestamps (RFC 3550 §4) and stats: a base taken
     * once at construction plus the monotonic time since, so protocol code never reads the wall clock.
     */
    long wallClockMillis(long nowNanos);

    /** Randomness for ICE credentials and tie-breakers, SSRCs, SCTP tags, session ids. */
    Random random();

    /** True on the connection's event loop. */
    boolean inLoop();

    /**
     * Runs {@code task} on the connection's event loop, after what is queued there.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the loop is gone
     */
    void execute(Runnable task);

    /** Runs {@code task} on the loop and waits for it (a few seconds at most); at once when already on the loop. */
    void runAndWait(Runnable task);

    /** Runs {@code task} on the event loop once {@code delayNanos} have passed, unless cancelled. */
    Timer schedule(Runnable task, long delayNanos);

    /** A pending {@link #schedule} task. */
    interface Timer {
        void cancel();
    }

    /** Where application callbacks run, one connection's in order through a {@link SerialExecutor}. */
    Executor callbackPool();

    /** Where futures complete (not behind a callback that waits on one). */
    Executor futures();

    /**
     * Binds a socket on each local address for {@code handler} (served by this connection's loop) and returns their
     * addresses.
     */
    List<InetSocketAddress> bind(List<InetAddress> addresses, DatagramHandler handler);

    void unbind(InetSocketAddress local);

    /** Sends {@code transmits} (the driver owns them now). */
    void send(List<Transmit> transmits);

    /**
     * A DTLS transport for {@code config}; {@code wakeup} is called from other threads when it has output the
     * event loop should poll (a driver that waits for the engine itself may ignore it).
     */
    DtlsTransport newDtls(DtlsConfig config, Runnable wakeup);

    /** The Netty loop of this connection, or null when the driver is not Netty (tests that block a loop use it). */
    default io.netty.channel.EventLoop nettyLoop() {
        return null;
    }
}
