package dev.jrtc.signaling;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per client IP: open connections against {@link SignalingSettings#maxConnectionsPerIp()} and two token buckets (HTTP
 * requests, WebSocket messages). The table holds at most {@link SignalingSettings#maxTrackedIps()} addresses: when a
 * new one arrives the least recently seen address without an open connection is forgotten (its buckets start full
 * again if it comes back, which costs an attacker who owns many addresses nothing he did not have already).
 *
 * <p>Thread-safe (one lock); every operation is O(1) except forgetting, which walks the table from its oldest entry.
 */
final class IpLimiter {
    private final SignalingSettings settings;
    private final SignalingStats stats;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<InetAddress, Entry> table = new LinkedHashMap<>(64, 0.75f, true); // access order

    /** One address: its open connections and its buckets (tokens as of {@code *Stamp}). */
    private static final class Entry {
        int connections;
        double requestTokens;
        long requestStamp;
        double messageTokens;
        long messageStamp;
    }

    IpLimiter(SignalingSettings settings, SignalingStats stats, LongSupplier nanoTime) {
        this.settings = settings;
        this.stats = stats;
        this.nanoTime = nanoTime;
    }

    /** Counts a new connection from {@code ip}; false (and counted) when that IP already has its maximum open. */
    synchronized boolean tryOpen(InetAddress ip) {
        Entry e = table.get(ip);
        if (e == null) {
            if (table.size() >= settings.maxTrackedIps() && !forgetOne()) {
                // Every tracked address has a connection open: only possible when maxTrackedIps < maxConnections.
                stats.perIpConnectionsRejected.incrementAndGet();
                return false;
            }
            e = new Entry();
            long now = nanoTime.getAsLong();
            e.requestTokens = settings.httpRequestRate().burst();
            e.requestStamp = now;
            e.messageTokens = settings.webSocketMessageRate().burst();
            e.messageStamp = now;
            table.put(ip, e);
        }
        if (e.connections >= settings.maxConnectionsPerIp()) {
            stats.perIpConnectionsRejected.incrementAndGet();
            return false;
        }
        e.connections++;
        return true;
    }

    /** A connection counted by {@link #tryOpen} closed. */
    synchronized void closed(InetAddress ip) {
        Entry e = table.get(ip);
        if (e != null && e.connections > 0) e.connections--;
    }

    /** Takes an HTTP request token for {@code ip}; false when its bucket is empty. */
    synchronized boolean tryRequest(InetAddress ip) {
        Entry e = table.get(ip);
        if (e == null) return false; // not from a counted connection: cannot happen, refuse rather than track
        long now = nanoTime.getAsLong();
        RateLimit limit = settings.httpRequestRate();
        e.requestTokens = refill(e.requestTokens, e.requestStamp, now, limit);
        e.requestStamp = now;
        if (e.requestTokens < 1) return false;
        e.requestTokens -= 1;
        return true;
    }

    /** Takes a WebSocket message token for {@code ip}; false when its bucket is empty. */
    synchronized boolean tryMessage(InetAddress ip) {
        Entry e = table.get(ip);
        if (e == null) return false;
        long now = nanoTime.getAsLong();
        RateLimit limit = settings.webSocketMessageRate();
        e.messageTokens = refill(e.messageTokens, e.messageStamp, now, limit);
        e.messageStamp = now;
        if (e.messageTokens < 1) return false;
        e.messageTokens -= 1;
        return true;
    }

    /** Addresses in the table now. */
    synchronized int trackedIps() {
        return table.size();
    }

    private static double refill(double tokens, long stamp, long now, RateLimit limit) {
        double elapsedSeconds = Math.max(0, now - stamp) / 1e9;
        return Math.min(limit.burst(), tokens + elapsedSeconds * limit.perSecond());
    }

    private boolean forgetOne() {
        for (Iterator<Map.Entry<InetAddress, Entry>> it = table.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().connections == 0) {
                it.remove();
                stats.trackedIpsForgotten.incrementAndGet();
                return true;
            }
        }
        return false;
    }
}
