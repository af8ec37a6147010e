package dev.jrtc.examples;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcException;
import dev.jrtc.peerconnection.RtcIceGatheringState;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.peerconnection.RtcStats;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannelState;
import dev.jrtc.testkit.Impairments;
import dev.jrtc.testkit.ProxiedCandidates;
import dev.jrtc.testkit.UdpImpairmentProxy;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak: N PeerConnection pairs talk through a {@link UdpImpairmentProxy} (loss, reordering jitter, duplicates,
 * garbage sent to the live sockets) for M minutes while a share of the pairs is closed and reconnected all the time.
 * Each pair has a reliable ordered channel carrying sequence-numbered messages both ways (every one must arrive, in
 * order) and an unreliable unordered one (maxRetransmits 0). The "server" side runs in single-port mode. Prints
 * heap after GC, threads and open file descriptors before and after, messages, connections and the drop counters
 * summed over every connection's getStats.
 *
 * <p>Bounded: the phases stop at their deadlines, every wait has a timeout, sends are paced, and it binds and sends
 * to 127.0.0.1 only. Usage: {@code SoakHarness [pairs=100] [minutes=10] [lossPercent=1.5] [seed=1]}.
 */
public final class SoakHarness {
    private static final long TICK_MILLIS = 100;
    /** Pairs closed and reconnected per second, as a share of all pairs. */
    private static final double CHURN_PER_SECOND = 0.02;
    private static final int CHURN_IN_PARALLEL = 4;
    private static final long CONNECT_TIMEOUT_MILLIS = 20_000;
    private static final long DRAIN_TIMEOUT_MILLIS = 20_000;
    private static final double GARBAGE_PER_SECOND = Double.parseDouble(System.getProperty("soak.garbage", "5"));
    /**
     * Share of the garbage that is a bit-flipped copy of a datagram just relayed. 0 by default (the README's soak
     * row was measured so); -Dsoak.corrupt=0.5 adds them. Such copies of DTLS records once stalled handshakes and
     * ended established sessions below Bouncy Castle; they are dropped and counted now (jrtcDtlsDropped).
     */
    private static final double CORRUPT_COPY_SHARE = Double.parseDouble(System.getProperty("soak.corrupt", "0"));

