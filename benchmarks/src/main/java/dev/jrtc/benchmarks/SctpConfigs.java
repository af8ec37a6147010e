package dev.jrtc.benchmarks;

import dev.jrtc.sctp.SctpConfig;

/** Picks an SCTP congestion control for a benchmark run by name. */
final class SctpConfigs {
    private SctpConfigs() {}

    /** {@code config} with the congestion control named {@code name}: {@code rfc9260}. */
    static SctpConfig withCongestionControl(SctpConfig config, String name) {
        if (name.equals("rfc9260")) return config;
        throw new IllegalArgumentException("unknown congestion control: " + name);
    }
}
