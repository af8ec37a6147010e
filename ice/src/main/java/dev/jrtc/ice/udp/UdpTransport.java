package dev.jrtc.ice.udp;

import dev.jrtc.ice.Transmit;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP I/O layer: one Netty {@link DatagramChannel} per local address (epoll when {@link Epoll#isAvailable()},
 * NIO otherwise), shared by every component that sends or receives on that address. The only class that opens
 * sockets, with {@link MulticastMdns} for the multicast DNS port.
 *
 * <p>Event loops: built with {@link #UdpTransport()} it creates a one-thread group and shuts it down in
 * {@link #close()}; built with {@link #UdpTransport(EventLoopGroup)} it uses the caller's group (made by
 * {@link #newEventLoopGroup(int)} or any epoll/NIO {@link IoEventLoopGroup}) and leaves it running on close.
 *
 * <p>Receiving: each socket has one {@link DatagramHandler} (typically an {@link Rfc7983Demux} or a
 * {@link SinglePortRouter}) called on the socket's event loop with the payload borrowed; the transport releases the
 * buffer after the call. Sending: {@link #send(Transmit)} from any thread. Thread-safe.
 */
public final class UdpTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTransport.class);
    /** Receive buffer per read: larger than any datagram a WebRTC peer sends (path MTU is ~1500). */
    private static final int MAX_DATAGRAM = 8192;
    /** Bytes queued per socket beyond which sends are dropped: real-time data is better lost than late. */
    private static final WriteBufferWaterMark SEND_QUEUE_LIMIT = new WriteBufferWaterMark(512 * 1024, 1024 * 1024);
    /** Reads (system calls) per readiness event before the event loop serves other sockets and tasks. */
    private static final int READS_PER_ROUND = 16;
    /** Datagrams one epoll read takes (recvmmsg), each in a MAX_DATAGRAM slot of one pooled buffer. */
    private static final int DATAGRAMS_PER_READ = 8;
    /** Datagrams per UDP GSO send (the kernel's UDP_MAX_SEGMENTS is 64 before Linux 5.x raised it). */
    static final int MAX_SEGMENTS = 64;
    /** Bytes per UDP GSO send: one UDP datagram's worth. */
    private static final int MAX_SEGMENTED_BYTES = 65_000;

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final boolean epoll;
    private final LongSupplier clock;
    private final Map<InetSocketAddress, Channel> channels = new ConcurrentHashMap<>();
    private final LongAdder packetsReceived = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder packetsSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();
    /** Whether {@link #send(List)} may use UDP GSO (epoll, and the kernel supports UDP_SEGMENT). */
    private final boolean gso;
    /** Set when a segmented send failed (e.g. a device without checksum offload); then never tried again. */
    private volatile boolean gsoFailed;
    private volatile boolean closed;

    /** A transport on its own one-thread event loop group, shut down by {@link #close()}. */
    public UdpTransport() {
        this(newEventLoopGroup(1), true, System::nanoTime);
    }

    /**
     * A transport on the caller's group (an epoll or NIO {@link IoEventLoopGroup}); the caller shuts it down after
     * {@link #close()}.
     *
     * @throws IllegalArgumentException when the group is neither epoll nor NIO
     */
    public UdpTransport(EventLoopGroup group) {
        this(group, false, System::nanoTime);
    }

    /**
     * A transport on the caller's group that stamps received datagrams with {@code clock} (it must tick in
     * nanoseconds on the same origin as the drivers' clocks).
     */
    public UdpTransport(EventLoopGroup group, LongSupplier clock) {
        this(group, false, clock);
    }

    private UdpTransport(EventLoopGroup group, boolean ownsGroup, LongSupplier clock) {
        this.group = Objects.requireNonNull(group, "group");
        this.ownsGroup = ownsGroup;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
            this.epoll = true;
        } else if (group instanceof IoEventLoopGroup io && io.isIoType(NioIoHandler.class)) {
            this.epoll = false;
        } else {
            throw new IllegalArgumentException("need an epoll or NIO IoEventLoopGroup (see newEventLoopGroup), got "
                    + group.getClass().getName());
        }
        this.gso = epoll && io.netty.channel.epoll.SegmentedDatagramPacket.isSupported();
    }

    /** A new event loop group of {@code threads} threads, epoll when available; the caller shuts it down. */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** Whether {@link #send(List)} hands runs of equal datagrams to the kernel as one UDP GSO send. */
    public boolean segmentedSends() {
        return gso && !gsoFailed;
    }

    /** True when sockets are epoll channels, false for NIO. */
    public boolean isEpoll() {
        return epoll;
    }

    /**
     * Opens a socket on {@code local} (port 0 picks a free port) whose datagrams go to {@code handler}; blocks until
     * bound. Call it from outside the event loops.
     *
     * @return the bound address, the key for {@link Transmit#source()}
     * @throws IllegalArgumentException when binding fails (address in use, not a local address)
     */
    public InetSocketAddress bind(InetSocketAddress local, DatagramHandler handler) {
        return bind(local, handler, group, 0, 0);
    }

    /**
     * Like {@link #bind(InetSocketAddress, DatagramHandler)}, with the kernel's socket buffers ({@code SO_RCVBUF},
     * {@code SO_SNDBUF}) asked for the given sizes; 0 keeps the system default. Linux caps them at
     * {@code net.core.rmem_max} and {@code wmem_max}. Bulk data channels need more than Linux's default 208 KiB
     * receive buffer: a full SCTP window sent in one burst overflows it, and every overflow is a loss.
     */
    public InetSocketAddress bind(InetSocketAddress local, DatagramHandler handler, int receiveBufferBytes,
                                  int sendBufferBytes) {
        return bind(local, handler, group, receiveBufferBytes, sendBufferBytes);
    }

    /**
     * Like {@link #bind(InetSocketAddress, DatagramHandler, int, int)}, with the socket served by {@code loop} (one
     * of this transport's group), so a connection bound to that loop gets its datagrams with no thread hop.
     */
    public InetSocketAddress bind(InetSocketAddress local, DatagramHandler handler, EventLoopGroup loop,
                                  int receiveBufferBytes, int sendBufferBytes) {
        Objects.requireNonNull(handler, "handler");
        if (receiveBufferBytes < 0 || sendBufferBytes < 0) {
            throw new IllegalArgumentException("socket buffer sizes must be >= 0: " + receiveBufferBytes + ", " + sendBufferBytes);
        }
        if (closed) {
            throw new IllegalArgumentException("transport is closed");
        }
        if (local.isUnresolved()) {
            throw new IllegalArgumentException("bind needs a resolved address, got " + local);
        }
        SocketProtocolFamily family =
                local.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        ChannelFactory<DatagramChannel> factory = epoll
                ? () -> new EpollDatagramChannel(family)
                : () -> new NioDatagramChannel(family);
        Bootstrap bootstrap = new Bootstrap().group(loop).channelFactory(factory)
                // Up to READS_PER_ROUND datagrams per readiness event. A FixedRecvByteBufAllocator of our own reads
                // one per event (its default maxMessagesPerRead is 1, the channel's 16 applies only to Netty's own
                // allocator), and a datagram shorter than the buffer would otherwise look like "no more data".
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(epoll ? MAX_DATAGRAM * DATAGRAMS_PER_READ : MAX_DATAGRAM)
                        .respectMaybeMoreData(false).maxMessagesPerRead(READS_PER_ROUND))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, SEND_QUEUE_LIMIT)
                .handler(new Receiver(handler));
        if (epoll) {
            // recvmmsg: each read fills up to DATAGRAMS_PER_READ slots of MAX_DATAGRAM bytes in one system call.
            bootstrap.option(io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM);
        }
        if (receiveBufferBytes > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
        }
        if (sendBufferBytes > 0) {
            bootstrap.option(ChannelOption.SO_SNDBUF, sendBufferBytes);
        }
        Channel channel;
        try {
            channel = bootstrap.bind(local).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows the bind failure (a checked NativeIoException, e.g. EADDRINUSE) without declaring it.
            throw new IllegalArgumentException("cannot bind UDP socket to " + local + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        channels.put(bound, channel);
        channel.closeFuture().addListener(f -> channels.remove(bound, channel));
        LOG.debug("bound {} ({})", bound, epoll ? "epoll" : "nio");
        return bound;
    }

    /**
     * Closes the socket bound to {@code local} (waits up to 5 s, except on an event loop thread, where the close
     * completes asynchronously); returns whether there was one. Its handler gets no
     * more datagrams and transmits from it are dropped.
     */
    public boolean unbind(InetSocketAddress local) {
        Channel channel = channels.remove(local);
        if (channel != null) {
            io.netty.channel.ChannelFuture closing = channel.close();
            // On an event loop (a connection closing itself) waiting could deadlock: the close completes later.
            if (!channel.eventLoop().inEventLoop() && !(Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread)) {
                closing.awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        return channel != null;
    }

    /** The event loop serving the socket bound to {@code local}, for drivers that must run on it. */
    public EventLoop eventLoop(InetSocketAddress local) {
        Channel channel = channels.get(local);
        if (channel == null) {
            throw new IllegalArgumentException("no socket bound to " + local);
        }
        return channel.eventLoop();
    }

    /** The bound local addresses. */
    public List<InetSocketAddress> localAddresses() {
        return List.copyOf(channels.keySet());
    }

    /**
     * Sends {@code transmit} from the socket bound to its source; callable from any thread (Netty posts the write to
     * the socket's event loop). The transport takes ownership of the data array. Transmits whose source has no
     * socket, transmits that find the socket's send queue over 1 MiB, and failed writes are dropped and counted in
     * {@link #sendFailures()}.
     */
    public void send(Transmit transmit) {
        Channel channel = writable(transmit);
        if (channel != null) {
            write(channel, transmit);
            channel.flush();
        }
    }

    /**
     * Sends several transmits with one flush per socket; otherwise as {@link #send(Transmit)} (any thread,
     * ownership of each data array passes to the transport, drops counted). On epoll the batch reaches the kernel
     * in one {@code sendmmsg} call instead of one {@code sendto} each, and where the kernel has UDP GSO
     * ({@code UDP_SEGMENT}, Linux 4.18+), each run of consecutive transmits with the same source, destination and
     * length (the last may be shorter) goes down as one segmented send of up to {@value #MAX_SEGMENTS} datagrams:
     * the kernel walks its UDP/IP path once per run instead of once per datagram. The peer still receives
     * separate datagrams. A driver draining a protocol core of many datagrams at once uses this.
     */
    public void send(List<Transmit> transmits) {
        Channel last = null;
        int n = transmits.size();
        for (int i = 0; i < n; ) {
            Transmit t = transmits.get(i);
            if (last != null && (!last.isWritable() || !t.source().equals(transmits.get(i - 1).source()))) {
                last.flush(); // a batch over the send queue's limit goes out in parts rather than being dropped
                last = null;
            }
            Channel channel = writable(t);
            if (channel == null) {
                i++;
                continue;
            }
            int run = gso && !gsoFailed ? segmentRun(transmits, i) : 1;
            if (run > 1) {
                writeSegmented(channel, transmits, i, run);
            } else {
                write(channel, t);
            }
            i += run;
            last = channel;
        }
        if (last != null) {
            last.flush();
        }
    }

    /** How many transmits from {@code from} on can share one GSO send: same addresses, same size, last shorter. */
    private static int segmentRun(List<Transmit> transmits, int from) {
        Transmit first = transmits.get(from);
        int segment = first.data().length;
        int total = segment;
        int end = from + 1;
        while (end < transmits.size() && end - from < MAX_SEGMENTS) {
            Transmit t = transmits.get(end);
            int len = t.data().length;
            if (len > segment || len == 0 || total + len > MAX_SEGMENTED_BYTES
                    || !t.destination().equals(first.destination()) || !t.source().equals(first.source())) {
                break;
            }
            total += len;
            end++;
            if (len < segment) {
                break; // only the last segment may be shorter
            }
        }
        return end - from;
    }

    private void writeSegmented(Channel channel, List<Transmit> transmits, int from, int count) {
        Transmit first = transmits.get(from);
        int total = 0;
        for (int i = from; i < from + count; i++) {
            total += transmits.get(i).data().length;
        }
        ByteBuf buf = channel.alloc().directBuffer(total);
        for (int i = from; i < from + count; i++) {
            buf.writeBytes(transmits.get(i).data());
        }
        int bytes = total;
        channel.write(new io.netty.channel.epoll.SegmentedDatagramPacket(buf, first.data().length, first.destination()))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        packetsSent.add(count);
                        bytesSent.add(bytes);
                    } else {
                        sendFailures.add(count);
                        if (!gsoFailed) {
                            gsoFailed = true;
                            LOG.info("UDP GSO send failed, sending datagram by datagram from now on", f.cause());
                        }
                    }
                });
    }

    private Channel writable(Transmit transmit) {
        Channel channel = channels.get(transmit.source());
        if (channel == null || !channel.isWritable()) {
            sendFailures.increment();
            LOG.debug("no socket for source {} or its send queue is full, dropped", transmit.source());
            return null;
        }
        return channel;
    }

    private void write(Channel channel, Transmit transmit) {
        int length = transmit.data().length;
        channel.write(new DatagramPacket(Unpooled.wrappedBuffer(transmit.data()), transmit.destination()))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        packetsSent.increment();
                        bytesSent.add(length);
                    } else {
                        sendFailures.increment();
                        LOG.debug("send to {} failed", transmit.destination(), f.cause());
                    }
                });
    }

    /** Closes every socket and, when the transport created its group, shuts the group down; waits up to 5 s. */
    @Override
    public void close() {
        closed = true;
        for (Channel channel : List.copyOf(channels.values())) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        channels.clear();
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /** Datagrams received. */
    public long packetsReceived() {
        return packetsReceived.sum();
    }

    /** Payload bytes received. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Datagrams sent. */
    public long packetsSent() {
        return packetsSent.sum();
    }

    /** Payload bytes sent. */
    public long bytesSent() {
        return bytesSent.sum();
    }

    /** Transmits dropped: no socket for their source, send queue full, or the write failed. */
    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Datagrams whose handler threw (a bug in the handler; logged, the datagram is dropped). */
    public long handlerFailures() {
        return handlerFailures.sum();
    }

    /** Hands each datagram to the socket's handler and releases it afterwards. */
    private final class Receiver extends ChannelInboundHandlerAdapter {
        private final DatagramHandler handler;

        Receiver(DatagramHandler handler) {
            this.handler = handler;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            try {
                packetsReceived.increment();
                bytesReceived.add(packet.content().readableBytes());
                handler.handleDatagram(clock.getAsLong(), (InetSocketAddress) ctx.channel().localAddress(),
                        packet.sender(), packet.content());
            } catch (RuntimeException e) {
                handlerFailures.increment();
                LOG.warn("datagram handler failed on a datagram from {}", packet.sender(), e);
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            try {
                handler.readComplete();
            } catch (RuntimeException e) {
                handlerFailures.increment();
                LOG.warn("datagram handler failed at the end of a read round", e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and similar socket errors: the socket stays usable.
            LOG.debug("socket error on {}", ctx.channel().localAddress(), cause);
        }
    }
}
