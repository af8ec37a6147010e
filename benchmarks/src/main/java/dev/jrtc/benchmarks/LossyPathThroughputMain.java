package dev.jrtc.benchmarks;

import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.testkit.Impairments;
import dev.jrtc.testkit.UdpImpairmentProxy;
import java.time.Duration;
import java.util.Arrays;

/**
 * The rate of one reliable ordered data channel (SCTP over DTLS over UDP, {@link DataChannelLoopback}) through a
 * lossy, long path: a {@link UdpImpairmentProxy} on loopback with a one-way delay and random loss applied to each
 * direction on its own (data and SACKs alike), seeded so a run can be repeated. The steady state is measured: the
 * first seconds (slow start) are left out. Compare with {@code scripts/tcp-lossy-path.sh}, which measures Linux TCP
 * through the same kind of path.
 *
 * <p>System properties: {@code loss} (0.01), {@code delayMs} one way (25), {@code seeds} (1,2,3), {@code warmUpS}
 * (5), {@code measureS} (20), {@code messageSize} (16384), {@code cc} ({@code rfc9260} or {@code westwood}),
 * {@code rate} (a bottleneck in bytes per second each way, 0 for none) and {@code queueMs} (what may wait for it,
 * 50). Every run is bounded by its warm-up plus measurement plus setup timeouts.
 */
public final class LossyPathThroughputMain {
    private LossyPathThroughputMain() {}

    public static void main(String[] args) throws Exception {
        double loss = Double.parseDouble(System.getProperty("loss", "0.01"));
        long delayMs = Long.getLong("delayMs", 25);
        long[] seeds = Arrays.stream(System.getProperty("seeds", "1,2,3").split(",")).mapToLong(Long::parseLong).toArray();
        Duration warmUp = Duration.ofSeconds(Long.getLong("warmUpS", 5));
        Duration measured = Duration.ofSeconds(Long.getLong("measureS", 20));
        int messageSize = Integer.getInteger("messageSize", 16384);
        String cc = System.getProperty("cc", "rfc9260");
        long rate = Long.getLong("rate", 0);
        long queueMs = Long.getLong("queueMs", 50);
        System.out.printf("path: %.2f%% loss each way, %d ms one way (RTT %d ms), bottleneck %s; %d-byte messages; cc %s;"
                + " warm-up %s, measured %s%n", loss * 100, delayMs, 2 * delayMs,
                rate == 0 ? "none" : rate + " B/s with " + queueMs + " ms of queue", messageSize, cc, warmUp, measured);
        double sum = 0;
        for (long seed : seeds) {
            try (UdpImpairmentProxy proxy = new UdpImpairmentProxy(seed)) {
                Impairments impairments = Impairments.lossy(loss, delayMs, 0);
                if (rate > 0) impairments = impairments.withRate(rate, queueMs);
                UdpImpairmentProxy.Link link = proxy.link(impairments);
                try (DataChannelLoopback dc = new DataChannelLoopback(Duration.ofSeconds(30), link,
                        random -> SctpConfigs.withCongestionControl(SctpConfig.defaults(random), cc))) {
                    long bytes = dc.stream(messageSize, 1 << 20, 512 << 10, warmUp, measured);
                    double got = bytes / (double) measured.toSeconds();
                    sum += got;
                    System.out.printf("seed %d: %.1f kB/s (%.2f Mbit/s); %s; proxy relayed %d, lost %d, dropped at the"
                            + " bottleneck %d%n", seed, got / 1e3, got * 8 / 1e6, dc.senderState(), link.relayed(), link.lost(),
                            link.queueDropped());
                }
            }
        }
        double mean = sum / seeds.length;
        System.out.printf("mean over %d seeds: %.1f kB/s (%.2f Mbit/s)%n", seeds.length, mean / 1e3, mean * 8 / 1e6);
    }
}
