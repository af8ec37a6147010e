package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsHandshakeWorkers;
import dev.jrtc.ice.LocalAddresses;
import dev.jrtc.ice.udp.DatagramHandler;
import dev.jrtc.ice.udp.SinglePortRouter;
import dev.jrtc.ice.udp.UdpTransport;
import dev.jrtc.peerconnection.sdp.CodecCapability;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns what PeerConnections share (DESIGN.md rule 2): the Netty event loops and UDP sockets, the worker threads of
 * Bouncy Castle's blocking DTLS handshakes, and the pool that runs application callbacks. Connections cost no
 * thread of their own, so one factory carries thousands of them. Close it after its connections.
 */
public final class PeerConnectionFactory implements AutoCloseable {
    /** Kernel socket buffers (capped by net.core.rmem_max/wmem_max): bulk data channels overflow Linux's 208 KiB. */
    private static final int SOCKET_BUFFER = 1 << 20;
    private static final int SHARED_SOCKET_BUFFER = 4 << 20;
    private final RtcSettings settings;
    private final List<CodecCapability> codecs;
    private final EventLoopGroup group;
    private final UdpTransport udp;
    /**
     * Handshakes waiting for their peers beyond the computing ones, per computing worker: a parked thread each,
     * until their handshake timeout (see {@link DtlsHandshakeWorkers}).
     */
    private static final int DTLS_HANDSHAKES_PER_WORKER = 64;
    private final DtlsHandshakeWorkers dtlsWorkers;
    private final ThreadPoolExecutor callbackPool;
    private final ExecutorService futurePool;
    private final List<InetAddress> localAddresses;
    private final SinglePortRouter router;
    /** Multicast DNS for .local candidates, or null when the settings turn it off. */
    private final MdnsService mdns;
    private final List<InetSocketAddress> sharedSockets = new ArrayList<>();
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    /** Makes each connection's driver: Netty by default, a virtual network in tests. */
    private final java.util.function.Function<PeerConnectionFactory, RtcDriver> drivers;
    private volatile boolean closed;

    /** A factory with Chrome's codec set (Opus, VP8, VP9, H264, AV1). */
    public PeerConnectionFactory(RtcSettings settings) {
        this(settings, CodecCapability.chromeDefaults());
    }

