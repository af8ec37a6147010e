package dev.jrtc.peerconnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** RTCStatsReport (W3C webrtc §8.3): the stats objects of one getStats() call, by id. */
public record RtcStatsReport(Map<String, RtcStats> stats) {
    public RtcStatsReport {
        stats = Map.copyOf(stats);
    }

    public RtcStats get(String id) {
        return stats.get(id);
    }

    /** Every stats object of {@code type}, e.g. "inbound-rtp". */
    public List<RtcStats> ofType(String type) {
        List<RtcStats> out = new ArrayList<>();
        for (RtcStats s : stats.values()) if (s.type().equals(type)) out.add(s);
        return out;
    }
}
