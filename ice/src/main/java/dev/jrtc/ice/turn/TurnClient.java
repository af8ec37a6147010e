package dev.jrtc.ice.turn;

import dev.jrtc.ice.SansIoEndpoint;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunClient;
import dev.jrtc.ice.stun.StunClientEvent;
import dev.jrtc.ice.stun.StunClientTransaction;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunErrorCode;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMessageBuilder;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import dev.jrtc.ice.stun.StunAttributeType;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A TURN client over UDP (RFC 8656) holding one allocation on one server, as a sans-IO core: Allocate with
 * long-term credentials (§7.1, RFC 8489 §9.2), Refresh before expiry and with LIFETIME 0 to delete (§8),
 * CreatePermission per peer IP (§9), ChannelBind (§12), and relaying through Send/Data indications (§10-§11)
 * or ChannelData (§12.4).
 *
 * <p>Inputs: {@link #start}, {@link #handleDatagram} with every datagram from the server, {@link #send} for data to
 * a peer, {@link #handleTimeout}, {@link #close}. Outputs: {@link #pollTransmit()} (always from the configured local
 * socket to the server), {@link #pollEvent()}, {@link #pollTimeout()}.
 *
 * <p>Permissions and channels are refreshed only while they carry data, so a peer that stops talking lets them
 * lapse on the server. Responses failing FINGERPRINT or MESSAGE-INTEGRITY, responses to nothing we sent, and
 * malformed datagrams are dropped and counted in {@link #droppedDatagrams()}; they never end a transaction, so a
 * forged error cannot break an allocation that a genuine answer would make.
 *
 * <p>Not thread-safe: drive it from one thread. Ownership: arrays handed in belong to the client afterwards,
 * transmits and event payloads handed out belong to the caller.
 */
public final class TurnClient implements SansIoEndpoint {
    /** UDP is IP protocol 17, the only REQUESTED-TRANSPORT RFC 8656 §7.2 allows over UDP here. */
    private static final int TRANSPORT_UDP = 17;
    /** The IPv6 family number of REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.11), as in address attributes. */
    private static final byte ADDRESS_FAMILY_IPV6 = 0x02;
    /** Permissions last 300 s (RFC 8656 §9); refresh at 180 s so a refresh that needs its retransmissions still lands. */
    static final long PERMISSION_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(180);
    /** Channel bindings last 600 s (RFC 8656 §12); refresh at 300 s, for the same reason. */
    static final long CHANNEL_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(300);
    /** After a failed CreatePermission, wait this long before a send may try again (no storm of requests). */
    private static final long PERMISSION_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The server's default allocation lifetime (RFC 8656 §7.2), used when a response carries no LIFETIME. */
    private static final int DEFAULT_LIFETIME_SECONDS = 600;
    /** Longer than any server grants (coturn's default cap is 3600 s); only guards the arithmetic. */
    private static final long MAX_LIFETIME_SECONDS = TimeUnit.DAYS.toSeconds(1);
    /** How many 438 Stale Nonce answers in a row one request may get before it counts as failed. */
    private static final int MAX_STALE_NONCE_RETRIES = 3;
    /** Data waiting for a permission, per peer IP: enough for an ICE check burst, bounded against floods. */
    private static final int MAX_QUEUED_PER_PERMISSION = 16;

    /** Where the allocation stands. */
    public enum State { NEW, ALLOCATING, ALLOCATED, CLOSING, CLOSED, FAILED }

    private final TurnClientConfig config;
    private final InetSocketAddress server;
    private final StunClient stun;
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<TurnClientEvent> events = new ArrayDeque<>();
    private final Map<StunTransactionId, Pending> pending = new HashMap<>();
    private final Map<InetAddress, Permission> permissions = new LinkedHashMap<>();
    private final Map<InetSocketAddress, Channel> channelsByPeer = new LinkedHashMap<>();
    private final Map<Integer, Channel> channelsByNumber = new HashMap<>();

    private State state = State.NEW;
    private String realm;
    private String nonce;
    private byte[] key;
    private InetSocketAddress relayed;
    private InetSocketAddress mapped;
    private long refreshAt = Long.MAX_VALUE;
    private long expiresAt = Long.MAX_VALUE;
    private int nextChannel = TurnChannelData.MIN_CHANNEL;
    private long droppedDatagrams;
    private long droppedSends;
    private long sentChannelData;
    private long sentSendIndications;
    private long receivedChannelData;
    private long receivedDataIndications;
    private long staleNonces;

    /** What one of our requests is for. */
    private sealed interface Request {}

    private record AllocateRequest() implements Request {}

    private record RefreshRequest(int lifetimeSeconds) implements Request {}

    private record PermissionRequest(Permission permission, InetSocketAddress peer) implements Request {}

    private record ChannelBindRequest(Channel channel) implements Request {}

    /** A request in flight: whether it carried credentials, and how many stale nonces it has met. */
    private record Pending(Request request, boolean authenticated, int staleNonceRetries) {}

    /** A permission for one peer IP (RFC 8656 §9): the port of the peer does not matter. */
    private static final class Permission {
        final InetAddress ip;
        final ArrayDeque<Transmit> queued = new ArrayDeque<>();
        /** The peer address the permission was last asked for: refreshes repeat it (servers may check the port). */
        InetSocketAddress peer;
        boolean installed;
        boolean inFlight;
        boolean used;
        long refreshAt = Long.MAX_VALUE;
        long retryAfter = Long.MIN_VALUE;

        Permission(InetAddress ip) {
            this.ip = ip;
        }
    }

    /** A channel number for one peer transport address (RFC 8656 §12); never re-used for another peer. */
    private static final class Channel {
        final InetSocketAddress peer;
        final int number;
        boolean bound;
        boolean inFlight;
        boolean used;
        boolean failed;
        long refreshAt = Long.MAX_VALUE;

        Channel(InetSocketAddress peer, int number) {
            this.peer = peer;
            this.number = number;
        }
    }

    public TurnClient(TurnClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.server = config.server().address();
        this.stun = new StunClient(config.random(), config.retransmission());
    }

    // ------------------------------------------------------------------------------------------------ accessors

    public State state() {
        return state;
    }

    /** The TURN server's address: every transmit goes there, and only datagrams from it are for this client. */
    public InetSocketAddress serverAddress() {
        return server;
    }

    /** The local socket this client sends from. */
    public InetSocketAddress localAddress() {
        return config.local();
    }

    /** The relayed transport address once allocated, else null. */
    public InetSocketAddress relayedAddress() {
        return relayed;
    }

    /** Our address as the server saw it once allocated (null before, or when the server did not say). */
    public InetSocketAddress mappedAddress() {
        return mapped;
    }

    /** The channel bound to {@code peer}, or -1 when data to it goes in Send indications. */
    public int channelFor(InetSocketAddress peer) {
        Channel c = channelsByPeer.get(peer);
        return c != null && c.bound ? c.number : -1;
    }

    /** True when a permission for {@code peer}'s IP is installed. */
    public boolean hasPermission(InetAddress peer) {
        Permission p = permissions.get(peer);
        return p != null && p.installed;
    }

    /**
     * Datagrams dropped: malformed, not from the server, failing FINGERPRINT or MESSAGE-INTEGRITY, responses to no
     * request of ours, Data indications or ChannelData from peers we never gave a permission or channel.
     */
    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** Data to peers dropped: no allocation any more, or too much queued while a permission was pending. */
    public long droppedSends() {
        return droppedSends;
    }

    public long sentChannelData() {
        return sentChannelData;
    }

    public long sentSendIndications() {
        return sentSendIndications;
    }

    public long receivedChannelData() {
        return receivedChannelData;
    }

    public long receivedDataIndications() {
        return receivedDataIndications;
    }

    /** Requests retried because the server answered 438 Stale Nonce. */
    public long staleNonces() {
        return staleNonces;
    }

    /** When the allocation expires unless refreshed (on the {@code nowNanos} time line), or MAX_VALUE when none. */
    public long expiresAtNanos() {
        return state == State.ALLOCATED ? expiresAt : Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------------------------------------ allocation

    /**
     * Sends the first Allocate, without credentials: the server's 401 tells the realm and nonce to use
     * (RFC 8656 §7.1).
     *
     * @throws IllegalStateException when already started
     */
    public void start(long nowNanos) {
        if (state != State.NEW) {
            throw new IllegalStateException("TURN client already started (" + state + ")");
        }
        state = State.ALLOCATING;
        sendRequest(nowNanos, new AllocateRequest(), 0);
    }

    private void sendRequest(long nowNanos, Request request, int staleNonceRetries) {
        StunMessageBuilder b;
        if (request instanceof AllocateRequest) {
            b = StunMessage.builder(StunClass.REQUEST, StunMethod.ALLOCATE, stun.newTransactionId())
                    .requestedTransport(TRANSPORT_UDP);
            if (server.getAddress() instanceof Inet6Address) {
                // Without REQUESTED-ADDRESS-FAMILY the relayed address is IPv4 (RFC 8656 §7.1); an IPv6 server is
                // asked for an IPv6 one so the relayed candidate keeps its base's family.
                b.attribute(StunAttributeType.REQUESTED_ADDRESS_FAMILY, new byte[] {ADDRESS_FAMILY_IPV6, 0, 0, 0});
            }
            if (config.requestedLifetime() != null) b.lifetime((int) config.requestedLifetime().getSeconds());
        } else if (request instanceof RefreshRequest r) {
            b = StunMessage.builder(StunClass.REQUEST, StunMethod.REFRESH, stun.newTransactionId());
            if (r.lifetimeSeconds() >= 0) b.lifetime(r.lifetimeSeconds());
        } else if (request instanceof PermissionRequest r) {
            b = StunMessage.builder(StunClass.REQUEST, StunMethod.CREATE_PERMISSION, stun.newTransactionId())
                    .xorPeerAddress(r.peer());
        } else {
            Channel c = ((ChannelBindRequest) request).channel();
            b = StunMessage.builder(StunClass.REQUEST, StunMethod.CHANNEL_BIND, stun.newTransactionId())
                    .channelNumber(c.number).xorPeerAddress(c.peer);
        }
        boolean authenticated = key != null;
        if (authenticated) {
            b.username(config.server().username()).realm(realm).nonce(nonce).messageIntegrity(key);
        }
        StunMessage message = b.fingerprint().build();
        StunClientTransaction t = stun.start(nowNanos, message, config.local(), server);
        pending.put(t.transactionId(), new Pending(request, authenticated, staleNonceRetries));
        drainStunTransmits();
    }

    private void drainStunTransmits() {
        for (Transmit t = stun.pollTransmit(); t != null; t = stun.pollTransmit()) transmits.add(t);
    }

    /**
     * Deletes the allocation with a Refresh of LIFETIME 0 (RFC 8656 §8); {@link TurnClientEvent.Closed} follows
     * when the server answers or the request times out. Before an allocation exists it closes at once. Idempotent.
     */
    public void close(long nowNanos) {
        if (state == State.ALLOCATED) {
            cancelAll();
            state = State.CLOSING;
            refreshAt = Long.MAX_VALUE;
            expiresAt = Long.MAX_VALUE;
            sendRequest(nowNanos, new RefreshRequest(0), 0);
        } else if (state != State.CLOSING && state != State.CLOSED) {
            closed(false);
        }
    }

    private void cancelAll() {
        for (StunTransactionId id : List.copyOf(pending.keySet())) stun.cancel(id);
        pending.clear();
        for (Permission p : permissions.values()) {
            droppedSends += p.queued.size();
            p.queued.clear();
            p.inFlight = false;
            p.refreshAt = Long.MAX_VALUE;
        }
        for (Channel c : channelsByPeer.values()) {
            c.inFlight = false;
            c.refreshAt = Long.MAX_VALUE;
        }
    }

    private void fail(int code, String reason) {
        cancelAll();
        state = State.FAILED;
        refreshAt = Long.MAX_VALUE;
        expiresAt = Long.MAX_VALUE;
        events.add(new TurnClientEvent.AllocationFailed(code, reason));
    }

    /**
     * Refresh with one minute to spare on long lifetimes, halfway on short ones. LIFETIME is unsigned; it is kept
     * within 1 s..1 day so that no server value can overflow the deadlines or make refreshes spin.
     */
    private void scheduleRefresh(long nowNanos, int lifetimeSeconds) {
        long seconds = Math.max(1, Math.min(MAX_LIFETIME_SECONDS, Integer.toUnsignedLong(lifetimeSeconds)));
        long lifetime = TimeUnit.SECONDS.toNanos(seconds);
        long margin = Math.min(TimeUnit.SECONDS.toNanos(60), lifetime / 2);
        refreshAt = nowNanos + lifetime - margin;
        expiresAt = nowNanos + lifetime;
    }

    // ------------------------------------------------------------------------------------------------ sending

    /**
     * Relays {@code data} to {@code peer} through the allocation: at once when a permission for the peer's IP is
     * installed (as ChannelData when a channel is bound, else in a Send indication), otherwise after a
     * CreatePermission it starts (up to 16 datagrams wait per peer IP; more are dropped and counted). With
     * {@link TurnClientConfig#autoChannelBind()} the first send to a peer also binds a channel.
     *
     * <p>After the allocation failed or closed the data is dropped and counted: the state may change under the
     * caller's feet from the network, which is not misuse.
     *
     * @throws IllegalStateException    before the allocation exists (wait for {@link TurnClientEvent.Allocated})
     * @throws IllegalArgumentException when {@code data} is longer than 65535 bytes or the peer is unresolved
     */
    public void send(long nowNanos, InetSocketAddress peer, byte[] data) {
        checkSendable(peer, data);
        if (state != State.ALLOCATED) {
            droppedSends++;
            return;
        }
        Permission p = permission(peer.getAddress());
        p.used = true;
        if (!p.installed && !p.inFlight && nowNanos >= p.retryAfter) {
            startPermission(nowNanos, p, peer);
        }
        if (config.autoChannelBind()) {
            Channel c = channelsByPeer.get(peer);
            if (c == null || (!c.bound && !c.inFlight && !c.failed)) bindChannel(nowNanos, peer);
        }
        if (p.installed) {
            transmits.add(frame(peer, data));
        } else if (p.inFlight && p.queued.size() < MAX_QUEUED_PER_PERMISSION) {
            p.queued.add(new Transmit(config.local(), peer, data));
        } else {
            droppedSends++;
        }
    }

    /**
     * Frames {@code data} for {@code peer} without starting anything: ChannelData when a channel is bound, else a
     * Send indication. For a caller that knows the permission exists (an ICE pair whose check went through) and has
     * no time at hand. Marks the peer's permission and channel as in use so they keep being refreshed.
     *
     * @throws IllegalStateException    before the allocation exists
     * @throws IllegalArgumentException when {@code data} is longer than 65535 bytes or the peer is unresolved
     */
    public Transmit wrap(InetSocketAddress peer, byte[] data) {
        checkSendable(peer, data);
        Permission p = permissions.get(peer.getAddress());
        if (p != null) p.used = true;
        return frame(peer, data);
    }

    private void checkSendable(InetSocketAddress peer, byte[] data) {
        if (state == State.NEW || state == State.ALLOCATING) {
            throw new IllegalStateException("no TURN allocation yet (" + state + "): wait for Allocated before sending");
        }
        if (peer.isUnresolved()) {
            throw new IllegalArgumentException("peer address must be resolved: " + peer);
        }
        if (data.length > 0xFFFF) {
            throw new IllegalArgumentException("TURN relays at most 65535 bytes per datagram, got " + data.length);
        }
    }

    private Transmit frame(InetSocketAddress peer, byte[] data) {
        Channel c = channelsByPeer.get(peer);
        if (c != null && c.bound) {
            c.used = true;
            sentChannelData++;
            return new Transmit(config.local(), server, new TurnChannelData(c.number, data).encode());
        }
        sentSendIndications++;
        // A Send indication is not authenticated and gets no response (RFC 8656 §10.1).
        byte[] indication = StunMessage.builder(StunClass.INDICATION, StunMethod.SEND, stun.newTransactionId())
                .xorPeerAddress(peer).data(data).build().encode();
        return new Transmit(config.local(), server, indication);
    }

    private Permission permission(InetAddress ip) {
        return permissions.computeIfAbsent(ip, Permission::new);
    }

    /**
     * Installs a permission for {@code peer}'s IP (RFC 8656 §9) so the server relays data from it; {@link #send}
     * does this by itself. A {@link TurnClientEvent.PermissionCreated} or {@link TurnClientEvent.PermissionFailed}
     * follows.
     *
     * @throws IllegalStateException when the allocation is not up
     */
    public void createPermission(long nowNanos, InetSocketAddress peer) {
        requireAllocated();
        Permission p = permission(peer.getAddress());
        p.used = true;
        if (!p.inFlight) startPermission(nowNanos, p, peer);
    }

    private void startPermission(long nowNanos, Permission p, InetSocketAddress peer) {
        p.inFlight = true;
        p.peer = peer;
        sendRequest(nowNanos, new PermissionRequest(p, peer), 0);
    }

    /**
     * Binds a channel to {@code peer} (RFC 8656 §12.1), which also installs a permission for its IP; until the
     * server confirms, data keeps going in Send indications. A {@link TurnClientEvent.ChannelBound} or
     * {@link TurnClientEvent.ChannelBindFailed} follows. Does nothing when a binding is bound or in progress, or
     * when all 4096 channel numbers are taken.
     *
     * @throws IllegalStateException when the allocation is not up
     */
    public void bindChannel(long nowNanos, InetSocketAddress peer) {
        requireAllocated();
        Channel c = channelsByPeer.get(peer);
        if (c == null) {
            if (nextChannel > TurnChannelData.MAX_CHANNEL) return; // numbers exhausted: Send indications do
            c = new Channel(peer, nextChannel++);
            channelsByPeer.put(peer, c);
            channelsByNumber.put(c.number, c);
        }
        c.used = true;
        c.failed = false;
        if (!c.inFlight && !c.bound) {
            c.inFlight = true;
            sendRequest(nowNanos, new ChannelBindRequest(c), 0);
        }
    }

    private void requireAllocated() {
        if (state != State.ALLOCATED) {
            throw new IllegalStateException("TURN allocation is " + state + ", not ALLOCATED");
        }
    }

    // ------------------------------------------------------------------------------------------------ receiving

    /**
     * True when a datagram from the server is TURN traffic for this client: ChannelData, a Data indication, or a
     * response to a request in flight. Lets a socket shared with STUN Binding traffic to the same server route
     * datagrams; the array is only read.
     */
    public boolean isTurnTraffic(byte[] data) {
        if (data.length == 0) return false;
        if (TurnChannelData.isChannelData(data[0])) return true;
        if (!StunMessage.looksLikeStun(data, 0, data.length)) return false;
        int type = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        boolean dataIndication = type == 0x0017; // Data method 0x007, indication class
        return dataIndication || stun.isPending(StunTransactionId.of(data, 8));
    }

    /**
     * A datagram arrived on the local socket from {@code from}; only datagrams from the server are TURN traffic,
     * anything else is dropped and counted. Never throws on bad input.
     */
    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        if (!server.equals(from) || data.length == 0 || state == State.CLOSED) {
            droppedDatagrams++;
            return;
        }
        if (TurnChannelData.isChannelData(data[0])) {
            handleChannelData(data);
            return;
        }
        StunDecodeResult result = StunMessage.decode(data);
        if (!(result instanceof StunDecodeResult.Decoded decoded)
                || decoded.decodedMessage().checkFingerprint() == StunCheck.INVALID) {
            droppedDatagrams++;
            return;
        }
        StunMessage message = decoded.decodedMessage();
        if (message.messageClass() == StunClass.INDICATION && message.method() == StunMethod.DATA) {
            handleDataIndication(message);
        } else if (message.messageClass().isResponse()) {
            handleResponse(nowNanos, message);
        } else {
            droppedDatagrams++; // requests and other indications: a client is sent neither
        }
    }

    private void handleChannelData(byte[] data) {
        TurnChannelData cd = TurnChannelData.decode(data, 0, data.length);
        Channel c = cd == null ? null : channelsByNumber.get(cd.channel());
        if (c == null || (state != State.ALLOCATED)) {
            droppedDatagrams++;
            return;
        }
        c.used = true;
        receivedChannelData++;
        events.add(new TurnClientEvent.PeerData(c.peer, cd.data()));
    }

    private void handleDataIndication(StunMessage message) {
        Optional<InetSocketAddress> peer = message.xorPeerAddress();
        Optional<byte[]> payload = message.attribute(StunAttributeType.DATA).map(a -> a.value());
        // The server relays only from peers we permitted; anything else did not come from it.
        Permission p = peer.isPresent() ? permissions.get(peer.get().getAddress()) : null;
        if (payload.isEmpty() || p == null || state != State.ALLOCATED) {
            droppedDatagrams++;
            return;
        }
        p.used = true;
        receivedDataIndications++;
        events.add(new TurnClientEvent.PeerData(peer.get(), payload.get()));
    }

    private void handleResponse(long nowNanos, StunMessage message) {
        Pending p = pending.get(message.transactionId());
        if (p == null) {
            droppedDatagrams++;
            return;
        }
        int code = message.messageClass() == StunClass.ERROR_RESPONSE
                ? message.errorCode().map(StunErrorCode::code).orElse(0) : 0;
        StunCheck integrity = key == null ? StunCheck.ABSENT : message.checkMessageIntegrity(key);
        // RFC 8489 §9.2.5: with credentials sent, only 400, 401, 420 and 438 may come without integrity (the
        // server may be unable to compute it); everything else without a valid MESSAGE-INTEGRITY is discarded.
        boolean mayLackIntegrity = code == StunErrorCode.BAD_REQUEST || code == StunErrorCode.UNAUTHENTICATED
                || code == StunErrorCode.UNKNOWN_ATTRIBUTE || code == StunErrorCode.STALE_NONCE;
        if (integrity == StunCheck.INVALID || (p.authenticated() && integrity != StunCheck.VALID && !mayLackIntegrity)
                || (message.messageClass() == StunClass.ERROR_RESPONSE && code == 0)) {
            droppedDatagrams++;
            return;
        }
        if ((code == StunErrorCode.UNAUTHENTICATED || code == StunErrorCode.STALE_NONCE)
                && (message.realm().isEmpty() || message.nonce().isEmpty())) {
            droppedDatagrams++; // a challenge without REALM and NONCE cannot be answered: not from a sound server
            return;
        }
        if (!stun.handleResponse(nowNanos, message)) {
            droppedDatagrams++; // right id, wrong method
            return;
        }
        drainStunEvents(nowNanos);
    }

    private void drainStunEvents(long nowNanos) {
        for (StunClientEvent e = stun.pollEvent(); e != null; e = stun.pollEvent()) {
            Pending p = pending.remove(e.transaction().transactionId());
            if (p == null) continue; // cancelled
            if (e instanceof StunClientEvent.Response r) {
                onResponse(nowNanos, p, r.response());
            } else {
                onFailure(nowNanos, p.request(), 0, "no response from TURN server " + server);
            }
        }
        drainStunTransmits();
    }

    private void onResponse(long nowNanos, Pending p, StunMessage response) {
        if (response.messageClass() == StunClass.ERROR_RESPONSE) {
            StunErrorCode error = response.errorCode().orElseThrow(); // checked in handleResponse
            if (error.code() == StunErrorCode.UNAUTHENTICATED && !p.authenticated()
                    && p.request() instanceof AllocateRequest) {
                // RFC 8656 §7.1 / RFC 8489 §9.2.3: the challenge; answer it with credentials for its realm.
                realm = response.realm().orElseThrow();
                nonce = response.nonce().orElseThrow();
                key = StunCredentials.longTermKey(config.server().username(), realm, config.server().password());
                sendRequest(nowNanos, p.request(), 0);
                return;
            }
            if (error.code() == StunErrorCode.STALE_NONCE && p.staleNonceRetries() < MAX_STALE_NONCE_RETRIES) {
                staleNonces++;
                // RFC 8489 §9.2.5: the nonce expired; retry the same request with the new one.
                String newRealm = response.realm().orElseThrow();
                nonce = response.nonce().orElseThrow();
                if (!newRealm.equals(realm) || key == null) {
                    realm = newRealm;
                    key = StunCredentials.longTermKey(config.server().username(), realm, config.server().password());
                }
                sendRequest(nowNanos, p.request(), p.staleNonceRetries() + 1);
                return;
            }
            onFailure(nowNanos, p.request(), error.code(), error.reason());
            return;
        }
        Request request = p.request();
        if (request instanceof AllocateRequest) {
            onAllocated(nowNanos, response);
        } else if (request instanceof RefreshRequest r) {
            if (r.lifetimeSeconds() == 0) {
                closed(true);
            } else if (state == State.ALLOCATED) {
                scheduleRefresh(nowNanos, response.lifetime().orElse(DEFAULT_LIFETIME_SECONDS));
            }
        } else if (request instanceof PermissionRequest r) {
            permissionInstalled(nowNanos, r.permission());
        } else {
            Channel c = ((ChannelBindRequest) request).channel();
            boolean first = !c.bound;
            c.inFlight = false;
            c.bound = true;
            c.used = false;
            c.refreshAt = nowNanos + CHANNEL_REFRESH_NANOS;
            if (first) events.add(new TurnClientEvent.ChannelBound(c.peer, c.number));
            // A ChannelBind installs or refreshes the peer's permission too (RFC 8656 §12.2).
            Permission perm = permission(c.peer.getAddress());
            if (perm.peer == null) perm.peer = c.peer;
            if (!perm.installed) permissionInstalled(nowNanos, perm);
        }
    }

    private void onAllocated(long nowNanos, StunMessage response) {
        if (state != State.ALLOCATING) return;
        Optional<InetSocketAddress> relayedAddress = response.xorRelayedAddress();
        if (relayedAddress.isEmpty()) {
            fail(0, "Allocate success without XOR-RELAYED-ADDRESS");
            return;
        }
        relayed = relayedAddress.get();
        mapped = response.xorMappedAddress().orElse(null);
        state = State.ALLOCATED;
        scheduleRefresh(nowNanos, response.lifetime().orElse(DEFAULT_LIFETIME_SECONDS));
        events.add(new TurnClientEvent.Allocated(relayed, mapped));
    }

    private void permissionInstalled(long nowNanos, Permission p) {
        boolean first = !p.installed;
        p.inFlight = false;
        p.installed = true;
        p.used = false;
        p.refreshAt = nowNanos + PERMISSION_REFRESH_NANOS;
        if (first) events.add(new TurnClientEvent.PermissionCreated(p.ip));
        for (Transmit t = p.queued.poll(); t != null; t = p.queued.poll()) {
            transmits.add(frame(t.destination(), t.data()));
        }
    }

    private void onFailure(long nowNanos, Request request, int code, String reason) {
        if (request instanceof AllocateRequest) {
            fail(code, reason);
        } else if (request instanceof RefreshRequest r) {
            if (r.lifetimeSeconds() == 0) {
                closed(false); // 437 (already gone) or no answer: either way there is nothing left to delete
            } else if (code == 0 && nowNanos < expiresAt) {
                sendRequest(nowNanos, r, 0); // lost in the network: the allocation still lives, try again
            } else {
                fail(code, "Refresh failed: " + reason);
            }
        } else if (request instanceof PermissionRequest r) {
            Permission p = r.permission();
            p.inFlight = false;
            p.installed = false;
            p.refreshAt = Long.MAX_VALUE;
            p.retryAfter = nowNanos + PERMISSION_RETRY_NANOS;
            droppedSends += p.queued.size();
            p.queued.clear();
            events.add(new TurnClientEvent.PermissionFailed(p.ip, code, reason));
        } else {
            Channel c = ((ChannelBindRequest) request).channel();
            c.inFlight = false;
            c.bound = false;
            c.failed = true;
            c.refreshAt = Long.MAX_VALUE;
            events.add(new TurnClientEvent.ChannelBindFailed(c.peer, code, reason));
        }
    }

    private void closed(boolean deleted) {
        cancelAll();
        state = State.CLOSED;
        events.add(new TurnClientEvent.Closed(deleted));
    }

    // ------------------------------------------------------------------------------------------------ time

    @Override
    public void handleTimeout(long nowNanos) {
        stun.handleTimeout(nowNanos);
        drainStunEvents(nowNanos);
        if (state != State.ALLOCATED) return;
        if (nowNanos >= expiresAt) {
            fail(0, "allocation expired without a successful Refresh");
            return;
        }
        if (nowNanos >= refreshAt) {
            refreshAt = Long.MAX_VALUE; // the response schedules the next one
            int lifetime = config.requestedLifetime() == null ? -1 : (int) config.requestedLifetime().getSeconds();
            sendRequest(nowNanos, new RefreshRequest(lifetime), 0);
        }
        for (Permission p : permissions.values()) {
            if (p.installed && nowNanos >= p.refreshAt) {
                if (p.used) {
                    p.refreshAt = Long.MAX_VALUE;
                    startPermission(nowNanos, p, p.peer);
                } else {
                    // Idle since the last refresh: let it lapse on the server; a later send creates it again.
                    p.installed = false;
                    p.refreshAt = Long.MAX_VALUE;
                }
            }
        }
        for (Channel c : channelsByPeer.values()) {
            if (c.bound && nowNanos >= c.refreshAt) {
                c.refreshAt = Long.MAX_VALUE;
                if (c.used) {
                    c.inFlight = true;
                    sendRequest(nowNanos, new ChannelBindRequest(c), 0);
                } else {
                    c.bound = false; // keeps its number: re-binding the same peer later re-uses it (RFC 8656 §12)
                }
            }
        }
    }

    @Override
    public long pollTimeout() {
        long t = stun.pollTimeout();
        if (state != State.ALLOCATED) return t;
        t = Math.min(t, Math.min(refreshAt, expiresAt));
        for (Permission p : permissions.values()) t = Math.min(t, p.refreshAt);
        for (Channel c : channelsByPeer.values()) t = Math.min(t, c.refreshAt);
        return t;
    }

    /** The next datagram for the server, or null; the caller owns it. */
    @Override
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    /** The next event, or null. */
    public TurnClientEvent pollEvent() {
        return events.poll();
    }
}
