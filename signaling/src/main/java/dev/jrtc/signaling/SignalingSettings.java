package dev.jrtc.signaling;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits, timers and access rules of a {@link SignalingServer}; every resource a client can make the server hold
 * is bounded here, and the defaults are the safe choice. Immutable: the {@code with*} methods return a changed copy.
 *
 * <p>Rooms and WebSockets: {@code maxMembersPerRoom} members per room (a further join gets an error),
 * {@code maxRooms} rooms at once, {@code maxMessageChars} per text message (longer ones get an error reply, frames
 * beyond four times this close the socket with 1009), room names of 1..{@code maxRoomLength} of
 * {@code [A-Za-z0-9_.-]}, display names of 1..{@code maxNameLength} without control characters; a WebSocket silent for
 * {@code pingInterval} is pinged and closed after {@code maxMissedPongs} silent intervals. With a {@link RoomAccess}
 * a join needs a token.
 *
 * <p>HTTP: one request per connection; its head and body must arrive within {@code requestDeadline} however slowly
 * they trickle in, and the body may not exceed {@code maxBodyBytes}. {@code POST /offer} waits {@code offerTimeout}
 * for the {@link OfferHandler}, at most {@code maxPendingOffers} at once.
 *
 * <p>Per client address: {@code maxConnections} TCP connections in all and {@code maxConnectionsPerIp} from one IP;
 * HTTP requests and WebSocket messages from one IP pass token buckets ({@link RateLimit}); the per-IP table keeps at
 * most {@code maxTrackedIps} addresses (idle ones are forgotten first).
 *
 * <p>Browsers: a request with an {@code Origin} header comes from a web page, and any web site can make the user's
 * browser send one to this server; only the server's own origin (the {@code Origin} names the same host and port as
 * the {@code Host} header) and {@code allowedOrigins} pass. A request without {@code Origin} is not from a page
 * (browsers send it on every WebSocket handshake and every cross-origin or non-GET fetch), so it is a non-browser
 * client, which nothing in a browser can impersonate; it passes. The {@code Host} header must name an IP literal,
 * {@code localhost}, or one of {@code allowedHosts}: a DNS-rebinding page reaches the server under its own host name,
 * which is none of these.
 */
