package dev.jrtc.examples;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcDataChannel;
import dev.jrtc.peerconnection.RtcIceCandidate;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcSettings;
import dev.jrtc.sctp.datachannel.DataChannelState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many connections without a thread each: N PeerConnection pairs in one JVM, the "server" side in single-port mode
 * (every connection on one UDP socket), each pair with an open data channel exchanging a message per second both
 * ways. Prints heap per connection, thread count and CPU. Bounded in count and time: it stops after the steady
 * phase or when connecting takes longer than its limit, and only binds loopback.
 *
 * <p>Usage: {@code ScaleHarness [pairs=1000] [steadySeconds=20]}.
 */
public final class ScaleHarness {
    private static final int BATCH = 25;
    private static final long CONNECT_LIMIT_NANOS = 300_000_000_000L;

    private ScaleHarness() {}

    private record Pair(PeerConnection client, PeerConnection server, CompletableFuture<RtcDataChannel> clientChannel,
                        CompletableFuture<RtcDataChannel> serverChannel) {}

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int steadySeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        RtcSettings base = RtcSettings.defaults().withLoopbackOnly(false).withEventLoopThreads(2);
        DtlsCertificate serverCert = DtlsCertificate.generateEcdsaP256();
        DtlsCertificate clientCert = DtlsCertificate.generateEcdsaP256();
        System.out.printf("scale harness: %d pairs, server side single-port, %d s steady phase, %d cores, max heap %d MiB%n",
                pairs, steadySeconds, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (PeerConnectionFactory serverSide = new PeerConnectionFactory(base.withSinglePort(0));
             PeerConnectionFactory clientSide = new PeerConnectionFactory(base)) {
            int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
            long heapBefore = usedHeapAfterGc(memory);
            List<Pair> all = new ArrayList<>();
            AtomicLong received = new AtomicLong();
            long start = System.nanoTime();
            for (int i = 0; i < pairs && System.nanoTime() - start < CONNECT_LIMIT_NANOS; i += BATCH) {
                List<Pair> batch = new ArrayList<>();
                for (int j = i; j < Math.min(pairs, i + BATCH); j++) {
                    batch.add(connect(clientSide.createPeerConnection(RtcConfiguration.defaults().withCertificate(clientCert)),
                            serverSide.createPeerConnection(RtcConfiguration.defaults().withCertificate(serverCert)), received));
                }
                for (Pair p : batch) {
                    try {
                        p.clientChannel.get(30, TimeUnit.SECONDS);
                        p.serverChannel.get(30, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        System.out.println("pair " + all.size() + " did not open its channel: " + p.client.connectionState());
                    }
                    all.add(p);
                }
                if (all.size() % 100 == 0) {
                    System.out.printf("  %d pairs connected after %.1f s, %d threads%n", all.size(),
                            (System.nanoTime() - start) / 1e9, ManagementFactory.getThreadMXBean().getThreadCount());
                }
            }
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            long open = all.stream().filter(p -> p.clientChannel.isDone() && p.serverChannel.isDone()
                    && p.clientChannel.join().readyState() == DataChannelState.OPEN).count();
            long heapConnected = usedHeapAfterGc(memory);
            int threadsConnected = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("connected %d of %d pairs with an open data channel in %.1f s%n", open, pairs, connectSeconds);

            long cpuStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            long sent = 0;
            byte[] tick = "tick".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int s = 0; s < steadySeconds; s++) {
                long second = System.nanoTime();
                for (Pair p : all) {
                    RtcDataChannel c = p.clientChannel.getNow(null);
                    RtcDataChannel v = p.serverChannel.getNow(null);
                    if (c != null && c.readyState() == DataChannelState.OPEN) {
                        c.send(tick);
                        sent++;
                    }
                    if (v != null && v.readyState() == DataChannelState.OPEN) {
                        v.send(tick);
                        sent++;
                    }
                }
                long left = 1_000_000_000L - (System.nanoTime() - second);
                if (left > 0) Thread.sleep(left / 1_000_000);
            }
            // Reliable channels deliver everything; give what is in flight a bounded moment to land.
            long drainDeadline = System.nanoTime() + 5_000_000_000L;
            while (received.get() < sent && System.nanoTime() < drainDeadline) Thread.sleep(20);
            double wall = (System.nanoTime() - wallStart) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            int connections = all.size() * 2;
            System.out.printf("steady phase: %d messages sent, %d received in %.1f s%n", sent, received.get(), wall);
            System.out.printf("heap: %.1f MiB for %d connections = %.1f KiB per connection (after GC)%n",
                    (heapConnected - heapBefore) / 1048576.0, connections, (heapConnected - heapBefore) / 1024.0 / connections);
            System.out.printf("threads: %d before, %d with %d connections%n", threadsBefore, threadsConnected, connections);
            System.out.printf("cpu: %.2f s over %.1f s = %.1f%% of one core (%d messages/s)%n", cpu, wall,
                    100 * cpu / wall, Math.round(sent / wall));
            long t0 = System.nanoTime();
            for (Pair p : all) {
                p.client.close();
                p.server.close();
            }
            System.out.printf("closed %d connections in %.1f s%n", connections, (System.nanoTime() - t0) / 1e9);
            boolean ok = open == pairs && received.get() == sent;
            System.out.println(ok ? "scale OK" : "scale INCOMPLETE");
            if (!ok) System.exit(1);
        }
    }

    private static Pair connect(PeerConnection client, PeerConnection server, AtomicLong received) throws Exception {
        trickle(client, server);
        trickle(server, client);
        CompletableFuture<RtcDataChannel> serverChannel = new CompletableFuture<>();
        CompletableFuture<RtcDataChannel> clientChannel = new CompletableFuture<>();
        server.onDataChannel(ch -> {
            ch.onMessage(m -> received.incrementAndGet());
            serverChannel.complete(ch);
        });
        RtcDataChannel ch = client.createDataChannel("ticks");
        ch.onMessage(m -> received.incrementAndGet());
        ch.onOpen(() -> clientChannel.complete(ch));
        RtcSessionDescription offer = client.setLocalDescription().get(10, TimeUnit.SECONDS);
        server.setRemoteDescription(offer).get(10, TimeUnit.SECONDS);
        RtcSessionDescription answer = server.setLocalDescription().get(10, TimeUnit.SECONDS);
        client.setRemoteDescription(answer).get(10, TimeUnit.SECONDS);
        return new Pair(client, server, clientChannel, serverChannel);
    }

    /** End-of-candidates only: the host candidates travel in the descriptions, gathered before they are made. */
    private static void trickle(PeerConnection from, PeerConnection to) {
        from.onIceCandidate(c -> {
            if (c == null) {
                CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 500 && to.remoteDescription() == null; i++) sleep(10);
                    to.addIceCandidate(RtcIceCandidate.endOfCandidates());
                });
            }
        });
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
