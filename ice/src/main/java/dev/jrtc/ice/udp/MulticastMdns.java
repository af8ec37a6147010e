package dev.jrtc.ice.udp;

import dev.jrtc.ice.mdns.internal.MdnsResolver;
import dev.jrtc.ice.mdns.internal.MdnsResponder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multicast DNS (RFC 6762) on one network interface for {@code .local} ICE candidates
 * (draft-ietf-mmusic-mdns-ice-candidates): resolves the names of remote candidates ({@code MdnsResolver}) and answers
 * for the names hiding our own addresses ({@code MdnsResponder}). One Netty datagram channel bound to port 5353
 * (shared with other mDNS sockets on the host through SO_REUSEADDR) and joined to 224.0.0.251 on the interface; both
 * cores run on its event loop, which never blocks on the network.
 *
 * <p>The socket opens in the background; calls made meanwhile wait for it, and fail (a lookup gives empty, a
 * registration completes exceptionally) if it cannot open. Thread-safe: every call is carried out on the loop.
 *
 * <p>It multicasts: only use it on an interface where that is wanted (tests run it inside a network namespace).
 */
public final class MulticastMdns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MulticastMdns.class);
    public static final InetSocketAddress GROUP_V4 = new InetSocketAddress(
            dev.jrtc.ice.internal.IpLiteral.parse("224.0.0.251"), 5353);
    /** Lookups running at once on this interface, for every connection together. */
    public static final int MAX_PENDING_LOOKUPS = 1024;
    private static final int MAX_MESSAGE = 9000;

    private final EventLoop loop;
    private final NetworkInterface networkInterface;
    private final MdnsResolver resolver = new MdnsResolver(MAX_PENDING_LOOKUPS);
    private final MdnsResponder responder = new MdnsResponder();
    private final Map<String, List<CompletableFuture<Optional<InetAddress>>>> lookups = new HashMap<>();
    private final List<Runnable> waitingForSocket = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private Channel channel;
    private ScheduledFuture<?> timer;
    private long timerDeadline = Long.MAX_VALUE;
    private boolean closed;
    private volatile long messagesSent; // written on the loop only; read from anywhere
    private volatile long messagesReceived;

    private MulticastMdns(EventLoop loop, NetworkInterface networkInterface) {
        this.loop = loop;
        this.networkInterface = networkInterface;
    }

    /**
     * Starts opening the socket on {@code loop} (epoll when {@code epoll}, else NIO: the kind of the loop's group) and
     * joining the group on {@code networkInterface}; returns at once.
     */
    public static MulticastMdns open(EventLoop loop, boolean epoll, NetworkInterface networkInterface) {
        MulticastMdns m = new MulticastMdns(Objects.requireNonNull(loop, "loop"),
                Objects.requireNonNull(networkInterface, "networkInterface"));
        m.start(epoll);
        return m;
    }

    private void start(boolean epoll) {
        ChannelFactory<DatagramChannel> factory = epoll
                ? () -> new EpollDatagramChannel(SocketProtocolFamily.INET)
                : () -> new NioDatagramChannel(SocketProtocolFamily.INET);
        Bootstrap b = new Bootstrap().group(loop).channelFactory(factory)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.IP_MULTICAST_IF, networkInterface)
                .option(ChannelOption.IP_MULTICAST_TTL, 255) // RFC 6762 §11
                .option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, false) // other mDNS users of this host hear us
                .option(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.FixedRecvByteBufAllocator(MAX_MESSAGE))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        received(ByteBufUtil.getBytes(p.content()));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        LOG.debug("mDNS socket error on {}: {}", networkInterface.getName(), cause.toString());
                    }
                });
        if (epoll) b.option(EpollChannelOption.SO_REUSEPORT, true);
        ChannelFuture bound = b.bind(new InetSocketAddress(GROUP_V4.getPort()));
        bound.addListener(f -> {
            if (!f.isSuccess()) {
                failed("cannot bind UDP port 5353: " + f.cause());
                return;
            }
            Channel c = bound.channel();
            ((DatagramChannel) c).joinGroup(GROUP_V4, networkInterface).addListener(j -> {
                if (!j.isSuccess()) {
                    c.close();
                    failed("cannot join " + GROUP_V4.getAddress().getHostAddress() + " on " + networkInterface.getName()
                            + ": " + j.cause());
                    return;
                }
                channel = c;
                if (closed) {
                    shutDown();
                    return;
                }
                LOG.debug("mDNS on {} ({})", networkInterface.getName(), epoll ? "epoll" : "nio");
                ready.complete(null);
                for (Runnable r : waitingForSocket) r.run();
                waitingForSocket.clear();
                flush();
            });
        });
    }

    private void failed(String why) {
        LOG.warn("mDNS on {} unavailable: {}", networkInterface.getName(), why);
        ready.completeExceptionally(new IllegalStateException("mDNS on " + networkInterface.getName() + ": " + why));
        for (Runnable r : waitingForSocket) r.run();
        waitingForSocket.clear();
    }

    /** Completes once the socket is open and joined, exceptionally when it cannot be. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    public NetworkInterface networkInterface() {
        return networkInterface;
    }

    // ------------------------------------------------------------------------------------------ API

    /**
     * Looks {@code hostname} up on the link: completes with its address, or empty when no answer comes within
     * {@code timeout}, the socket cannot open, {@link #MAX_PENDING_LOOKUPS} are running, or this closes.
     *
     * @throws IllegalArgumentException when the name does not end in {@code .local} or has bad labels
     */
    public CompletableFuture<Optional<InetAddress>> resolve(String hostname, Duration timeout) {
        String key = dev.jrtc.ice.mdns.internal.DnsMessage.canonicalName(hostname);
        if (!key.endsWith(".local")) throw new IllegalArgumentException("mDNS resolves .local names only: '" + hostname + "'");
        dev.jrtc.ice.mdns.internal.MdnsMessages.query(key, dev.jrtc.ice.mdns.internal.MdnsMessages.TYPE_A); // bad labels throw here, on the caller's thread
        CompletableFuture<Optional<InetAddress>> f = new CompletableFuture<>();
        long timeoutNanos = timeout.toNanos();
        onLoop(() -> whenSocket(() -> {
            if (closed || channel == null) {
                f.complete(Optional.empty());
                return;
            }
            long now = System.nanoTime();
            if (!resolver.resolve(now, key, now + timeoutNanos)) {
                f.complete(Optional.empty());
                return;
            }
            lookups.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            drain();
        }), () -> f.complete(Optional.empty()));
        return f;
    }

    /**
     * Answers for {@code name} with {@code address} from now on and announces it; completes once announced, or
     * exceptionally when the socket cannot open, the name is taken or invalid, or this closed.
     */
    public CompletableFuture<Void> register(String name, InetAddress address) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(() -> whenSocket(() -> {
            if (closed || channel == null) {
                f.completeExceptionally(new IllegalStateException("mDNS on " + networkInterface.getName()
                        + " is not available" + (closed ? " (closed)" : "")));
                return;
            }
            try {
                responder.register(System.nanoTime(), name, address);
            } catch (IllegalArgumentException e) {
                f.completeExceptionally(e);
                return;
            }
            drain();
            f.complete(null);
        }), () -> f.completeExceptionally(new IllegalStateException("event loop gone")));
        return f;
    }

    /** Stops answering for {@code name} and says goodbye to the link's caches (RFC 6762 §10.1). */
    public void unregister(String name) {
        onLoop(() -> {
            if (channel != null && responder.unregister(System.nanoTime(), name)) drain();
        }, () -> { });
    }

    /** mDNS messages sent and received (all of them, also others' and our own looped back). */
    public long messagesSent() {
        return messagesSent;
    }

    public long messagesReceived() {
        return messagesReceived;
    }

    /** Says goodbye for every registered name, ends pending lookups empty and closes the socket (waits up to 5 s). */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            if (!closed) {
                closed = true;
                shutDown();
            }
            done.complete(null);
        }, () -> done.complete(null));
        if (!loop.inEventLoop()) {
            try {
                done.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("mDNS close did not finish: {}", e.toString());
            }
        }
    }

    private void shutDown() {
        long now = System.nanoTime();
        responder.close(now);
        resolver.close();
        drain();
        if (timer != null) timer.cancel(false);
        timer = null;
        if (channel != null) channel.close();
    }

    // ------------------------------------------------------------------------------------------ on the loop

    private void onLoop(Runnable task, Runnable rejected) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            rejected.run();
        }
    }

    private void whenSocket(Runnable r) {
        if (ready.isDone()) r.run();
        else waitingForSocket.add(r);
    }

    private void received(byte[] message) {
        messagesReceived++;
        long now = System.nanoTime();
        resolver.handleMessage(now, message, message.length);
        responder.handleMessage(now, message, message.length);
        drain();
    }

    private void onTimer() {
        timer = null;
        timerDeadline = Long.MAX_VALUE;
        long now = System.nanoTime();
        resolver.handleTimeout(now);
        responder.handleTimeout(now);
        drain();
    }

    /** Hands out resolutions, sends what the cores want sent, re-arms the timer. */
    private void drain() {
        for (MdnsResolver.Resolution r = resolver.pollEvent(); r != null; r = resolver.pollEvent()) {
            List<CompletableFuture<Optional<InetAddress>>> waiting = lookups.remove(r.name());
            if (waiting != null) for (CompletableFuture<Optional<InetAddress>> f : waiting) f.complete(r.resolved());
        }
        flush();
        if (closed) return;
        long deadline = Math.min(resolver.pollTimeout(), responder.pollTimeout());
        if (deadline == timerDeadline && timer != null) return;
        if (timer != null) timer.cancel(false);
        timer = null;
        timerDeadline = deadline;
        if (deadline != Long.MAX_VALUE) {
            timer = loop.schedule(this::onTimer, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    private void flush() {
        if (channel == null) return;
        boolean wrote = false;
        for (byte[] m = resolver.pollTransmit(); m != null; m = resolver.pollTransmit()) {
            channel.write(new DatagramPacket(Unpooled.wrappedBuffer(m), GROUP_V4));
            wrote = true;
            messagesSent++;
        }
        for (byte[] m = responder.pollTransmit(); m != null; m = responder.pollTransmit()) {
            channel.write(new DatagramPacket(Unpooled.wrappedBuffer(m), GROUP_V4));
            wrote = true;
            messagesSent++;
        }
        if (wrote) channel.flush();
    }
}