    /** A factory whose connections offer and accept {@code codecs}, in preference order. */
    public PeerConnectionFactory(RtcSettings settings, List<CodecCapability> codecs) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codecs = List.copyOf(codecs);
        this.drivers = NettyDriver::new;
        this.localAddresses = LocalAddresses.find(settings.loopback(), settings.ipv4(), settings.ipv6(),
                settings.interfaceFilter(), settings.addressFilter());
        if (localAddresses.isEmpty()) {
            throw new IllegalArgumentException("no local address matches the settings (loopback=" + settings.loopback()
                    + ", ipv4=" + settings.ipv4() + ", ipv6=" + settings.ipv6() + ", filters)");
        }
        this.group = UdpTransport.newEventLoopGroup(settings.eventLoopThreads());
        this.udp = new UdpTransport(group);
        this.dtlsWorkers = new DtlsHandshakeWorkers(settings.dtlsHandshakeThreads(),
                DTLS_HANDSHAKES_PER_WORKER * settings.dtlsHandshakeThreads(), "jrtc-dtls-handshake-");
        this.callbackPool = pool(Math.max(2, Runtime.getRuntime().availableProcessors()), "jrtc-callback-");
        // Futures complete on threads of their own: a listener that waits on one (join) holds a callback thread,
        // and the completion must not queue behind it.
        AtomicInteger futureThreads = new AtomicInteger();
        this.futurePool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "jrtc-future-" + futureThreads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.mdns = settings.mdns().enabled() ? new MdnsService(localAddresses, group, udp.isEpoll()) : null;
        if (settings.singlePort() != null) {
            router = new SinglePortRouter();
            try {
                for (InetAddress a : localAddresses) {
                    sharedSockets.add(udp.bind(new InetSocketAddress(a, settings.singlePort()), router,
                            SHARED_SOCKET_BUFFER, SHARED_SOCKET_BUFFER));
                }
            } catch (IllegalArgumentException e) {
                close();
                throw e;
            }
        } else {
            router = null;
        }
    }

    /**
     * A factory that owns no thread, socket or clock: every connection runs on the driver {@code drivers} makes for
     * it, bound to {@code localAddresses} (tests run connections in virtual time this way). No single-port mode and
     * no multicast DNS.
     */
    PeerConnectionFactory(RtcSettings settings, List<CodecCapability> codecs, List<InetAddress> localAddresses,
                          java.util.function.Function<PeerConnectionFactory, RtcDriver> drivers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.codecs = List.copyOf(codecs);
        this.localAddresses = List.copyOf(localAddresses);
        this.drivers = Objects.requireNonNull(drivers, "drivers");
        this.group = null;
        this.udp = null;
        this.dtlsWorkers = null;
        this.callbackPool = null;
        this.futurePool = null;
        this.mdns = null;
        this.router = null;
    }

    private static ThreadPoolExecutor pool(int threads, String prefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        p.allowCoreThreadTimeOut(true); // idle factories hold no threads but the event loops
        return p;
    }

    /** A new connection bound to one of the factory's event loops. */
    public PeerConnection createPeerConnection(RtcConfiguration configuration) {
        if (closed) throw new RtcException("InvalidStateError", "the PeerConnectionFactory is closed");
        // The configuration may have been made while its certificate was still valid.
        RtcConfiguration.checkCertificatesValid(Objects.requireNonNull(configuration, "configuration").certificates());
        PeerConnection pc = new PeerConnection(this, Objects.requireNonNull(configuration, "configuration"), drivers.apply(this));
        connections.add(pc);
        return pc;
    }

    RtcSettings settings() {
        return settings;
    }

    List<CodecCapability> codecs() {
        return codecs;
    }

    EventLoop nextLoop() {
        return group.next();
    }

    UdpTransport udp() {
        return udp;
    }

    DtlsHandshakeWorkers dtlsWorkers() {
        return dtlsWorkers;
    }

    ExecutorService callbackPool() {
        return callbackPool;
    }

    ExecutorService futurePool() {
        return futurePool;
    }

    List<InetAddress> localAddresses() {
        return localAddresses;
    }

    /** The router of single-port mode, or null when each connection binds its own sockets. */
    SinglePortRouter router() {
        return router;
    }

    /** Multicast DNS for .local candidates, or null when {@link MdnsSettings} turn it off. */
    MdnsService mdns() {
        return mdns;
    }

    /** The shared sockets of single-port mode (empty otherwise). */
    List<InetSocketAddress> sharedSockets() {
        return List.copyOf(sharedSockets);
    }

    /** Binds a socket on {@code address} within the configured port range, served by {@code loop}. */
    InetSocketAddress bind(InetAddress address, DatagramHandler handler, EventLoop loop) {
        if (settings.portMin() == 0) return udp.bind(new InetSocketAddress(address, 0), handler, loop, SOCKET_BUFFER, SOCKET_BUFFER);
        int span = settings.portMax() - settings.portMin() + 1;
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
        IllegalArgumentException last = null;
        for (int i = 0; i < span; i++) {
            int port = settings.portMin() + (start + i) % span;
            try {
                return udp.bind(new InetSocketAddress(address, port), handler, loop, SOCKET_BUFFER, SOCKET_BUFFER);
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw new IllegalStateException("no free UDP port on " + address.getHostAddress() + " in "
                + settings.portMin() + ".." + settings.portMax(), last);
    }

    void unbind(InetSocketAddress local) {
        udp.unbind(local);
    }

    void removed(PeerConnection pc) {
        connections.remove(pc);
    }

    /** Connections created and not closed yet. */
    public int connectionCount() {
        return connections.size();
    }

    /** Closes every connection, then the sockets, event loops and pools; waits a few seconds at most. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (PeerConnection pc : List.copyOf(connections)) pc.close();
        if (mdns != null) mdns.close(); // after the connections: their names' goodbyes go out first
        if (group == null) return; // a factory of virtual connections owns nothing more
        udp.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        dtlsWorkers.shutdownNow(5_000);
        callbackPool.shutdown();
        futurePool.shutdown();
        try {
            callbackPool.awaitTermination(5, TimeUnit.SECONDS);
            futurePool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
