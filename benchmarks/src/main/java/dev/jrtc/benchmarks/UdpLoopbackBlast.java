package dev.jrtc.benchmarks;

import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.UdpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The I/O floor under {@link DataChannelLoopback}: the same bytes in 1200-byte datagrams (what the DTLS layer
 * sends) between two {@link UdpTransport} sockets on 127.0.0.1, one Netty event loop each, batched the same way
 * (send(List), so GSO/sendmmsg where available), with no SCTP and no DTLS. The receiver reports its count every
 * 64 datagrams; the sender keeps at most the same 1 MiB in flight. A datagram lost in the kernel is counted out
 * after 20 ms without progress so the run cannot hang; the result is what arrived.
 */
final class UdpLoopbackBlast implements AutoCloseable {
    static final int DATAGRAM = 1200;
    private static final int REPORT_EVERY = 64;

    private final EventLoopGroup group = UdpTransport.newEventLoopGroup(2);
    private final UdpTransport udp = new UdpTransport(group);
    private final InetSocketAddress sender;
    private final InetSocketAddress receiver;
    private final EventLoop senderLoop;
    private final EventLoop receiverLoop;
    private final byte[] payload = new byte[DATAGRAM];
    // receiver state (receiver loop)
    private long received;
    private long receivedBytes;
    // sender state (sender loop)
    private long toSend;
    private long sent;
    private long acked;
    private long window;
    private long lastProgressNanos;
    private CompletableFuture<Long> done;

    UdpLoopbackBlast() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        payload[0] = 23;
        receiver = udp.bind(new InetSocketAddress(loopback, 0), this::atReceiver, DataChannelLoopback.SOCKET_BUFFER, 0);
        sender = udp.bind(new InetSocketAddress(loopback, 0), this::atSender, DataChannelLoopback.SOCKET_BUFFER,
                DataChannelLoopback.SOCKET_BUFFER);
        senderLoop = udp.eventLoop(sender);
        receiverLoop = udp.eventLoop(receiver);
    }

    /** Sends {@code total} bytes with at most {@code inFlight} bytes unreported; returns the nanoseconds taken. */
    long blast(long total, long inFlight, Duration timeout) throws Exception {
        receiverLoop.submit(() -> {
            received = 0;
            receivedBytes = 0;
        }).get();
        CompletableFuture<Long> finished = new CompletableFuture<>();
        long start = System.nanoTime();
        senderLoop.execute(() -> {
            toSend = (total + DATAGRAM - 1) / DATAGRAM;
            sent = 0;
            acked = 0;
            window = Math.max(REPORT_EVERY * 2, inFlight / DATAGRAM);
            lastProgressNanos = System.nanoTime();
            done = finished;
            pump();
            watchdog();
        });
        try {
            finished.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("UDP blast of " + total + " bytes did not finish in " + timeout);
        }
        return System.nanoTime() - start;
    }

    /** Bytes the receiver got in the last blast. */
    long receivedBytes() throws Exception {
        return receiverLoop.submit(() -> receivedBytes).get();
    }

    private void atReceiver(long now, InetSocketAddress at, InetSocketAddress from, ByteBuf payload) {
        received++;
        receivedBytes += payload.readableBytes();
        if (received % REPORT_EVERY == 0 || payload.getByte(payload.readerIndex() + 1) == 1) {
            byte[] report = new byte[9];
            report[0] = 20;
            for (int i = 0; i < 8; i++) report[1 + i] = (byte) (received >>> (56 - 8 * i));
            udp.send(new Transmit(receiver, from, report));
        }
    }

    private void atSender(long now, InetSocketAddress at, InetSocketAddress from, ByteBuf report) {
        long count = report.getLong(report.readerIndex() + 1);
        if (count > acked) {
            acked = count;
            lastProgressNanos = now;
        }
        pump();
    }

    private void pump() {
        if (done == null) return;
        if (acked >= toSend) {
            CompletableFuture<Long> d = done;
            done = null;
            d.complete(acked);
            return;
        }
        List<Transmit> batch = new ArrayList<>();
        while (sent < toSend && sent - acked < window) {
            byte[] d = payload.clone();
            d[1] = (byte) (sent == toSend - 1 ? 1 : 0); // the last one asks for a report at once
            batch.add(new Transmit(sender, receiver, d));
            sent++;
        }
        if (!batch.isEmpty()) udp.send(batch);
    }

    /** Counts out datagrams the kernel dropped, so a loss cannot stall the window for good. */
    private void watchdog() {
        if (done == null) return;
        if (System.nanoTime() - lastProgressNanos > 20_000_000L) {
            acked = sent;
            lastProgressNanos = System.nanoTime();
            pump();
        }
        senderLoop.schedule(this::watchdog, 5, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        udp.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
