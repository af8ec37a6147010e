package dev.jrtc.signaling;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signaling server on one TCP port: WebSocket rooms at {@code /ws} (protocol in {@link RoomDispatcher}), a
 * non-trickle {@code POST /offer} answered by an {@link OfferHandler}, an optional WHIP endpoint ({@link WhipEndpoint},
 * RFC 9725), and the demo page at {@code GET /}.
 *
 * <pre>
 * socket -> IdleStateHandler -> HttpServerCodec -> RequestGuard (rate, Host, Origin, size) -> HttpObjectAggregator
 *        -> RequestDeadline -> WebSocketServerProtocolHandler(/ws) -> WebSocketFrameAggregator
 *        -> HttpEndpoints (GET /, POST /offer, WHIP) -> WebSocketEndpoint -> RoomDispatcher
 * </pre>
 *
 * Connections are counted in all and per client IP ({@link IpLimiter}); see {@link SignalingSettings} for every bound.
 *
 * Owns its Netty event loop group unless one is given; {@link #close()} closes every connection and, when owned,
 * stops the group's threads.
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
    private static final String PAGE = "/dev/jrtc/signaling/index.html";

    private final SignalingSettings settings;
    private final OfferHandler offerHandler;
    private final WhipResource whip;
    private final IpLimiter limiter;
    private final AccessPolicy policy;
    private final SignalingStats stats = new SignalingStats();
    private final RoomDispatcher dispatcher;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ChannelGroup channels;
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicInteger pendingOffers = new AtomicInteger();
    private final byte[] page;
    private volatile Channel serverChannel;
    private volatile boolean closed;

    /** A server with its own single-threaded event loop group; {@code offerHandler} may be null (then /offer is 503). */
    public SignalingServer(SignalingSettings settings, OfferHandler offerHandler) {
        this(settings, offerHandler, null, null);
    }

    /**
     * A server on {@code group} (not shut down by {@link #close()}), or on a group of its own when it is null.
     */
    public SignalingServer(SignalingSettings settings, OfferHandler offerHandler, EventLoopGroup group) {
        this(settings, offerHandler, null, group);
    }

    /**
     * A server that also serves WHIP at {@code whip}'s path when it is not null (the endpoint stays the caller's to
     * close), on {@code group} or on a group of its own when that is null.
     */
    public SignalingServer(SignalingSettings settings, OfferHandler offerHandler, WhipEndpoint whip, EventLoopGroup group) {
        if (settings == null) throw new IllegalArgumentException("settings are required (SignalingSettings.defaults())");
        this.settings = settings;
        this.offerHandler = offerHandler;
        this.whip = whip == null ? null : new WhipResource(whip, stats);
        this.limiter = new IpLimiter(settings, stats, System::nanoTime);
        this.policy = new AccessPolicy(settings);
        this.dispatcher = new RoomDispatcher(settings, stats);
        this.page = loadPage();
        this.ownsGroup = group == null;
        this.group = group != null ? group : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jrtc-signaling", true),
                NioIoHandler.newFactory());
        this.channels = new DefaultChannelGroup("signaling", GlobalEventExecutor.INSTANCE);
    }

    /** Binds to 127.0.0.1 on a free port. */
    public InetSocketAddress start() {
        return start(new InetSocketAddress("127.0.0.1", 0));
    }

    /**
     * Binds to {@code address} (port 0 picks a free one) and returns the bound address.
     *
     * @throws IllegalStateException when already started or closed
     * @throws UncheckedIOException when the address cannot be bound
     */
    public synchronized InetSocketAddress start(InetSocketAddress address) {
        if (closed) throw new IllegalStateException("the signaling server is closed");
        if (serverChannel != null) throw new IllegalStateException("the signaling server is already started on " + serverChannel.localAddress());
        int frameLimit = (int) Math.min(Integer.MAX_VALUE / 2, 4L * settings.maxMessageChars());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        stats.totalConnections.incrementAndGet();
                        if (stats.openConnections.incrementAndGet() > settings.maxConnections()) {
                            stats.openConnections.decrementAndGet();
                            stats.rejectedConnections.incrementAndGet();
                            ch.close();
                            return;
                        }
                        InetAddress ip = ch.remoteAddress().getAddress();
                        if (!limiter.tryOpen(ip)) {
                            stats.openConnections.decrementAndGet();
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> {
                            stats.openConnections.decrementAndGet();
                            limiter.closed(ip);
                        });
                        channels.add(ch);
                        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/ws")
                                .maxFramePayloadLength(frameLimit)
                                .dropPongFrames(false)
                                .handshakeTimeoutMillis(10_000)
                                .build();
                        ch.pipeline().addLast(
                                new IdleStateHandler(settings.pingInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new HttpServerCodec(4096, 8192, 8192),
                                new RequestGuard(settings, stats, limiter, policy, ip),
                                new CountingAggregator(settings.maxBodyBytes(), stats),
                                new RequestDeadline(settings, stats),
                                new WebSocketServerProtocolHandler(ws),
                                new WebSocketFrameAggregator(frameLimit),
                                new HttpEndpoints(settings, stats, offerHandler, whip, page, pendingOffers),
                                new WebSocketEndpoint(dispatcher, settings, stats, limiter, ip, () -> "p" + nextId.incrementAndGet()));
                    }
                });
        try {
            Channel ch = b.bind(address).sync().channel();
            serverChannel = ch;
            InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
            LOG.info("signaling server listening on {}", bound);
            return bound;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + address, e);
        } catch (Exception e) {
            throw new UncheckedIOException(new IOException("cannot bind the signaling server to " + address + ": " + e, e));
        }
    }

    /** The counters: connections, WebSockets, messages received and relayed, errors, offers. */
    public SignalingStats stats() {
        return stats;
    }

    /** Client addresses in the per-IP table now (at most {@link SignalingSettings#maxTrackedIps()}). */
    public int trackedIps() {
        return limiter.trackedIps();
    }

    /** Rooms that exist now. */
    public int roomCount() {
        return dispatcher.roomCount();
    }

    /** Members in {@code room} now. */
    public int memberCount(String room) {
        return dispatcher.memberCount(room);
    }

    public SignalingSettings settings() {
        return settings;
    }

    /** Closes the listening socket and every connection; stops the event loop threads when the group is owned. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Channel ch = serverChannel;
        if (ch != null) ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (ownsGroup) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        LOG.info("signaling server closed: {}", stats);
    }

    private static byte[] loadPage() {
        try (InputStream in = SignalingServer.class.getResourceAsStream(PAGE)) {
            if (in == null) throw new IllegalStateException("the demo page resource " + PAGE + " is missing from the jar");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo page resource " + PAGE, e);
        }
    }
}
