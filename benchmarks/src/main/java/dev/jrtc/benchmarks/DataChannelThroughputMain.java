package dev.jrtc.benchmarks;

import java.time.Duration;

/**
 * One-shot run of {@link DataChannelLoopback}: 128 MiB over SCTP over DTLS over loopback UDP, in 16 KiB and in
 * 1 KiB messages, printing MB/s (10^6 bytes per second). Arguments: [MiB] [message sizes...]. Every transfer is
 * bounded by 60 s.
 */
public final class DataChannelThroughputMain {
    private DataChannelThroughputMain() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 128;
        int[] sizes = {16384, 1024};
        if (args.length > 1) {
            sizes = new int[args.length - 1];
            for (int i = 1; i < args.length; i++) sizes[i - 1] = Integer.parseInt(args[i]);
        }
        long total = mib << 20;
        try (DataChannelLoopback link = new DataChannelLoopback(Duration.ofSeconds(20))) {
            System.out.println("connected; separate event loops: " + link.separateLoops());
            for (int size : sizes) {
                // A short warm-up transfer so the JIT has compiled the path, then the measured one.
                link.transfer(Math.min(total, 64L << 20), size, 1 << 20, 512 << 10, Duration.ofSeconds(60));
                java.util.concurrent.Future<String> samples = Boolean.getBoolean("sample") ? link.sampleSender(1000) : null;
                long[] cpu0 = link.loopCpuNanos();
                long nanos = link.transfer(total, size, 1 << 20, 512 << 10, Duration.ofSeconds(60));
                long[] cpu1 = link.loopCpuNanos();
                if (samples != null) System.out.println("cwnd/buffered every 10 ms: " + samples.get());
                System.out.printf("%d MiB in %d-byte messages: %.1f ms, %.1f MB/s (event loops busy: sender %.0f%%, receiver %.0f%%)%n",
                        mib, size, nanos / 1e6, total / (nanos / 1e9) / 1e6, 100.0 * (cpu1[0] - cpu0[0]) / nanos,
                        100.0 * (cpu1[1] - cpu0[1]) / nanos);
            }
            System.out.println(link.stats());
            System.out.println("sender: " + link.senderState());
        }
        try (UdpLoopbackBlast blast = new UdpLoopbackBlast()) {
            blast.blast(Math.min(total, 64L << 20), 1 << 20, Duration.ofSeconds(60));
            long nanos = blast.blast(total, 1 << 20, Duration.ofSeconds(60));
            System.out.printf("baseline, the same bytes as 1200-byte UDP datagrams (no SCTP, no DTLS): %.1f ms, %.1f MB/s,"
                    + " %d of %d bytes arrived%n", nanos / 1e6, blast.receivedBytes() / (nanos / 1e9) / 1e6,
                    blast.receivedBytes(), total);
        }
    }
}
