package dev.jrtc.benchmarks;

import dev.jrtc.dtls.BcDtlsTransport;
import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsEvent;
import dev.jrtc.dtls.DtlsRole;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.UdpTransport;
import dev.jrtc.sctp.SctpAssociation;
import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.SctpEvent;
import dev.jrtc.testkit.UdpImpairmentProxy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Two data-channel stacks in one JVM, each SCTP association over its own {@link BcDtlsTransport} over its own
 * real UDP socket on 127.0.0.1 ({@link UdpTransport}, Netty epoll when available). ICE is bypassed: each side
 * sends its DTLS datagrams straight to the other's socket. Each side lives on its own Netty event loop (as a
 * PeerConnection does), so with two loops the sender and the receiver run on different cores.
 *
 * <p>{@link #transfer} sends one reliable ordered stream of messages from the DTLS client's association to the
 * server's, keeping the sender's {@code bufferedAmount} between a low and a high water mark the way a browser app
 * does with {@code bufferedamountlow}, and returns when the receiver has every byte.
 */
final class DataChannelLoopback implements AutoCloseable {
    /** WebRTC's binary data-channel PPID (RFC 8831 §8). */
    private static final long PPID_BINARY = 53;
    /** SO_RCVBUF / SO_SNDBUF asked for (Linux caps it at net.core.rmem_max, 4 MiB here): holds a full SCTP window. */
    static final int SOCKET_BUFFER = Integer.getInteger("jrtc.bench.socketBuffer", 4 << 20);

    private final EventLoopGroup group;
    private final UdpTransport udp;
    private final Side client;
    private final Side server;

    /** Binds both sockets, runs the DTLS handshake and the SCTP association setup; fails after {@code timeout}. */
    DataChannelLoopback(Duration timeout) throws Exception {
        this(timeout, null, random -> SctpConfig.defaults(random));
    }

    /**
     * As {@link #DataChannelLoopback(Duration)}, but every datagram goes through {@code link} (an impairment proxy
     * on loopback, client as its endpoint A) when it is not null, and each side's association is configured by
     * {@code sctpConfig} from its seeded random.
     */
    DataChannelLoopback(Duration timeout, UdpImpairmentProxy.Link link, Function<Random, SctpConfig> sctpConfig) throws Exception {
        group = UdpTransport.newEventLoopGroup(2);
        udp = new UdpTransport(group);
        DtlsCertificate clientCert = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate serverCert = DtlsCertificate.generateEcdsaP256();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        client = new Side(DtlsRole.CLIENT, clientCert, serverCert, sctpConfig.apply(new Random(1)));
        server = new Side(DtlsRole.SERVER, serverCert, clientCert, sctpConfig.apply(new Random(2)));
        client.bind(new InetSocketAddress(loopback, 0));
        server.bind(new InetSocketAddress(loopback, 0));
        if (link == null) {
            client.remote = server.local;
            server.remote = client.local;
        } else {
            link.connect(client.local, server.local);
            client.remote = link.addressForA();
            server.remote = link.addressForB();
        }
        client.start();
        server.start();
        try {
            CompletableFuture.allOf(client.established, server.established).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("DTLS + SCTP setup did not finish in " + timeout, e);
        }
    }

    /** Whether the two sides run on different event loops (threads). */
    boolean separateLoops() {
        return client.loop != server.loop;
    }

    /**
     * Sends {@code total} bytes in messages of {@code messageSize} from client to server with at most
     * {@code highWater} buffered (refilled when it drops below {@code lowWater}); returns the nanoseconds until the
     * server received the last byte.
     *
     * @throws TimeoutException when the transfer takes longer than {@code timeout}
     */
    long transfer(long total, int messageSize, long highWater, long lowWater, Duration timeout) throws Exception {
        byte[] message = new byte[messageSize];
        new Random(3).nextBytes(message);
        CompletableFuture<Long> received = new CompletableFuture<>();
        server.loop.submit(() -> server.expect(total, received)).get();
        long start = System.nanoTime();
        client.loop.execute(() -> client.startSending(total, message, highWater, lowWater));
        try {
            received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            long[] progress = server.loop.submit(() -> new long[] {server.receivedBytes, client.sentBytes}).get();
            throw new TimeoutException("transfer of " + total + " bytes in " + messageSize + "-byte messages did not finish in "
                    + timeout + ": received " + progress[0] + ", queued " + progress[1]);
        } catch (ExecutionException e) {
            throw new IllegalStateException("transfer failed: " + e.getCause(), e.getCause());
        }
        long elapsed = System.nanoTime() - start;
        // Let the sender settle (last SACKs) before the next transfer starts.
        client.loop.submit(() -> client.stopSending()).get();
        return elapsed;
    }

    /**
     * Sends an endless stream of {@code messageSize}-byte messages from client to server (buffered amount kept
     * between the marks as in {@link #transfer}) for {@code warmUp} plus {@code measured}, and returns the bytes
     * the server received during {@code measured}: the steady-state rate, without slow start in it.
     */
    long stream(int messageSize, long highWater, long lowWater, Duration warmUp, Duration measured) throws Exception {
        byte[] message = new byte[messageSize];
        new Random(3).nextBytes(message);
        server.loop.submit(() -> server.expect(Long.MAX_VALUE, new CompletableFuture<>())).get();
        client.loop.execute(() -> client.startSending(Long.MAX_VALUE, message, highWater, lowWater));
        try {
            Thread.sleep(warmUp.toMillis());
            long before = server.loop.submit(() -> server.receivedBytes).get();
            Thread.sleep(measured.toMillis());
            long after = server.loop.submit(() -> server.receivedBytes).get();
            return after - before;
        } finally {
            client.loop.submit(() -> client.stopSending()).get();
        }
    }

    /** The client association's one-line state (congestion window, flight, counters), for the reports. */
    String senderState() throws Exception {
        return client.loop.submit(() -> client.sctp.toString()).get();
    }

    /** Diagnostics: samples the sender's congestion window and bufferedAmount every 10 ms for {@code millis}. */
    java.util.concurrent.Future<String> sampleSender(int millis) {
        StringBuilder sb = new StringBuilder();
        CompletableFuture<String> done = new CompletableFuture<>();
        int[] n = {0};
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = client.loop.scheduleAtFixedRate(() -> {
            sb.append(client.sctp.congestionWindow() / 1024).append('K').append('/').append(client.sctp.bufferedAmount() / 1024).append("K ");
            if (++n[0] * 10 >= millis) {
                task[0].cancel(false);
                done.complete(sb.toString());
            }
        }, 10, 10, TimeUnit.MILLISECONDS);
        return done;
    }

    /** CPU nanoseconds the client's and the server's event-loop threads have used so far. */
    long[] loopCpuNanos() throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c = client.loop.submit(() -> mx.getCurrentThreadCpuTime()).get();
        long s = server.loop.submit(() -> mx.getCurrentThreadCpuTime()).get();
        return new long[] {c, s};
    }

    String stats() {
        return "udp sent " + udp.packetsSent() + " received " + udp.packetsReceived() + " send failures "
                + udp.sendFailures() + "; dtls dropped client " + client.dtls.droppedDatagrams() + " server "
                + server.dtls.droppedDatagrams() + "; sctp dropped client " + client.sctp.droppedPackets() + " server "
                + server.sctp.droppedPackets() + String.format("; per read batch: client %.1f, server %.1f datagrams;"
                + " per send: client %.1f, server %.1f", (double) client.datagramsIn / client.batches,
                (double) server.datagramsIn / server.batches, (double) client.datagramsOut / client.sendCalls,
                (double) server.datagramsOut / server.sendCalls);
    }

    @Override
    public void close() {
        client.dtls.close();
        server.dtls.close();
        udp.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One stack: everything here runs on {@link #loop} except the construction. */
    private final class Side {
        final DtlsRole role;
        final BcDtlsTransport dtls;
        final SctpAssociation sctp;
        final CompletableFuture<Void> established = new CompletableFuture<>();
        InetSocketAddress local;
        InetSocketAddress remote;
        EventLoop loop;
        private ScheduledFuture<?> timer;
        private long timerAt = Long.MAX_VALUE;
        private final java.util.ArrayList<Transmit> out = new java.util.ArrayList<>();
        private boolean processQueued;
        long datagramsIn;
        long batches;
        long sendCalls;
        long datagramsOut;
        private final Runnable processTask = () -> {
            processQueued = false;
            process(System.nanoTime());
        };
        // sender
        private byte[] message;
        private long toSend;
        long sentBytes;
        private long highWater;
        private long lowWater;
        // receiver
        long receivedBytes;
        private long expected;
        private CompletableFuture<Long> receivedAll;

        Side(DtlsRole role, DtlsCertificate ours, DtlsCertificate theirs, SctpConfig sctpConfig) {
            this.role = role;
            this.dtls = new BcDtlsTransport(DtlsConfig.of(role, ours, theirs.fingerprint())
                    .withSrtpProfiles(List.of())
                    .withWakeup(this::wakeup));
            this.sctp = new SctpAssociation(sctpConfig);
        }

        void bind(InetSocketAddress address) {
            local = udp.bind(address, this::receive, SOCKET_BUFFER, SOCKET_BUFFER);
            loop = udp.eventLoop(local);
        }

        void start() {
            loop.execute(dtls::start);
        }

        /** Called by BC's handshake thread when it has output or an event; coalesced into one task. */
        private void wakeup() {
            loop.execute(() -> {
                process(System.nanoTime());
            });
        }

        /**
         * Hands the datagram to DTLS at once but processes (SCTP, then output) once per read batch: the task runs
         * after Netty has read what the socket had (up to 16 datagrams a round), so SCTP's SACKs for a batch leave
         * as records packed into one datagram and one send, instead of one sendto each.
         */
        private void receive(long now, InetSocketAddress at, InetSocketAddress from, ByteBuf payload) {
            byte[] d = ByteBufUtil.getBytes(payload);
            dtls.handleDatagram(now, d, 0, d.length);
            datagramsIn++;
            if (!processQueued) {
                batches++;
                processQueued = true;
                loop.execute(processTask);
            }
        }

        /** Drains DTLS and SCTP of events and output until neither has anything more. */
        private void process(long now) {
            // Everything DTLS has for this round is one receive batch: one SACK for all of it, not one per two packets.
            sctp.beginReceiveBatch();
            for (DtlsEvent e = dtls.pollEvent(); e != null; e = dtls.pollEvent()) {
                if (e instanceof DtlsEvent.ApplicationData a) {
                    sctp.handlePacket(now, a.data(), 0, a.data().length);
                } else if (e instanceof DtlsEvent.HandshakeComplete && role == DtlsRole.CLIENT) {
                    sctp.connect(now);
                } else if (e instanceof DtlsEvent.Failed f) {
                    established.completeExceptionally(new IllegalStateException(f.reason(), f.cause()));
                    if (receivedAll != null) receivedAll.completeExceptionally(new IllegalStateException(f.reason()));
                }
            }
            sctp.endReceiveBatch(now);
            for (SctpEvent e = sctp.pollEvent(); e != null; e = sctp.pollEvent()) {
                if (e instanceof SctpEvent.Message m) {
                    receivedBytes += m.data().length;
                    if (receivedAll != null && receivedBytes >= expected) {
                        receivedAll.complete(receivedBytes);
                        receivedAll = null;
                    }
                } else if (e instanceof SctpEvent.Established) {
                    established.complete(null);
                } else if (e instanceof SctpEvent.Aborted a) {
                    established.completeExceptionally(new IllegalStateException("SCTP aborted: " + a.reason()));
                    if (receivedAll != null) receivedAll.completeExceptionally(new IllegalStateException(a.reason()));
                }
            }
            refill(now);
            for (byte[] p = sctp.pollTransmit(); p != null; p = sctp.pollTransmit()) {
                dtls.send(p, 0, p.length);
            }
            for (byte[] d = dtls.pollTransmit(); d != null; d = dtls.pollTransmit()) {
                out.add(new Transmit(local, remote, d));
            }
            if (!out.isEmpty()) {
                sendCalls++;
                datagramsOut += out.size();
                udp.send(out); // one flush: sendmmsg on epoll
                out.clear();
            }
            armTimer(now);
        }

        private void refill(long now) {
            if (message == null || sctp.state() != SctpAssociation.State.ESTABLISHED || sctp.bufferedAmount() >= lowWater) {
                return;
            }
            while (toSend > 0 && sctp.bufferedAmount() < highWater) {
                sctp.send(now, 0, PPID_BINARY, message, false);
                toSend -= message.length;
                sentBytes += message.length;
            }
            if (toSend <= 0) {
                message = null;
            }
        }

        /**
         * Keeps one timer at or before SCTP's next deadline. It is only moved earlier, never cancelled for a later
         * deadline (T3 moves forward with every SACK): firing early costs one handleTimeout that finds nothing due.
         */
        private void armTimer(long now) {
            long at = sctp.pollTimeout();
            if (at == Long.MAX_VALUE || (timer != null && timerAt <= at)) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            timerAt = at;
            timer = loop.schedule(() -> {
                timer = null;
                long t = System.nanoTime();
                sctp.handleTimeout(t);
                process(t);
            }, Math.max(0, at - now), TimeUnit.NANOSECONDS);
        }

        void expect(long total, CompletableFuture<Long> done) {
            receivedBytes = 0;
            expected = total;
            receivedAll = done;
        }

        void startSending(long total, byte[] data, long high, long low) {
            message = data;
            toSend = total;
            sentBytes = 0;
            highWater = high;
            lowWater = low;
            long now = System.nanoTime();
            process(now);
        }

        void stopSending() {
            message = null;
            toSend = 0;
        }
    }
}
