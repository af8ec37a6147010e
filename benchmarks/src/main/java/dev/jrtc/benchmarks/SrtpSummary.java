package dev.jrtc.benchmarks;

import java.io.PrintStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link SrtpProtectBenchmark} with the GC profiler and prints, per profile and payload, our time per packet
 * against the JCE baseline and jitsi-srtp from the same run, then one line per profile:
 * {@code srtp-protect <PROFILE> vs-jce=<ratio> vs-jitsi=<ratio> alloc=<B/op>} (ratios are baseline time over
 * ours at 1200 bytes: above 1 means faster than the baseline).
 *
 * <p>Arguments: {@code --quick} for one short iteration (a smoke run, numbers not meaningful).
 */
public final class SrtpSummary {
    private SrtpSummary() {}

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(SrtpProtectBenchmark.class.getName())
                .addProfiler(GCProfiler.class)
                .forks(1)
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.milliseconds(quick ? 200 : 1000))
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(TimeValue.milliseconds(quick ? 200 : 1000))
                .shouldFailOnError(true);
        Collection<RunResult> results = new Runner(options.build()).run();
        print(results, System.out);
    }

    private record Key(String profile, int payload, String method) {}

    private record Measured(double nsPerOp, double error, double bytesPerOp) {}

    static void print(Collection<RunResult> results, PrintStream out) {
        Map<Key, Measured> m = new HashMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            Key k = new Key(r.getParams().getParam("profile"), Integer.parseInt(r.getParams().getParam("payload")), method);
            Result<?> primary = r.getPrimaryResult();
            double alloc = Double.NaN;
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().getScore();
                }
            }
            m.put(k, new Measured(primary.getScore(), primary.getScoreError(), alloc));
        }
        String[] profiles = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"};
        out.println();
        out.println(String.format(Locale.ROOT, "%-24s %7s %10s %8s %10s %10s %7s %9s %9s %12s",
                "profile", "payload", "jrtc ns", "Mpkt/s", "jce ns", "jitsi ns", "vs-jce", "vs-jitsi", "alloc B", "protect+un ns"));
        StringBuilder last = new StringBuilder();
        for (String profile : profiles) {
            for (int payload : new int[] {1200, 160}) {
                Measured ours = m.get(new Key(profile, payload, "jrtcProtect"));
                Measured jce = m.get(new Key(profile, payload, "jceBaseline"));
                Measured jitsi = m.get(new Key(profile, payload, "jitsiProtect"));
                Measured both = m.get(new Key(profile, payload, "jrtcProtectUnprotect"));
                if (ours == null || jce == null || jitsi == null) {
                    continue;
                }
                double vsJce = jce.nsPerOp / ours.nsPerOp;
                double vsJitsi = jitsi.nsPerOp / ours.nsPerOp;
                out.println(String.format(Locale.ROOT, "%-24s %7d %10.1f %8.2f %10.1f %10.1f %7.2f %9.2f %9.1f %12s",
                        profile, payload, ours.nsPerOp, 1000.0 / ours.nsPerOp, jce.nsPerOp, jitsi.nsPerOp, vsJce, vsJitsi,
                        ours.bytesPerOp, both == null ? "-" : String.format(Locale.ROOT, "%.1f", both.nsPerOp)));
                if (payload == 1200) {
                    last.append(String.format(Locale.ROOT, "srtp-protect %s vs-jce=%.2f vs-jitsi=%.2f alloc=%.0f%n",
                            profile, vsJce, vsJitsi, ours.bytesPerOp));
                }
            }
        }
        out.println();
        out.print(last);
    }
}
