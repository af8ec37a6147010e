package dev.jrtc.benchmarks;

import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.WestwoodCongestionControl;

/** Picks an SCTP congestion control for a benchmark run by name. */
final class SctpConfigs {
    private SctpConfigs() {}

    /** {@code config} with the congestion control named {@code name}: {@code rfc9260} (the default) or {@code westwood}. */
    static SctpConfig withCongestionControl(SctpConfig config, String name) {
        return switch (name) {
            case "rfc9260" -> config;
            case "westwood" -> config.withCongestionControl(WestwoodCongestionControl::new);
            default -> throw new IllegalArgumentException("unknown congestion control: " + name);
        };
    }
}
