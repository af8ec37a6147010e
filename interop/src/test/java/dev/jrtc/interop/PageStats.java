package dev.jrtc.interop;

import java.util.function.BooleanSupplier;

/** Reads a page's {@code window.pc} getStats (W3C webrtc-stats) through Selenium, for the example tests. */
final class PageStats {
    private final Chromium chromium;
    private final String pc;

    /** @param pc the page's JavaScript expression for the RTCPeerConnection, e.g. {@code window.pc} */
    PageStats(Chromium chromium, String pc) {
        this.chromium = chromium;
        this.pc = pc;
    }

    /** The sum of {@code member} over the page's stats of {@code type} and {@code kind} (e.g. inbound-rtp, video). */
    long sum(String type, String kind, String member) {
        Object n = chromium.async("""
                const stats = await (""" + pc + """
                ).getStats();
                let n = 0;
                stats.forEach(s => { if (s.type === args[0] && s.kind === args[1] && typeof s[args[2]] === 'number') n += s[args[2]]; });
                return n;
                """, type, kind, member);
        return n instanceof Number num ? num.longValue() : -1;
    }

    /** The largest {@code member} of the page's stats of {@code type} and {@code kind}, or -1. */
    long max(String type, String kind, String member) {
        Object n = chromium.async("""
                const stats = await (""" + pc + """
                ).getStats();
                let n = -1;
                stats.forEach(s => { if (s.type === args[0] && s.kind === args[1] && typeof s[args[2]] === 'number') n = Math.max(n, s[args[2]]); });
                return n;
                """, type, kind, member);
        return n instanceof Number num ? num.longValue() : -1;
    }

    long framesDecoded() {
        return sum("inbound-rtp", "video", "framesDecoded");
    }

    long frameWidth() {
        return max("inbound-rtp", "video", "frameWidth");
    }

    long frameHeight() {
        return max("inbound-rtp", "video", "frameHeight");
    }

    /** Polls {@code condition} every 200 ms for up to {@code seconds}. */
    static boolean waitFor(long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