    private final int pairCount;
    private final long soakNanos;
    private final Impairments impairments;
    private final UdpImpairmentProxy proxy;
    private final PeerConnectionFactory clientSide;
    private final PeerConnectionFactory serverSide;
    private final DtlsCertificate clientCert = DtlsCertificate.generateEcdsaP256();
    private final DtlsCertificate serverCert = DtlsCertificate.generateEcdsaP256();
    private final Random random;
    private final List<Pair> pairs = new ArrayList<>();
    private final ExecutorService churnPool = Executors.newFixedThreadPool(CHURN_IN_PARALLEL, r -> {
        Thread t = new Thread(r, "soak-churn");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore churnSlots = new Semaphore(CHURN_IN_PARALLEL);

    private final AtomicLong reliableSent = new AtomicLong();
    private final AtomicLong reliableReceived = new AtomicLong();
    private final AtomicLong reliableLost = new AtomicLong();
    private final AtomicLong orderViolations = new AtomicLong();
    private final AtomicLong unreliableSent = new AtomicLong();
    private final AtomicLong unreliableReceived = new AtomicLong();
    private final AtomicLong sendsRefused = new AtomicLong();
    private final AtomicLong connectionsCompleted = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong connectionsFailedLater = new AtomicLong();
    private final AtomicLong churned = new AtomicLong();
    private final Map<String, Long> dropCounters = new ConcurrentHashMap<>();

    /** One direction of a reliable channel: what was sent and what arrived, in order. */
    private static final class Flow {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
    }

    /** A pair and its current generation of connections. */
    private final class Pair {
        final int index;
        volatile UdpImpairmentProxy.Link link;
        volatile PeerConnection client;
        volatile PeerConnection server;
        volatile RtcDataChannel clientReliable;
        volatile RtcDataChannel clientUnreliable;
        volatile RtcDataChannel serverReliable;
        volatile RtcDataChannel serverUnreliable;
        volatile Flow toServer = new Flow();
        volatile Flow toClient = new Flow();
        volatile boolean sending;
        final AtomicInteger busy = new AtomicInteger();

        Pair(int index) {
            this.index = index;
        }
    }

    private SoakHarness(int pairCount, double minutes, double lossPercent, long seed) {
        this.pairCount = pairCount;
        this.soakNanos = (long) (minutes * 60e9);
        this.random = new Random(seed);
        this.impairments = new Impairments(lossPercent / 100, 15_000_000, 10_000_000, 0.005, 0, 0, GARBAGE_PER_SECOND,
                CORRUPT_COPY_SHARE);
        this.proxy = new UdpImpairmentProxy(seed);
        // Bouncy Castle's handshakes block a worker each: enough workers for the connects in flight, and a handshake
        // that stalls (garbage can do that) gives its worker back after 10 s rather than 30.
        RtcSettings base = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2)
                .withDtls(java.time.Duration.ofSeconds(10), 16);
        this.clientSide = new PeerConnectionFactory(base);
        this.serverSide = new PeerConnectionFactory(Boolean.getBoolean("soak.noSinglePort") ? base : base.withSinglePort(0));
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        double minutes = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        double loss = args.length > 2 ? Double.parseDouble(args[2]) : 1.5;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        if (pairs < 1 || pairs > 1000 || minutes <= 0 || minutes > 120 || loss < 0 || loss > 50) {
            throw new IllegalArgumentException("pairs 1..1000, minutes 0..120, loss 0..50 %");
        }
        System.out.printf("soak: %d pairs (%d connections) for %.1f min through the impairment proxy: %.1f%% loss, "
                        + "15 ms ± 10 ms delay (reordering), 0.5%% duplicates, %.0f garbage datagrams/s per direction "
                        + "(%.0f%% corrupted copies), %.0f%% of the pairs reconnected per second; %d cores, max heap %d MiB%n",
                pairs, 2 * pairs, minutes, loss, GARBAGE_PER_SECOND, CORRUPT_COPY_SHARE * 100, CHURN_PER_SECOND * 100,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        boolean ok = new SoakHarness(pairs, minutes, loss, seed).run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws Exception {
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long fdsBefore = openFds();
        System.out.printf("before: heap %.1f MiB after GC, %d threads, %d open fds%n", heapBefore / 1048576.0, threadsBefore, fdsBefore);
        long start = System.nanoTime();
        for (int i = 0; i < pairCount; i++) pairs.add(new Pair(i));
        // The first connections go 8 at a time (each mostly waits for round trips); the soak clock starts after.
        ExecutorService opener = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (Pair p : pairs) first.add(CompletableFuture.runAsync(() -> connectWithRetry(p), opener));
        for (CompletableFuture<Void> f : first) f.get(900, TimeUnit.SECONDS);
        opener.shutdown();
        System.out.printf("all %d pairs connected in %.1f s (%d attempts failed)%n", pairCount,
                (System.nanoTime() - start) / 1e9, connectFailures.get());
        start = System.nanoTime();
        long endNanos = start + soakNanos;

        long heapConnected = usedHeapAfterGc();
        int threadsConnected = ManagementFactory.getThreadMXBean().getThreadCount();
        long nextReport = System.nanoTime() + 30_000_000_000L;
        double churnCredit = 0;
        long ticks = 0;
        long heapPeak = 0;
        while (System.nanoTime() < endNanos) {
            long tickStart = System.nanoTime();
            for (Pair p : pairs) tick(p);
            churnCredit += CHURN_PER_SECOND * pairCount * TICK_MILLIS / 1000.0;
            while (churnCredit >= 1) {
                churnCredit -= 1;
                Pair p = pairs.get(random.nextInt(pairCount));
                if (p.busy.get() == 0 && churnSlots.tryAcquire()) {
                    p.busy.incrementAndGet();
                    churnPool.execute(() -> {
                        try {
                            reconnect(p);
                        } finally {
                            p.busy.decrementAndGet();
                            churnSlots.release();
                        }
                    });
                }
            }
            ticks++;
            if (System.nanoTime() >= nextReport) {
                nextReport += 30_000_000_000L;
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                heapPeak = Math.max(heapPeak, heap);
                System.out.printf("%5.0f s: reliable %d sent %d received, unreliable %d/%d, %d connections completed, %d reconnects, "
                                + "heap %.0f MiB, %d threads, %d fds%n", (System.nanoTime() - start) / 1e9, reliableSent.get(),
                        reliableReceived.get(), unreliableReceived.get(), unreliableSent.get(), connectionsCompleted.get(),
                        churned.get(), heap / 1048576.0, ManagementFactory.getThreadMXBean().getThreadCount(), openFds());
            }
            long sleep = TICK_MILLIS - (System.nanoTime() - tickStart) / 1_000_000;
            if (sleep > 0) Thread.sleep(sleep);
        }
        System.out.println("soak time over: draining and closing every pair");
        churnPool.shutdown();
        churnPool.awaitTermination(120, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        ExecutorService closer = Executors.newFixedThreadPool(8);
        for (Pair p : pairs) closing.add(CompletableFuture.runAsync(() -> drainAndClose(p), closer));
        for (CompletableFuture<Void> f : closing) f.get(300, TimeUnit.SECONDS);
        closer.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        clientSide.close();
        serverSide.close();
        proxy.close();
        Thread.sleep(1000); // idle pool threads end after their keep-alive
        long heapAfter = usedHeapAfterGc();
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long fdsAfter = openFds();

        System.out.printf("soak phase ran %.0f s (with the final drain), %d ticks of %d ms%n", seconds, ticks, TICK_MILLIS);
        System.out.printf("connections: %d pairs completed (both channels open both ways), %d connect attempts failed, "
                + "%d reconnects, %d went failed while in use%n", connectionsCompleted.get(), connectFailures.get(), churned.get(),
                connectionsFailedLater.get());
        System.out.printf("reliable ordered: %d sent, %d received, %d lost, %d out of order; send() refused %d times%n",
                reliableSent.get(), reliableReceived.get(), reliableLost.get(), orderViolations.get(), sendsRefused.get());
        System.out.printf("unreliable (maxRetransmits 0): %d sent, %d received (%.2f%%)%n", unreliableSent.get(),
                unreliableReceived.get(), 100.0 * unreliableReceived.get() / Math.max(1, unreliableSent.get()));
        System.out.printf("heap after GC: %.1f MiB before, %.1f MiB with %d connections, %.1f MiB after closing "
                + "(%.0f MiB peak seen)%n", heapBefore / 1048576.0, heapConnected / 1048576.0, 2 * pairCount,
                heapAfter / 1048576.0, heapPeak / 1048576.0);
        System.out.printf("threads: %d before, %d connected, %d after; open fds: %d before, %d after%n", threadsBefore,
                threadsConnected, threadsAfter, fdsBefore, fdsAfter);
        System.out.println("drop counters summed over every connection (getStats, transport):");
        for (Map.Entry<String, Long> e : new TreeMap<>(dropCounters).entrySet()) {
            System.out.printf("  %-32s %d%n", e.getKey(), e.getValue());
        }
        boolean ok = reliableLost.get() == 0 && orderViolations.get() == 0 && reliableSent.get() == reliableReceived.get()
                && fdsAfter <= fdsBefore + 5;
        System.out.println(ok ? "soak OK" : "soak FAILED");
        return ok;
    }

    // ------------------------------------------------------------------------------------------ traffic

    /** One tick of traffic on a live pair: a reliable message each way, an unreliable one each way. */
    private void tick(Pair p) {
        if (!p.sending) return;
        sendReliable(p.clientReliable, p.toServer);
        sendReliable(p.serverReliable, p.toClient);
        sendUnreliable(p.clientUnreliable);
        sendUnreliable(p.serverUnreliable);
    }

    private void sendReliable(RtcDataChannel c, Flow flow) {
        if (c == null || c.readyState() != DataChannelState.OPEN) return;
        long seq = flow.sent.get();
        byte[] m = new byte[8 + random.nextInt(1200)];
        ByteBuffer.wrap(m).putLong(seq);
        try {
            c.send(m);
            flow.sent.incrementAndGet();
            reliableSent.incrementAndGet();
        } catch (RtcException e) {
            sendsRefused.incrementAndGet(); // full or closing: the same number goes next time
        }
    }

    private void sendUnreliable(RtcDataChannel c) {
        if (c == null || c.readyState() != DataChannelState.OPEN) return;
        try {
            c.send(new byte[100 + random.nextInt(400)]);
            unreliableSent.incrementAndGet();
        } catch (RtcException e) {
            sendsRefused.incrementAndGet();
        }
    }

    /** The receiving end of a reliable flow: each message must be the next number. */
    private void onReliable(Flow flow, byte[] data) {
        long seq = ByteBuffer.wrap(data).getLong();
        long expected = flow.received.get();
        if (seq != expected) orderViolations.incrementAndGet();
        flow.received.set(seq + 1);
        reliableReceived.incrementAndGet();
    }

    // ------------------------------------------------------------------------------------------ connecting and churn

    private void connectWithRetry(Pair p) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (connect(p)) return;
            connectFailures.incrementAndGet();
            closeConnections(p);
        }
        System.out.println("pair " + p.index + " could not connect in 5 attempts");
    }

    /** A new link and two new connections with both channels open both ways; false when that took too long. */
    private boolean connect(Pair p) {
        try {
            UdpImpairmentProxy.Link link = proxy.link(impairments);
            PeerConnection client = clientSide.createPeerConnection(RtcConfiguration.defaults().withCertificate(clientCert));
            PeerConnection server = serverSide.createPeerConnection(RtcConfiguration.defaults().withCertificate(serverCert));
            Flow toServer = new Flow();
            Flow toClient = new Flow();
            p.link = link;
            p.client = client;
            p.server = server;
            p.toServer = toServer;
            p.toClient = toClient;
            CompletableFuture<RtcDataChannel> serverReliable = new CompletableFuture<>();
            CompletableFuture<RtcDataChannel> serverUnreliable = new CompletableFuture<>();
            server.onDataChannel(ch -> {
                if (ch.label().equals("reliable")) {
                    ch.onMessage(m -> onReliable(toServer, m.data()));
                    serverReliable.complete(ch);
                } else {
                    ch.onMessage(m -> unreliableReceived.incrementAndGet());
                    serverUnreliable.complete(ch);
                }
            });
            RtcDataChannel reliable = client.createDataChannel("reliable");
            RtcDataChannel unreliable = client.createDataChannel(DataChannelInit.reliable("unreliable").withReliability(false, 0, null));
            reliable.onMessage(m -> onReliable(toClient, m.data()));
            unreliable.onMessage(m -> unreliableReceived.incrementAndGet());
            CompletableFuture<Void> reliableOpen = new CompletableFuture<>();
            CompletableFuture<Void> unreliableOpen = new CompletableFuture<>();
            reliable.onOpen(() -> reliableOpen.complete(null));
            unreliable.onOpen(() -> unreliableOpen.complete(null));
            java.util.concurrent.atomic.AtomicBoolean inUse = new java.util.concurrent.atomic.AtomicBoolean();
            client.onConnectionStateChange(s -> {
                if (s == RtcPeerConnectionState.FAILED && inUse.get()) {
                    connectionsFailedLater.incrementAndGet();
                    System.out.println("pair " + p.index + " failed while in use: client " + describe(client) + ", server "
                            + describe(server));
                }
            });
            client.setLocalDescription().get(10, TimeUnit.SECONDS);
            String offer = complete(client);
            InetSocketAddress clientAddress = ProxiedCandidates.hostAddresses(offer).get(0);
            server.setRemoteDescription(RtcSessionDescription.offer(ProxiedCandidates.pointAt(offer, link.addressForB())))
                    .get(10, TimeUnit.SECONDS);
            server.setLocalDescription().get(10, TimeUnit.SECONDS);
            String answer = complete(server);
            link.connect(clientAddress, ProxiedCandidates.hostAddresses(answer).get(0));
            client.setRemoteDescription(RtcSessionDescription.answer(ProxiedCandidates.pointAt(answer, link.addressForA())))
                    .get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(reliableOpen, unreliableOpen, serverReliable, serverUnreliable)
                    .get(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            p.clientReliable = reliable;
            p.clientUnreliable = unreliable;
            p.serverReliable = serverReliable.join();
            p.serverUnreliable = serverUnreliable.join();
            inUse.set(true);
            p.sending = true;
            connectionsCompleted.incrementAndGet();
            return true;
        } catch (Exception e) {
            System.out.println("pair " + p.index + " did not connect: " + e + "; client " + describe(p.client)
                    + ", server " + describe(p.server));
            return false;
        }
    }

    private static String describe(PeerConnection pc) {
        if (pc == null) return "none";
        try {
            RtcStats t = pc.getStats().get(5, TimeUnit.SECONDS).get("T01");
            return pc.connectionState() + "/ice " + pc.iceConnectionState() + "/dtls " + (t == null ? "?" : t.get("dtlsState"))
                    + "/" + (t == null ? "?" : t.get("dtlsRole"));
        } catch (Exception e) {
            return pc.connectionState() + " (no stats: " + e + ")";
        }
    }

    private static String complete(PeerConnection pc) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (pc.iceGatheringState() != RtcIceGatheringState.COMPLETE && System.nanoTime() < deadline) Thread.sleep(5);
        return pc.localDescription().sdp();
    }

    private void reconnect(Pair p) {
        drainAndClose(p);
        churned.incrementAndGet();
        connectWithRetry(p);
    }

    /** Stops sending, waits (bounded) until everything sent arrived, then counts what did not as lost and closes. */
    private void drainAndClose(Pair p) {
        p.sending = false;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_MILLIS * 1_000_000;
        Flow a = p.toServer;
        Flow b = p.toClient;
        try {
            while ((a.received.get() < a.sent.get() || b.received.get() < b.sent.get()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reliableLost.addAndGet(Math.max(0, a.sent.get() - a.received.get()) + Math.max(0, b.sent.get() - b.received.get()));
        closeConnections(p);
    }

    private void closeConnections(Pair p) {
        for (PeerConnection pc : new PeerConnection[] {p.client, p.server}) {
            if (pc == null) continue;
            try {
                RtcStats t = pc.getStats().get(10, TimeUnit.SECONDS).get("T01");
                if (t != null) {
                    for (Map.Entry<String, Object> e : t.members().entrySet()) {
                        if (e.getKey().startsWith("jrtc") && e.getValue() instanceof Long v && !e.getKey().equals("jrtcReceiveBacklog")) {
                            dropCounters.merge(e.getKey(), v, Long::sum);
                        }
                    }
                }
            } catch (Exception e) {
                System.out.println("no stats from a closing connection: " + e);
            }
            pc.close();
        }
        if (p.link != null) {
            dropCounters.merge("proxyLost", p.link.lost(), Long::sum);
            dropCounters.merge("proxyDuplicated", p.link.duplicated(), Long::sum);
            dropCounters.merge("proxyGarbageSent", p.link.garbageSent(), Long::sum);
            dropCounters.merge("proxyRelayed", p.link.relayed(), Long::sum);
            p.link.close();
        }
        p.client = null;
        p.server = null;
        p.link = null;
        p.clientReliable = p.clientUnreliable = p.serverReliable = p.serverUnreliable = null;
    }

    // ------------------------------------------------------------------------------------------ measuring

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Open file descriptors of this process (Linux /proc/self/fd), or -1 elsewhere. */
    private static long openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }
}