public final class SignalingSettings {
    private static final Pattern ORIGIN = Pattern.compile("(https?)://([a-z0-9.\\-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
    private static final Pattern HOST = Pattern.compile("[a-z0-9.\\-]+");

    /** The changeable copy the {@code with*} methods edit; validated when it becomes settings. */
    private static final class Values implements Cloneable {
        int maxMembersPerRoom = 16;
        int maxRooms = 1000;
        int maxConnections = 1024;
        int maxMessageChars = 64 * 1024;
        int maxRoomLength = 64;
        int maxNameLength = 64;
        Duration pingInterval = Duration.ofSeconds(20);
        int maxMissedPongs = 2;
        Duration offerTimeout = Duration.ofSeconds(10);
        int maxPendingOffers = 32;
        int maxConnectionsPerIp = 16;
        int maxTrackedIps = 4096;
        RateLimit httpRequestRate = new RateLimit(5, 20);
        RateLimit webSocketMessageRate = new RateLimit(50, 200);
        Duration requestDeadline = Duration.ofSeconds(10);
        int maxBodyBytes = 64 * 1024;
        Set<String> allowedOrigins = Set.of();
        Set<String> allowedHosts = Set.of();
        RoomAccess roomAccess;

        @Override
        protected Values clone() {
            try {
                return (Values) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("Values is Cloneable", e);
            }
        }
    }

    private final Values values;

    private SignalingSettings(Values v) {
        positive("maxMembersPerRoom", v.maxMembersPerRoom);
        positive("maxRooms", v.maxRooms);
        positive("maxConnections", v.maxConnections);
        positive("maxMessageChars", v.maxMessageChars);
        positive("maxRoomLength", v.maxRoomLength);
        positive("maxNameLength", v.maxNameLength);
        positive("maxMissedPongs", v.maxMissedPongs);
        positive("maxPendingOffers", v.maxPendingOffers);
        positive("maxConnectionsPerIp", v.maxConnectionsPerIp);
        positive("maxTrackedIps", v.maxTrackedIps);
        positive("maxBodyBytes", v.maxBodyBytes);
        positive("pingInterval", v.pingInterval);
        positive("offerTimeout", v.offerTimeout);
        positive("requestDeadline", v.requestDeadline);
        if (v.httpRequestRate == null || v.webSocketMessageRate == null) throw new IllegalArgumentException("rate limits are required");
        // Values is never changed once here (with() edits a clone); the final field publishes it safely (JLS 17.5).
        this.values = v;
    }

    /**
     * 16 members per room, 1000 rooms, 1024 connections (16 per IP), 64 KiB messages and bodies, ping every 20 s and
     * close after 2 missed, 10 s per HTTP request and per offer, 5 requests/s (burst 20) and 50 WebSocket messages/s
     * (burst 200) per IP, only the server's own origin and IP-literal or localhost Host headers, rooms open.
     */
    public static SignalingSettings defaults() {
        return new SignalingSettings(new Values());
    }

    private SignalingSettings with(java.util.function.Consumer<Values> change) {
        Values v = values.clone();
        change.accept(v);
        return new SignalingSettings(v);
    }

    public int maxMembersPerRoom() { return values.maxMembersPerRoom; }
    public int maxRooms() { return values.maxRooms; }
    public int maxConnections() { return values.maxConnections; }
    public int maxMessageChars() { return values.maxMessageChars; }
    public int maxRoomLength() { return values.maxRoomLength; }
    public int maxNameLength() { return values.maxNameLength; }
    public Duration pingInterval() { return values.pingInterval; }
    public int maxMissedPongs() { return values.maxMissedPongs; }
    public Duration offerTimeout() { return values.offerTimeout; }
    public int maxPendingOffers() { return values.maxPendingOffers; }
    public int maxConnectionsPerIp() { return values.maxConnectionsPerIp; }
    public int maxTrackedIps() { return values.maxTrackedIps; }
    public RateLimit httpRequestRate() { return values.httpRequestRate; }
    public RateLimit webSocketMessageRate() { return values.webSocketMessageRate; }
    public Duration requestDeadline() { return values.requestDeadline; }
    public int maxBodyBytes() { return values.maxBodyBytes; }
    /** Origins allowed besides the server's own, as browsers write them: {@code scheme://host[:port]}, lower case. */
    public Set<String> allowedOrigins() { return values.allowedOrigins; }
    /** Host names allowed in the Host header besides IP literals and {@code localhost}, lower case. */
    public Set<String> allowedHosts() { return values.allowedHosts; }
    /** Who may join which room, or null when rooms are open. */
    public RoomAccess roomAccess() { return values.roomAccess; }

    public SignalingSettings withMaxMembersPerRoom(int n) { return with(v -> v.maxMembersPerRoom = n); }
    public SignalingSettings withMaxRooms(int n) { return with(v -> v.maxRooms = n); }
    public SignalingSettings withMaxConnections(int n) { return with(v -> v.maxConnections = n); }
    public SignalingSettings withMaxMessageChars(int n) { return with(v -> v.maxMessageChars = n); }
    public SignalingSettings withPing(Duration interval, int missedPongs) {
        return with(v -> {
            v.pingInterval = interval;
            v.maxMissedPongs = missedPongs;
        });
    }
    public SignalingSettings withOfferTimeout(Duration timeout) { return with(v -> v.offerTimeout = timeout); }
    public SignalingSettings withMaxPendingOffers(int n) { return with(v -> v.maxPendingOffers = n); }
    public SignalingSettings withMaxConnectionsPerIp(int n) { return with(v -> v.maxConnectionsPerIp = n); }
    public SignalingSettings withMaxTrackedIps(int n) { return with(v -> v.maxTrackedIps = n); }
    public SignalingSettings withHttpRequestRate(RateLimit limit) { return with(v -> v.httpRequestRate = limit); }
    public SignalingSettings withWebSocketMessageRate(RateLimit limit) { return with(v -> v.webSocketMessageRate = limit); }
    public SignalingSettings withRequestDeadline(Duration deadline) { return with(v -> v.requestDeadline = deadline); }
    public SignalingSettings withMaxBodyBytes(int n) { return with(v -> v.maxBodyBytes = n); }
    public SignalingSettings withRoomAccess(RoomAccess access) { return with(v -> v.roomAccess = access); }

    /**
     * Web origins whose pages may use {@code /ws}, {@code POST /offer} and WHIP besides the server's own, e.g.
     * {@code "https://app.example.com"} or {@code "http://127.0.0.1:5173"} (no path, no trailing slash, no wildcard).
     */
    public SignalingSettings withAllowedOrigins(String... origins) {
        Set<String> set = new LinkedHashSet<>();
        for (String o : origins) {
            String origin = o == null ? "" : o.toLowerCase(Locale.ROOT);
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("an allowed origin is scheme://host[:port] without a path, was \"" + o + "\"");
            }
            set.add(origin);
        }
        return with(v -> v.allowedOrigins = Set.copyOf(set));
    }

    /** Host names (without port) the server may be reached under besides IP literals and {@code localhost}. */
    public SignalingSettings withAllowedHosts(String... hosts) {
        Set<String> set = new LinkedHashSet<>();
        for (String h : hosts) {
            String host = h == null ? "" : h.toLowerCase(Locale.ROOT);
            if (!HOST.matcher(host).matches()) throw new IllegalArgumentException("an allowed host is a DNS name without port, was \"" + h + "\"");
            set.add(host);
        }
        return with(v -> v.allowedHosts = Set.copyOf(set));
    }

    private static void positive(String name, int value) {
        if (value <= 0) throw new IllegalArgumentException(name + " must be positive, was " + value);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " must be positive, was " + value);
    }

    @Override
    public String toString() {
        return "SignalingSettings{rooms=" + values.maxRooms + "x" + values.maxMembersPerRoom + ", connections=" + values.maxConnections
                + " (" + values.maxConnectionsPerIp + "/IP), http=" + values.httpRequestRate + ", ws=" + values.webSocketMessageRate
                + ", deadline=" + values.requestDeadline + ", body=" + values.maxBodyBytes + ", origins=" + values.allowedOrigins
                + ", hosts=" + values.allowedHosts + ", roomAccess=" + (values.roomAccess != null) + "}";
    }
}
