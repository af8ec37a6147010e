package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsRole;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.CandidatePair;
import dev.jrtc.ice.IceConnectionState;
import dev.jrtc.ice.IceRole;
import dev.jrtc.ice.turn.TurnServer;
import dev.jrtc.peerconnection.jsep.DescriptionOperation;
import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.SignalingException;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.peerconnection.jsep.SignalingTransitions;
import dev.jrtc.peerconnection.sdp.AnswerBuilder;
import dev.jrtc.peerconnection.sdp.Candidate;
import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.Fingerprint;
import dev.jrtc.peerconnection.sdp.IceCredentials;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.Msid;
import dev.jrtc.peerconnection.sdp.OfferBuilder;
import dev.jrtc.peerconnection.sdp.Origin;
import dev.jrtc.peerconnection.sdp.RtpMap;
import dev.jrtc.peerconnection.sdp.SctpDescription;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.SessionDescription;
import dev.jrtc.peerconnection.sdp.Setup;
import dev.jrtc.peerconnection.sdp.TransceiverDescription;
import dev.jrtc.sctp.datachannel.DataChannel;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannels;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTCPeerConnection (W3C webrtc §4.4) in plain Java: JSEP offer/answer (RFC 8829), trickle ICE (RFC 8838),
 * DTLS-SRTP (RFC 5764), data channels (RFC 8831) and RTP tracks over one BUNDLE transport (RFC 8843).
 *
 * <p>Threading (DESIGN.md rule 2): every connection is bound to one event loop of its {@link PeerConnectionFactory};
 * each public method may be called from any thread and is carried out there, in call order, as the W3C operations
 * chain is. Asynchronous steps return {@link CompletableFuture}s. Listeners run on a callback thread of the factory,
 * one at a time per connection and in the order the events happened, never on the event loop.
 */
public final class PeerConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
    /** RFC 8841 §6.1: without a=max-message-size the peer accepts 64 KiB. */
    private static final long DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65536;
    /** Messages send() may queue for the loop at once, whatever their size (empty ones cost memory too). */
    private static final int MAX_QUEUED_MESSAGES = 65536;
    /**
     * What a received message or remote channel costs in the receive backlog besides its bytes: the objects that
     * carry it to the listener. Keeps a flood of empty messages from being free.
     */
    static final long DELIVERY_COST = 64;
    /** A remote channel's onDataChannel/open events, charged until they ran. */
    private static final long CHANNEL_EVENT_COST = 1024;

    private final PeerConnectionFactory factory;
    private final RtcConfiguration configuration;
    private final RtcDriver driver;
    private final SerialExecutor callbacks;
    private final Executor futures;
    private final DtlsCertificate certificate;
    private final Fingerprint fingerprint;
    private final BundleTransport transport;
    private final RtcCore core;
    private final TransportIo io;
    private final java.util.Random random;
    private final long sessionId;
    private final String cname;
    private final long createdAt;
    /** W3C [[Operations]]: calls queued or running; negotiationneeded waits until it is empty. */
    private final java.util.concurrent.atomic.AtomicInteger pendingOperations = new java.util.concurrent.atomic.AtomicInteger();

    // ---- state the getters read from any thread
    private volatile SignalingState signalingState = SignalingState.STABLE;
    private volatile RtcIceGatheringState gatheringState = RtcIceGatheringState.NEW;
    private volatile RtcIceConnectionState iceConnectionState = RtcIceConnectionState.NEW;
    private volatile RtcPeerConnectionState connectionState = RtcPeerConnectionState.NEW;
    private volatile boolean closed;
    private volatile long remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
    private volatile RtcSessionDescription localDescription;
    private volatile RtcSessionDescription remoteDescription;
    private volatile long connectedAt = -1;
    private final List<RtpTransceiver> transceivers = new CopyOnWriteArrayList<>();
    private final List<RtcDataChannel> dataChannels = new CopyOnWriteArrayList<>();

    // ---- event-loop state
    private long sessionVersion = 1;
    private SessionDescription currentLocal;
    /** The local description as applied (pending, else current), and its type; candidates are added on read. */
    private SessionDescription appliedLocal;
    private SdpType appliedLocalType;
    private SessionDescription pendingLocal;
    private SessionDescription currentRemote;
    private SessionDescription pendingRemote;
    private boolean localWasOfferer;
    private String lastCreatedOffer;
    private String lastCreatedAnswer;
    private final List<String> mLineMids = new ArrayList<>();
    private String dataMid;
    private boolean dataWanted;
    private int nextMid;
    private boolean iceRestartWanted;
    private boolean negotiationNeeded;
    private final List<Candidate> localCandidates = new ArrayList<>();
    private boolean gatheringDone;
    private final List<RtcDataChannel> unboundChannels = new ArrayList<>();
    private final Map<Integer, RtcDataChannel> channelsById = new HashMap<>();
    long remoteCandidatesFiltered;
    private final List<RtcTrackEvent> pendingTrackEvents = new ArrayList<>();
    private final java.util.Queue<OutgoingMessage> outgoingMessages = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean sendDrainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final MediaRouter media;
    private long dataChannelsOpened;
    private long dataChannelsClosed;
    /** Bytes queued by send() for the loop (all channels), and how many messages. */
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger queuedMessages = new java.util.concurrent.atomic.AtomicInteger();
    /** The association's bufferedAmount as of the last pump (read by send() on any thread). */
    private volatile long sctpBuffered;
    /** The association's queued chunks as of the last pump: empty messages are refused on it. */
    private volatile int sctpQueuedChunks;
    private final java.util.concurrent.atomic.AtomicLong sendsRefused = new java.util.concurrent.atomic.AtomicLong();
    private long sendsDropped;
    /**
     * Bytes of received messages (and remote-channel events) handed to the callback thread and not yet through
     * their listener: SCTP counts them against its receive window, so a slow listener slows the peer down.
     */
    private final java.util.concurrent.atomic.AtomicLong receiveBacklog = new java.util.concurrent.atomic.AtomicLong();
    /** The backlog SCTP was last told; a listener finishing schedules an update only when this is large. */
    private volatile long reportedBacklog;
    private final java.util.concurrent.atomic.AtomicBoolean backlogUpdateScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** The association gave up on a silent peer (RFC 9260 §8.1): the connection is failed. */
    private boolean sctpFailed;

    // ---- listeners
    private volatile Consumer<RtcIceCandidate> onIceCandidate;
    private volatile Consumer<RtcIceGatheringState> onIceGatheringStateChange;
    private volatile Consumer<RtcIceConnectionState> onIceConnectionStateChange;
    private volatile Consumer<RtcPeerConnectionState> onConnectionStateChange;
    private volatile Consumer<SignalingState> onSignalingStateChange;
    private volatile Consumer<RtcDataChannel> onDataChannel;
    private volatile Consumer<RtcTrackEvent> onTrack;
    private volatile Runnable onNegotiationNeeded;

    PeerConnection(PeerConnectionFactory factory, RtcConfiguration configuration, RtcDriver driver) {
        this.factory = factory;
        this.configuration = configuration;
        this.driver = driver;
        this.random = driver.random();
        this.sessionId = random.nextLong() & Long.MAX_VALUE;
        this.createdAt = driver.nanoTime();
        this.callbacks = new SerialExecutor(driver.callbackPool());
        this.futures = driver.futures();
        this.certificate = configuration.certificates().isEmpty() ? DtlsCertificate.generateEcdsaP256()
                : configuration.certificates().get(0);
        DtlsFingerprint fp = certificate.fingerprint();
        try {
            this.fingerprint = Fingerprint.parse(fp.sdpValue());
        } catch (SdpParseException e) {
            throw new IllegalStateException("our own fingerprint does not parse: " + fp.sdpValue(), e);
        }
        this.cname = Long.toHexString(random.nextLong());
        IceServers servers = iceServers(configuration, factory.router() != null);
        this.core = new RtcCore(createdAt);
        this.io = new TransportIo(factory, driver, core);
        this.transport = new BundleTransport(factory.settings(), factory.mdns(), random, io.sockets(), servers,
                core::now, config -> driver.newDtls(config, io::wake), this::onLoop, new TransportEvents());
        this.media = new MediaRouter(transport, transceivers, core.timers(), core::now, driver::wallClockMillis,
                random, this::onLoop, this::fire, cname, random.nextInt() & 0xFFFFFFFFL);
        core.attach(transport, media);
        io.register(transport.localCredentials());
    }

    /** The STUN and TURN servers of {@code iceServers} (RFC 7064, RFC 7065); TURN over TCP/TLS is not supported. */
    private static IceServers iceServers(RtcConfiguration configuration, boolean singlePort) {
        List<InetSocketAddress> stun = new ArrayList<>();
        List<TurnServer> turn = new ArrayList<>();
        for (IceServer server : configuration.iceServers()) {
            for (String url : server.urls()) {
                IceServer.IceServerUrl u = IceServer.IceServerUrl.parse(url);
                if (u.secure() || (u.transport() != null && !u.transport().equalsIgnoreCase("udp"))) {
                    LOG.warn("ignoring {}: only UDP to STUN/TURN servers is supported", url);
                    continue;
                }
                InetSocketAddress address;
                try {
                    address = new InetSocketAddress(InetAddress.getByName(u.host()), u.port());
                } catch (UnknownHostException e) {
                    LOG.warn("ignoring ICE server {}: {}", url, e.getMessage());
                    continue;
                }
                if (!u.turn()) {
                    stun.add(address);
                } else if (singlePort) {
                    // Every connection would share one 5-tuple to the server, and so one allocation (RFC 8656 §2.2).
                    throw new IllegalArgumentException("TURN server " + url + " cannot be used in single-port mode:"
                            + " all connections share one socket, so the server sees one client");
                } else {
                    turn.add(new TurnServer(address, server.username(), server.credential()));
                }
            }
        }
        if (configuration.iceTransportPolicy() == IceTransportPolicy.RELAY && turn.isEmpty()) {
            throw new IllegalArgumentException("iceTransportPolicy RELAY needs a usable turn: server in iceServers");
        }
        return new IceServers(stun, turn, configuration.iceTransportPolicy() == IceTransportPolicy.RELAY
                ? dev.jrtc.ice.IceTransportPolicy.RELAY : dev.jrtc.ice.IceTransportPolicy.ALL);
    }

    /** What ICE gathers with: STUN servers, TURN servers and the transport policy. */
    record IceServers(List<InetSocketAddress> stun, List<TurnServer> turn, dev.jrtc.ice.IceTransportPolicy policy) {}

    // =========================================================================================== W3C API

    /** createOffer() (W3C §4.4.1.6, RFC 8829 §5.2). */
    public CompletableFuture<RtcSessionDescription> createOffer() {
        return call(() -> createOfferNow(false));
    }

    /** createOffer({iceRestart}) (RFC 8829 §5.2.3.1). */
    public CompletableFuture<RtcSessionDescription> createOffer(boolean iceRestart) {
        return call(() -> createOfferNow(iceRestart));
    }

    /** createAnswer() (W3C §4.4.1.6, RFC 8829 §5.3); needs a remote offer. */
    public CompletableFuture<RtcSessionDescription> createAnswer() {
        return call(this::createAnswerNow);
    }

    /**
     * setLocalDescription(description) (W3C §4.4.1.5); an empty SDP means the one last created. The future gives the
     * description applied, so a signaling layer sends exactly that one even if negotiation moved on meanwhile.
     */
    public CompletableFuture<RtcSessionDescription> setLocalDescription(RtcSessionDescription description) {
        Objects.requireNonNull(description, "description");
        return call(() -> setLocalNow(description));
    }

    /**
     * setLocalDescription() without arguments: creates and applies the offer or answer the signaling state calls
     * for, and gives it back (send it to the peer).
     */
    public CompletableFuture<RtcSessionDescription> setLocalDescription() {
        return call(() -> {
            SignalingState s = signalingState;
            boolean answer = s == SignalingState.HAVE_REMOTE_OFFER || s == SignalingState.HAVE_LOCAL_PRANSWER;
            return setLocalNow(answer ? createAnswerNow() : createOfferNow(false));
        });
    }

    /** setRemoteDescription(description) (W3C §4.4.1.5), with the implicit rollback of perfect negotiation. */
    public CompletableFuture<Void> setRemoteDescription(RtcSessionDescription description) {
        Objects.requireNonNull(description, "description");
        return call(() -> {
            setRemoteNow(description);
            return null;
        });
    }

    /** addIceCandidate(candidate) (W3C §4.4.1.6, RFC 8838 §11.4); an empty candidate is end-of-candidates. */
    public CompletableFuture<Void> addIceCandidate(RtcIceCandidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        return call(() -> {
            addIceCandidateNow(candidate);
            return null;
        });
    }

    /** restartIce() (W3C §4.4.1.6): the next offer carries new ICE credentials; fires negotiationneeded. */
    public void restartIce() {
        onLoop(() -> {
            iceRestartWanted = true;
            updateNegotiationNeeded();
        });
    }

    /** createDataChannel(label) with W3C defaults: reliable and ordered. */
    public RtcDataChannel createDataChannel(String label) {
        return createDataChannel(DataChannelInit.reliable(label));
    }

    /**
     * createDataChannel(label, init) (W3C §6.1). The channel opens once the connection is up; the first one makes
     * the connection negotiate an SCTP m-section (negotiationneeded).
     *
     * @throws RtcException InvalidStateError when closed, OperationError for a negotiated id already in use
     */
    public RtcDataChannel createDataChannel(DataChannelInit init) {
        Objects.requireNonNull(init, "init");
        checkOpen();
        if (init.negotiated()) {
            for (RtcDataChannel c : dataChannels) {
                if (Objects.equals(c.id(), init.id()) && c.readyState() != dev.jrtc.sctp.datachannel.DataChannelState.CLOSED) {
                    throw new RtcException("OperationError", "data channel id " + init.id() + " is already in use");
                }
            }
        }
        RtcDataChannel channel = new RtcDataChannel(this, init);
        dataChannels.add(channel);
        onLoop(() -> {
            DataChannels sctp = transport.sctp();
            if (sctp != null) bindChannel(sctp, channel);
            else unboundChannels.add(channel);
            if (!dataWanted) {
                dataWanted = true;
                updateNegotiationNeeded();
            }
            transport.pump();
        });
        return channel;
    }

    /**
     * addTrack(track, streamIds) (W3C §5.1): reuses an unused transceiver of the track's kind or adds a sendrecv
     * one; fires negotiationneeded.
     */
    public RtpSender addTrack(MediaStreamTrack track, String... streamIds) {
        Objects.requireNonNull(track, "track");
        checkOpen();
        if (track.isRemote()) throw new RtcException("InvalidAccessError", "cannot send a remote track: " + track);
        for (RtpTransceiver t : transceivers) {
            if (t.sender().track() == track) {
                throw new RtcException("InvalidAccessError", "track " + track.id() + " is already added");
            }
        }
        String stream = streamIds.length > 0 ? streamIds[0] : "-";
        for (RtpTransceiver t : transceivers) {
            if (t.kind().equals(track.kind()) && t.sender().track() == null && !t.sender().everSent()) {
                t.sender().setTrack(track, stream);
                Direction d = t.direction();
                t.setDirection(d == Direction.RECVONLY ? Direction.SENDRECV : d == Direction.INACTIVE ? Direction.SENDONLY : d);
                transceiverChanged();
                return t.sender();
            }
        }
        RtpTransceiver t = newTransceiver(track.kind(), Direction.SENDRECV, true);
        t.sender().setTrack(track, stream);
        transceiverChanged();
        return t.sender();
    }

    /** addTransceiver(kind, {direction}) (W3C §5.1). */
    public RtpTransceiver addTransceiver(String kind, Direction direction) {
        checkOpen();
        RtpTransceiver t = newTransceiver(kind, Objects.requireNonNull(direction, "direction"), false);
        transceiverChanged();
        return t;
    }

    /** addTransceiver(track, {direction, streams}) (W3C §5.1). */
    public RtpTransceiver addTransceiver(MediaStreamTrack track, Direction direction, String... streamIds) {
        checkOpen();
        RtpTransceiver t = newTransceiver(track.kind(), Objects.requireNonNull(direction, "direction"), false);
        t.sender().setTrack(track, streamIds.length > 0 ? streamIds[0] : "-");
        transceiverChanged();
        return t;
    }

    /** removeTrack(sender) (W3C §5.1): stops sending; the transceiver stays, now not sending. */
    public void removeTrack(RtpSender sender) {
        checkOpen();
        for (RtpTransceiver t : transceivers) {
            if (t.sender() == sender) {
                sender.setTrack(null, null);
                Direction d = t.direction();
                t.setDirection(d == Direction.SENDRECV ? Direction.RECVONLY : d == Direction.SENDONLY ? Direction.INACTIVE : d);
                return;
            }
        }
        throw new RtcException("InvalidAccessError", "sender does not belong to this connection");
    }

    private RtpTransceiver newTransceiver(String kind, Direction direction, boolean fromAddTrack) {
        if (!kind.equals("audio") && !kind.equals("video")) {
            throw new IllegalArgumentException("TypeError: kind must be audio or video, got '" + kind + "'");
        }
        long ssrc = random.nextInt() & 0xFFFFFFFFL;
        long rtx = random.nextInt() & 0xFFFFFFFFL;
        RtpSender sender = new RtpSender(this, kind, ssrc, rtx);
        RtpReceiver receiver = new RtpReceiver(MediaStreamTrack.remote(kind, "remote-" + Long.toHexString(random.nextLong())));
        RtpTransceiver t = new RtpTransceiver(this, kind, direction, sender, receiver, fromAddTrack);
        transceivers.add(t);
        return t;
    }

    public List<RtpTransceiver> getTransceivers() {
        return List.copyOf(transceivers);
    }

    public List<RtpSender> getSenders() {
        List<RtpSender> out = new ArrayList<>();
        for (RtpTransceiver t : transceivers) out.add(t.sender());
        return out;
    }

    public List<RtpReceiver> getReceivers() {
        List<RtpReceiver> out = new ArrayList<>();
        for (RtpTransceiver t : transceivers) out.add(t.receiver());
        return out;
    }

    /** getStats() (W3C §8.2, webrtc-stats): peer-connection, transport, candidate pairs and candidates, RTP, data channels. */
    public CompletableFuture<RtcStatsReport> getStats() {
        return call(() -> StatsCollector.collect(this, transport, media, transceivers, dataChannels));
    }

    /** close() (W3C §4.4.1.6): ends every transport and channel at once; no more events fire. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Runnable shut = () -> {
            for (RtcDataChannel c : dataChannels) c.closed(callbacks);
            core.advance(driver.nanoTime());
            core.close();
            io.close();
            signalingState = SignalingState.CLOSED;
            iceConnectionState = RtcIceConnectionState.CLOSED;
            connectionState = RtcPeerConnectionState.CLOSED;
            factory.removed(this);
        };
        try {
            driver.runAndWait(shut);
        } catch (RejectedExecutionException e) {
            factory.removed(this); // the factory's loops are gone already
        }
    }

    // ---- getters

    public SignalingState signalingState() {
        return signalingState;
    }

    public RtcIceGatheringState iceGatheringState() {
        return gatheringState;
    }

    public RtcIceConnectionState iceConnectionState() {
        return iceConnectionState;
    }

    public RtcPeerConnectionState connectionState() {
        return connectionState;
    }

    /** The pending local description if any, else the current one, else null. */
    public RtcSessionDescription localDescription() {
        return localDescription;
    }

    public RtcSessionDescription remoteDescription() {
        return remoteDescription;
    }

    public RtcConfiguration configuration() {
        return configuration;
    }

    /** The certificate this connection authenticates with (reuse it through {@link RtcConfiguration#withCertificate}). */
    public DtlsCertificate certificate() {
        return certificate;
    }

    /** Nanoseconds from construction to connectionState connected, or -1. */
    public long timeToConnectNanos() {
        long at = connectedAt;
        return at < 0 ? -1 : at - createdAt;
    }

    /** The selected candidate pair as "local -> remote", or null. */
    public String selectedCandidatePair() {
        CompletableFuture<String> f = call(() -> {
            CandidatePair p = transport.selectedPair();
            return p == null ? null : p.local().address() + " -> " + p.remote().address();
        });
        return f.join();
    }

    // ---- listeners

    public void onIceCandidate(Consumer<RtcIceCandidate> l) { onIceCandidate = l; }

    public void onIceGatheringStateChange(Consumer<RtcIceGatheringState> l) { onIceGatheringStateChange = l; }

    public void onIceConnectionStateChange(Consumer<RtcIceConnectionState> l) { onIceConnectionStateChange = l; }

    public void onConnectionStateChange(Consumer<RtcPeerConnectionState> l) { onConnectionStateChange = l; }

    public void onSignalingStateChange(Consumer<SignalingState> l) { onSignalingStateChange = l; }

    public void onDataChannel(Consumer<RtcDataChannel> l) { onDataChannel = l; }

    public void onTrack(Consumer<RtcTrackEvent> l) { onTrack = l; }

    public void onNegotiationNeeded(Runnable l) { onNegotiationNeeded = l; }

    // =========================================================================================== plumbing

    private void checkOpen() {
        if (closed) throw new RtcException("InvalidStateError", "the PeerConnection is closed");
    }

    /** Runs {@code op} on the loop and completes the future on a callback thread (never the loop itself). */
    private <T> CompletableFuture<T> call(Supplier<T> op) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new RtcException("InvalidStateError", "the PeerConnection is closed"));
            return f;
        }
        pendingOperations.incrementAndGet();
        try {
            driver.execute(() -> {
                try {
                    if (closed) throw new RtcException("InvalidStateError", "the PeerConnection is closed");
                    core.advance(driver.nanoTime());
                    T v = op.get();
                    futures.execute(() -> f.complete(v));
                } catch (RuntimeException e) {
                    futures.execute(() -> f.completeExceptionally(e));
                } finally {
                    // W3C §4.4.1.2: negotiation-needed is checked once the operations chain is empty.
                    if (pendingOperations.decrementAndGet() == 0) updateNegotiationNeeded();
                    if (!closed) io.flush();
                }
            });
        } catch (RejectedExecutionException e) {
            pendingOperations.decrementAndGet();
            f.completeExceptionally(new RtcException("InvalidStateError", "the PeerConnectionFactory is closed", e));
        }
        return f;
    }

    /** Runs {@code task} on the loop (at once when already there). */
    void onLoop(Runnable task) {
        if (driver.inLoop()) {
            if (!closed) runTask(task);
            return;
        }
        try {
            driver.execute(() -> {
                if (!closed) runTask(task);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop gone, task dropped");
        }
    }

    /** A loop task: the core's time moves to now first, and what it queued to send goes out after. */
    private void runTask(Runnable task) {
        core.advance(driver.nanoTime());
        task.run();
        if (!closed) io.flush();
    }

    private void fire(Runnable event) {
        if (!closed) callbacks.execute(event);
    }

    // =========================================================================================== JSEP

    private RtcSessionDescription createOfferNow(boolean iceRestart) {
        checkOpen();
        if (iceRestart || iceRestartWanted) {
            transport.restartIce();
            iceRestartWanted = false;
            localCandidates.clear();
            for (dev.jrtc.ice.Candidate c : transport.localCandidates()) localCandidates.add(toSdp(c));
        }
        for (RtpTransceiver t : transceivers) {
            if (t.mid() == null) {
                t.setMid(newMid());
                mLineMids.add(t.mid());
            }
        }
        if (dataWanted && dataMid == null) {
            dataMid = newMid();
            mLineMids.add(dataMid);
        }
        if (mLineMids.isEmpty()) {
            throw new RtcException("OperationError", "nothing to offer: add a track, a transceiver or a data channel first");
        }
        OfferBuilder b = new OfferBuilder(Origin.of(sessionId, ++sessionVersion), sdpIce(), fingerprint);
        DtlsRole role = transport.dtlsRole();
        if (role != null) b.setup(role == DtlsRole.CLIENT ? Setup.ACTIVE : Setup.PASSIVE);
        for (String mid : mLineMids) {
            if (mid.equals(dataMid)) {
                b.addDataChannel(mid);
            } else {
                RtpTransceiver t = transceiverByMid(mid);
                if (t != null) b.addTransceiver(describe(t), factory.codecs());
            }
        }
        b.candidates(localCandidates, gatheringDone);
        String sdp = b.build().serialize();
        lastCreatedOffer = sdp;
        return RtcSessionDescription.offer(sdp);
    }

    private RtcSessionDescription createAnswerNow() {
        checkOpen();
        SignalingState s = signalingState;
        if (s != SignalingState.HAVE_REMOTE_OFFER && s != SignalingState.HAVE_LOCAL_PRANSWER) {
            throw new RtcException("InvalidStateError", "createAnswer needs a remote offer; signaling state is " + s.w3cName());
        }
        AnswerBuilder b = new AnswerBuilder(Origin.of(sessionId, ++sessionVersion), sdpIce(), fingerprint, factory.codecs());
        // One BUNDLE transport, one DTLS role for every section: the established one, else the answer to the offer's
        // tag section (RFC 8842 §5.3, RFC 8843 §7.3).
        DtlsRole role = transport.dtlsRole();
        b.setup(role != null ? (role == DtlsRole.CLIENT ? Setup.ACTIVE : Setup.PASSIVE)
                : RemoteTransportInfo.of(pendingRemote).setup().answer());
        for (RtpTransceiver t : transceivers) {
            if (t.mid() != null) b.transceiver(describe(t));
        }
        b.acceptDataChannel(true);
        b.candidates(localCandidates, gatheringDone);
        try {
            String sdp = b.build(pendingRemote).serialize();
            lastCreatedAnswer = sdp;
            return RtcSessionDescription.answer(sdp);
        } catch (SdpParseException e) {
            throw new RtcException("OperationError", "cannot answer the remote offer: " + e.getMessage(), e);
        }
    }

    private RtcSessionDescription setLocalNow(RtcSessionDescription description) {
        checkOpen();
        SdpType type = description.type();
        if (type == SdpType.ROLLBACK) {
            SignalingState next = transition(DescriptionOperation.SET_LOCAL, type);
            rollback();
            setSignalingState(next);
            return description;
        }
        String last = type == SdpType.OFFER ? lastCreatedOffer : lastCreatedAnswer;
        try {
            SignalingTransitions.checkLocalUnmodified(type, description.sdp(), last);
        } catch (SignalingException e) {
            throw toRtc(e);
        }
        String sdp = description.sdp().isEmpty() ? last : description.sdp();
        if (sdp == null) {
            throw new RtcException("InvalidModificationError", "no " + type.w3cName() + " was created to set as local description");
        }
        SignalingState next = transition(DescriptionOperation.SET_LOCAL, type);
        SessionDescription sd = parse(sdp);
        if (type == SdpType.OFFER) {
            pendingLocal = sd;
            startIceIfNeeded(IceRole.CONTROLLING);
        } else if (type == SdpType.ANSWER) {
            currentLocal = sd;
            currentRemote = pendingRemote;
            pendingLocal = null;
            pendingRemote = null;
            localWasOfferer = false;
            applyNegotiated();
        } else {
            pendingLocal = sd; // pranswer: provisional, the final answer follows
        }
        RtcSessionDescription applied = new RtcSessionDescription(type, sdp);
        appliedLocal = sd;
        appliedLocalType = type;
        refreshLocalDescription();
        setSignalingState(next);
        return applied;
    }

    private void setRemoteNow(RtcSessionDescription description) {
        checkOpen();
        SdpType type = description.type();
        if (type == SdpType.ROLLBACK) {
            SignalingState next = transition(DescriptionOperation.SET_REMOTE, type);
            rollback();
            setSignalingState(next);
            return;
        }
        // The state check comes first (W3C §4.4.1.5), as if the implicit rollback had happened; then the content.
        boolean implicitRollback = type == SdpType.OFFER && signalingState == SignalingState.HAVE_LOCAL_OFFER;
        SignalingState next = transition(implicitRollback ? SignalingState.STABLE : signalingState,
                DescriptionOperation.SET_REMOTE, type);
        SessionDescription sd = parse(description.sdp());
        RemoteTransportInfo info = RemoteTransportInfo.of(sd);
        if (currentRemote != null && transport.dtlsRole() != null
                && !RemoteTransportInfo.of(currentRemote).fingerprint().equals(info.fingerprint())) {
            throw new RtcException("InvalidAccessError", "the remote certificate fingerprint changed; a new DTLS"
                    + " association is not supported on a live connection");
        }
        Setup setup = info.setup();
        boolean setupOk = type == SdpType.OFFER ? setup != Setup.HOLDCONN : setup == Setup.ACTIVE || setup == Setup.PASSIVE;
        if (!setupOk) {
            throw new RtcException("InvalidAccessError", "a=setup:" + setup.sdpName() + " in an " + type.w3cName()
                    + " (RFC 8842 §5.3: offers say actpass, active or passive; answers active or passive)");
        }
        if (implicitRollback) {
            // W3C §4.4.1.5 implicit rollback: the polite peer of perfect negotiation yields to the remote offer.
            rollback();
            setSignalingState(SignalingState.STABLE);
        }
        if (type == SdpType.OFFER) {
            IceRole role = sd.iceLite() ? IceRole.CONTROLLING : IceRole.CONTROLLED;
            if (transport.iceStarted() && currentRemote == null && currentLocal == null) transport.changeIceRole(role);
            startIceIfNeeded(role);
            acceptRemoteSections(sd);
            pendingRemote = sd;
        } else if (type == SdpType.ANSWER) {
            currentRemote = sd;
            currentLocal = pendingLocal;
            pendingLocal = null;
            pendingRemote = null;
            localWasOfferer = true;
        } else {
            pendingRemote = sd;
        }
        dev.jrtc.ice.IceCredentials remoteIce = new dev.jrtc.ice.IceCredentials(info.ice().ufrag(), info.ice().pwd());
        if (type == SdpType.OFFER && currentRemote != null
                && !remoteIce.equals(iceCredentialsOf(RemoteTransportInfo.of(currentRemote)))) {
            answerIceRestart();
        }
        transport.setRemoteCredentials(remoteIce);
        for (Candidate c : info.candidates()) addRemoteCandidate(c.toValue());
        if (info.endOfCandidates()) transport.endOfRemoteCandidates();
        remoteMaxMessageSize = info.maxMessageSize() == null ? DEFAULT_REMOTE_MAX_MESSAGE_SIZE : info.maxMessageSize();
        readRemoteMedia(sd);
        if (type == SdpType.ANSWER) applyNegotiated();
        remoteDescription = new RtcSessionDescription(type, description.sdp());
        setSignalingState(next);
        // W3C §4.4.1.5: track events follow the signalingstatechange.
        for (RtcTrackEvent event : pendingTrackEvents) {
            fire(() -> {
                Consumer<RtcTrackEvent> l = onTrack;
                if (l != null) l.accept(event);
            });
        }
        pendingTrackEvents.clear();
    }

    private static dev.jrtc.ice.IceCredentials iceCredentialsOf(RemoteTransportInfo info) {
        return new dev.jrtc.ice.IceCredentials(info.ice().ufrag(), info.ice().pwd());
    }

    /**
     * The remote offer restarts ICE (new ice-ufrag/ice-pwd): the answer must carry new local credentials too
     * (RFC 8839 §4.4.1.1.1, RFC 8829 §5.3.2), so our ICE session restarts with the peer's. Candidates stay (the same
     * sockets); the selected pair carries data until the new session nominates one.
     */
    private void answerIceRestart() {
        transport.restartIce();
        iceRestartWanted = false; // the restart the application asked for happens in this answer
        localCandidates.clear();
        for (dev.jrtc.ice.Candidate c : transport.localCandidates()) localCandidates.add(toSdp(c));
    }

    /**
     * W3C §4.4.1.5 rollback: the pending offer goes, and with it the mids it gave out; transceivers a remote offer
     * created without the application touching them go too.
     */
    private void rollback() {
        pendingLocal = null;
        pendingRemote = null;
        for (RtpTransceiver t : transceivers) {
            if (t.mid() == null || negotiated(t.mid())) continue;
            if (!t.fromAddTrack && t.sender().track() == null && t.direction() == Direction.RECVONLY) {
                transceivers.remove(t);
            } else {
                t.setMid(null);
            }
        }
        if (dataMid != null && !negotiated(dataMid)) dataMid = null;
        mLineMids.removeIf(mid -> !negotiated(mid));
        appliedLocal = currentLocal;
        appliedLocalType = localWasOfferer ? SdpType.OFFER : SdpType.ANSWER;
        refreshLocalDescription();
        remoteDescription = currentRemote == null ? null
                : new RtcSessionDescription(localWasOfferer ? SdpType.ANSWER : SdpType.OFFER, currentRemote.serialize());
    }

    /**
     * W3C §4.4.1.2 localDescription: the applied description with every local candidate gathered so far (and
     * end-of-candidates once gathering is complete) in its first accepted m-section, the BUNDLE tag (RFC 8843 §7.1):
     * what a non-trickle peer needs after gathering.
     */
    private void refreshLocalDescription() {
        if (appliedLocal == null) {
            localDescription = null;
            return;
        }
        List<MediaDescription> media = new ArrayList<>(appliedLocal.media());
        for (int i = 0; i < media.size(); i++) {
            MediaDescription m = media.get(i);
            if (m.port() == 0) continue;
            List<dev.jrtc.peerconnection.sdp.Field> fields = new ArrayList<>();
            for (dev.jrtc.peerconnection.sdp.Field f : m.fields()) {
                String name = f.isAttribute() ? f.attribute().name() : "";
                if (!name.equals("candidate") && !name.equals("end-of-candidates")) fields.add(f);
            }
            int at = fields.isEmpty() || fields.get(0).type() != 'c' ? 0 : 1; // browsers put candidates right after c=
            List<dev.jrtc.peerconnection.sdp.Field> added = new ArrayList<>();
            for (Candidate c : localCandidates) added.add(dev.jrtc.peerconnection.sdp.Field.of(c.toAttribute()));
            if (gatheringDone) added.add(dev.jrtc.peerconnection.sdp.Field.of(dev.jrtc.peerconnection.sdp.Attribute.flag("end-of-candidates")));
            fields.addAll(at, added);
            media.set(i, m.withFields(fields));
            break;
        }
        localDescription = new RtcSessionDescription(appliedLocalType, appliedLocal.withMedia(media).serialize());
    }

    /** True when {@code mid} is in the current (completed) negotiation. */
    private boolean negotiated(String mid) {
        return currentLocal != null && hasSection(currentLocal, mid);
    }

    private void addIceCandidateNow(RtcIceCandidate candidate) {
        checkOpen();
        if (remoteDescription == null) {
            throw new RtcException("InvalidStateError", "addIceCandidate before setRemoteDescription");
        }
        if (candidate.isEndOfCandidates()) {
            transport.endOfRemoteCandidates();
            return;
        }
        if (candidate.sdpMid() != null && !mLineMids.contains(candidate.sdpMid()) && !candidate.sdpMid().equals(dataMid)) {
            throw new RtcException("OperationError", "candidate for unknown mid '" + candidate.sdpMid() + "'");
        }
        addRemoteCandidate(candidate.candidate());
    }

    private void addRemoteCandidate(String line) {
        try {
            dev.jrtc.ice.Candidate c = dev.jrtc.ice.Candidate.parse(line);
            if (c.isMdns() && factory.mdns() != null && factory.settings().mdns().resolveRemoteNames()) {
                // Resolved off the loop; the address it stands for passes the filter then (BundleTransport).
                transport.addRemoteCandidate(c);
                return;
            }
            if (c.address().isUnresolved() || !factory.settings().remoteAddressFilter().test(c.address().getAddress())) {
                remoteCandidatesFiltered++;
                LOG.debug("remote candidate {} not allowed by RtcSettings.remoteAddressFilter", c.address());
                return;
            }
            transport.addRemoteCandidate(c);
        } catch (IllegalArgumentException e) {
            // TCP candidates and the like: browsers skip what they cannot use, and so do we.
            LOG.debug("remote candidate ignored: {}", e.getMessage());
        }
    }

    private void startIceIfNeeded(IceRole role) {
        if (transport.iceStarted()) return;
        RtcSettings s = factory.settings();
        setGatheringState(RtcIceGatheringState.GATHERING);
        transport.startIce(role, s.iceDisconnectedTimeout(), s.iceFailedTimeout(), s.iceCheckingTimeout());
    }

    /** Matches a remote offer's m-sections to transceivers (W3C §4.4.1.5, "process remote tracks"). */
    private void acceptRemoteSections(SessionDescription offer) {
        List<String> order = new ArrayList<>();
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            String mid = m.mid().orElse(Integer.toString(i));
            order.add(mid);
            if (m.port() == 0) continue;
            if (m.media().equals("application")) {
                dataMid = mid;
                continue;
            }
            if (!m.media().equals("audio") && !m.media().equals("video")) continue;
            RtpTransceiver t = transceiverByMid(mid);
            if (t != null && !t.kind().equals(m.media())) {
                throw new RtcException("InvalidAccessError", "m-section " + mid + " is " + m.media()
                        + " but its transceiver is " + t.kind() + " (RFC 8829 §5.10: m-line kinds never change)");
            }
            if (t == null) {
                for (RtpTransceiver candidate : transceivers) {
                    if (candidate.mid() == null && candidate.fromAddTrack && candidate.kind().equals(m.media())) {
                        t = candidate;
                        break;
                    }
                }
            }
            if (t == null) t = newTransceiver(m.media(), Direction.RECVONLY, false);
            t.setMid(mid);
        }
        for (String mid : mLineMids) if (!order.contains(mid)) order.add(mid);
        mLineMids.clear();
        mLineMids.addAll(order);
    }

    /** Remote SSRCs, payload types and sending directions; fires track events (W3C §4.4.1.5 "process remote tracks"). */
    private void readRemoteMedia(SessionDescription sd) {
        for (MediaDescription m : sd.media()) {
            String mid = m.mid().orElse(null);
            if (mid == null || m.port() == 0) continue;
            RtpTransceiver t = transceiverByMid(mid);
            if (t == null) continue;
            try {
                media.learn(mid, t, m);
                Direction remote = m.direction().orElse(Direction.SENDRECV);
                if (remote.sends() && !t.trackFired) {
                    t.trackFired = true;
                    List<String> streams = new ArrayList<>();
                    Optional<Msid> msid = m.msid();
                    if (msid.isPresent() && !msid.get().streamId().equals("-")) streams.add(msid.get().streamId());
                    pendingTrackEvents.add(new RtcTrackEvent(t.receiver(), t.receiver().track(), streams, t));
                }
            } catch (SdpParseException e) {
                throw new RtcException("OperationError", "malformed media section " + mid + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The SCTP port our description announces for the data section {@code mid}, used on both ends: 5000 in our
     * offers, the offerer's port in our answers (AnswerBuilder mirrors it, in either SDP form).
     */
    private int localSctpPort(String mid) {
        for (MediaDescription m : currentLocal.media()) {
            if (!mid.equals(m.mid().orElse(null))) continue;
            try {
                return SctpDescription.of(m).map(SctpDescription::port).orElse(SctpDescription.DEFAULT_PORT);
            } catch (SdpParseException e) {
                // Cannot happen: our own descriptions come from OfferBuilder / AnswerBuilder, which write valid ports.
                throw new IllegalStateException("our description has a malformed SCTP attribute", e);
            }
        }
        return SctpDescription.DEFAULT_PORT;
    }

    /** After an answer: DTLS role and start, the SCTP association, transceiver directions and payload types. */
    private void applyNegotiated() {
        SessionDescription answer = localWasOfferer ? currentRemote : currentLocal;
        SessionDescription remote = currentRemote;
        RemoteTransportInfo remoteInfo = RemoteTransportInfo.of(remote);
        if (transport.dtlsRole() == null) {
            Setup answerSetup = RemoteTransportInfo.of(answer).setup();
            DtlsSetup dtlsSetup = DtlsSetup.parse(answerSetup.sdpName());
            DtlsRole role = localWasOfferer ? DtlsSetup.offererRole(dtlsSetup) : DtlsSetup.roleOf(dtlsSetup);
            transport.startDtls(role, certificate, remoteInfo.dtlsFingerprint(), factory.settings().dtlsHandshakeTimeout());
        }
        for (MediaDescription m : answer.media()) {
            String mid = m.mid().orElse(null);
            if (mid == null) continue;
            if (mid.equals(dataMid) && m.media().equals("application")) {
                if (m.port() != 0 && transport.sctp() == null) {
                    DataChannels sctp = transport.enableSctp(localSctpPort(mid), remoteMaxMessageSize);
                    for (RtcDataChannel c : unboundChannels) bindChannel(sctp, c);
                    unboundChannels.clear();
                } else if (m.port() == 0) {
                    // The answer rejected the data section (RFC 3264 §6): those channels can never open.
                    LOG.debug("data channels rejected by the answer: {} closed", unboundChannels.size());
                    for (RtcDataChannel c : unboundChannels) c.closed(callbacks);
                    unboundChannels.clear();
                }
                continue;
            }
            RtpTransceiver t = transceiverByMid(mid);
            if (t == null) continue;
            Direction d = m.port() == 0 ? Direction.INACTIVE : m.direction().orElse(Direction.SENDRECV);
            if (localWasOfferer) d = reverse(d);
            t.setCurrentDirection(d);
            int pt = -1;
            try {
                for (String f : m.formats()) {
                    Optional<RtpMap> r = m.rtpMap(Integer.parseInt(f));
                    if (r.isPresent() && !r.get().encodingName().equalsIgnoreCase("rtx")) {
                        pt = r.get().payloadType();
                        t.sender().clockRate(r.get().clockRate());
                        break;
                    }
                }
            } catch (SdpParseException | NumberFormatException e) {
                LOG.debug("no payload type for mid {}: {}", mid, e.getMessage());
            }
            t.sender().negotiated(pt, d.sends() && t.sender().track() != null);
            try {
                media.configure(t, m);
            } catch (SdpParseException e) {
                LOG.debug("no NACK or congestion control for mid {}: {}", mid, e.getMessage());
            }
        }
        media.startReports();
        transport.pump();
    }

    private static Direction reverse(Direction d) {
        return switch (d) {
            case SENDONLY -> Direction.RECVONLY;
            case RECVONLY -> Direction.SENDONLY;
            default -> d;
        };
    }

    private SignalingState transition(DescriptionOperation op, SdpType type) {
        return transition(signalingState, op, type);
    }

    private static SignalingState transition(SignalingState from, DescriptionOperation op, SdpType type) {
        try {
            return SignalingTransitions.next(from, op, type);
        } catch (SignalingException e) {
            throw toRtc(e);
        }
    }

    private static SessionDescription parse(String sdp) {
        try {
            return SignalingTransitions.parseDescription(sdp);
        } catch (SignalingException e) {
            throw toRtc(e);
        }
    }

    private static RtcException toRtc(SignalingException e) {
        return new RtcException(e.errorName().name(), e.getMessage().substring(e.errorName().name().length() + 2), e);
    }

    private void setSignalingState(SignalingState next) {
        if (next == signalingState) return;
        signalingState = next;
        fire(() -> {
            Consumer<SignalingState> l = onSignalingStateChange;
            if (l != null) l.accept(next);
        });
        if (next == SignalingState.STABLE) {
            // W3C §4.4.1.5: back in stable the flag is cleared and checked anew, so what the last round did not
            // cover (a polite peer's own rolled-back changes) fires negotiationneeded again.
            negotiationNeeded = false;
            updateNegotiationNeeded();
        }
    }

    /** A transceiver was added or changed: maybe negotiationneeded (W3C §4.7.3). */
    void transceiverChanged() {
        onLoop(this::updateNegotiationNeeded);
    }

    /** W3C §4.7.3 "update the negotiation-needed flag": fires once per need, only in stable. */
    private void updateNegotiationNeeded() {
        if (closed || pendingOperations.get() > 0) return;
        boolean needed = isNegotiationNeeded();
        if (!needed) {
            negotiationNeeded = false;
            return;
        }
        if (signalingState != SignalingState.STABLE || negotiationNeeded) return;
        negotiationNeeded = true;
        fire(() -> {
            // W3C §4.7.3: the queued event is dropped if negotiation started meanwhile; stable re-checks.
            Runnable l = onNegotiationNeeded;
            if (closed || l == null) return;
            if (signalingState == SignalingState.STABLE && pendingOperations.get() == 0) {
                l.run();
            } else {
                onLoop(() -> {
                    negotiationNeeded = false;
                    updateNegotiationNeeded();
                });
            }
        });
    }

    private boolean isNegotiationNeeded() {
        if (iceRestartWanted) return true;
        if (dataWanted && (currentLocal == null || !hasAcceptedSection(currentLocal, dataMid))) return true;
        for (RtpTransceiver t : transceivers) {
            if (t.mid() == null || currentLocal == null || !hasSection(currentLocal, t.mid())) return true;
            Direction written = section(currentLocal, t.mid()).direction().orElse(Direction.SENDRECV);
            Direction wanted = t.direction();
            if (localWasOfferer) {
                if (written != wanted) return true;
            } else {
                // As answerer we wrote the offer's direction answered with what we wanted (RFC 3264 §6.1); if
                // answering it now gives something else, only a new offer from us can change it.
                MediaDescription offered = currentRemote == null ? null : section(currentRemote, t.mid());
                Direction offeredDirection = offered == null ? Direction.SENDRECV : offered.direction().orElse(Direction.SENDRECV);
                if (written != offeredDirection.answer(wanted.sends(), wanted.receives())) return true;
            }
        }
        return false;
    }

    private static boolean hasSection(SessionDescription sd, String mid) {
        return section(sd, mid) != null;
    }

    private static boolean hasAcceptedSection(SessionDescription sd, String mid) {
        MediaDescription m = section(sd, mid);
        return m != null && m.port() != 0;
    }

    private static MediaDescription section(SessionDescription sd, String mid) {
        if (mid == null) return null;
        for (MediaDescription m : sd.media()) if (mid.equals(m.mid().orElse(null))) return m;
        return null;
    }

    private RtpTransceiver transceiverByMid(String mid) {
        for (RtpTransceiver t : transceivers) if (mid.equals(t.mid())) return t;
        return null;
    }

    private String newMid() {
        while (true) {
            String mid = Integer.toString(nextMid++);
            if (!mLineMids.contains(mid)) return mid;
        }
    }

    private IceCredentials sdpIce() {
        dev.jrtc.ice.IceCredentials c = transport.localCredentials();
        return new IceCredentials(c.ufrag(), c.pwd());
    }

    private TransceiverDescription describe(RtpTransceiver t) {
        Direction d = t.direction();
        if (!d.sends()) return new TransceiverDescription(t.mid(), t.kind(), d, null, null, null, null);
        RtpSender s = t.sender();
        MediaStreamTrack track = s.track();
        String trackId = track != null ? track.id() : "sender-" + Long.toHexString(s.ssrc());
        String stream = s.streamId() != null ? s.streamId() : "-";
        Long rtx = t.kind().equals("video") ? s.rtxSsrc() : null;
        return new TransceiverDescription(t.mid(), t.kind(), d, new Msid(stream, trackId), cname, s.ssrc(), rtx);
    }

    private static Candidate toSdp(dev.jrtc.ice.Candidate c) {
        try {
            return Candidate.parse(c.toSdp());
        } catch (SdpParseException e) {
            throw new IllegalStateException("our own candidate does not parse: " + c.toSdp(), e);
        }
    }

    // =========================================================================================== transport events

    private final class TransportEvents implements BundleTransport.Listener {
        @Override
        public void localCandidate(dev.jrtc.ice.Candidate candidate) {
            Candidate c = toSdp(candidate);
            localCandidates.add(c);
            refreshLocalDescription();
            String mid = mLineMids.isEmpty() ? "0" : mLineMids.get(0);
            RtcIceCandidate event = new RtcIceCandidate(candidate.toSdp(), mid, 0, transport.localCredentials().ufrag());
            fire(() -> {
                Consumer<RtcIceCandidate> l = onIceCandidate;
                if (l != null) l.accept(event);
            });
        }

        @Override
        public void gatheringComplete() {
            gatheringDone = true;
            refreshLocalDescription();
            setGatheringState(RtcIceGatheringState.COMPLETE);
            fire(() -> {
                Consumer<RtcIceCandidate> l = onIceCandidate;
                if (l != null) l.accept(null); // W3C §4.8.2: the null candidate ends gathering
            });
        }

        @Override
        public void iceStateChanged(IceConnectionState state) {
            RtcIceConnectionState s = RtcIceConnectionState.valueOf(state.name());
            if (s == RtcIceConnectionState.FAILED) transport.abortSctp("ICE failed: consent lost or no pair works");
            if (s != iceConnectionState) {
                iceConnectionState = s;
                fire(() -> {
                    Consumer<RtcIceConnectionState> l = onIceConnectionStateChange;
                    if (l != null) l.accept(s);
                });
            }
            updateConnectionState();
        }

        @Override
        public void dtlsStateChanged(BundleTransport.DtlsState state, String failure) {
            if (failure != null) LOG.warn("DTLS failed: {}", failure);
            if (state == BundleTransport.DtlsState.FAILED || state == BundleTransport.DtlsState.CLOSED) {
                // SCTP would retransmit into the void forever (it has no give-up of its own): its channels end here.
                transport.abortSctp(state == BundleTransport.DtlsState.CLOSED ? "DTLS closed by the peer" : "DTLS failed: " + failure);
            }
            if (state == BundleTransport.DtlsState.CONNECTED) media.startReports();
            if (state == BundleTransport.DtlsState.CONNECTED) {
                for (RtpTransceiver t : transceivers) {
                    RtpSender s = t.sender();
                    Direction d = t.currentDirection();
                    s.negotiated(s.payloadType(), d != null && d.sends() && s.track() != null);
                }
            }
            updateConnectionState();
        }

        @Override
        public void rtp(byte[] packet, int length) {
            media.receiveRtp(packet, length);
        }

        @Override
        public void rtcp(byte[] packet, int length) {
            media.receiveRtcp(packet, length);
        }

        @Override
        public void dataChannelEvent(DataChannelEvent event) {
            onDataChannelEvent(event);
        }

        @Override
        public void localCredentialsChanged(dev.jrtc.ice.IceCredentials credentials) {
            io.register(credentials);
        }

        @Override
        public void pumped() {
            io.flush();
            for (RtcDataChannel c : channelsById.values()) c.refreshBuffered();
            DataChannels sctp = transport.sctp();
            if (sctp != null) {
                sctpBuffered = sctp.association().bufferedAmount();
                sctpQueuedChunks = sctp.association().queuedChunks();
            }
        }
    }

    private void setGatheringState(RtcIceGatheringState s) {
        if (s == gatheringState) return;
        gatheringState = s;
        fire(() -> {
            Consumer<RtcIceGatheringState> l = onIceGatheringStateChange;
            if (l != null) l.accept(s);
        });
    }

    /** W3C §4.3.3: the connection state from the ICE and DTLS transport states. */
    private void updateConnectionState() {
        RtcIceConnectionState ice = iceConnectionState;
        BundleTransport.DtlsState dtls = transport.dtlsState();
        RtcPeerConnectionState s;
        if (closed) s = RtcPeerConnectionState.CLOSED;
        else if (ice == RtcIceConnectionState.FAILED || dtls == BundleTransport.DtlsState.FAILED || sctpFailed) s = RtcPeerConnectionState.FAILED;
        else if (ice == RtcIceConnectionState.DISCONNECTED) s = RtcPeerConnectionState.DISCONNECTED;
        else if ((ice == RtcIceConnectionState.NEW || ice == RtcIceConnectionState.CLOSED)
                && (dtls == BundleTransport.DtlsState.NEW || dtls == BundleTransport.DtlsState.CLOSED)) s = RtcPeerConnectionState.NEW;
        else if (ice == RtcIceConnectionState.NEW || ice == RtcIceConnectionState.CHECKING
                || dtls == BundleTransport.DtlsState.NEW || dtls == BundleTransport.DtlsState.CONNECTING) s = RtcPeerConnectionState.CONNECTING;
        else s = RtcPeerConnectionState.CONNECTED; // every transport connected, completed or closed
        if (s == connectionState) return;
        connectionState = s;
        if (s == RtcPeerConnectionState.CONNECTED && connectedAt < 0) connectedAt = core.now();
        fire(() -> {
            Consumer<RtcPeerConnectionState> l = onConnectionStateChange;
            if (l != null) l.accept(s);
        });
    }

    // =========================================================================================== data channels

    long remoteMaxMessageSize() {
        return remoteMaxMessageSize;
    }

    Executor callbacks() {
        return callbacks;
    }

    /** The Netty event loop this connection is bound to (null on a virtual driver). */
    io.netty.channel.EventLoop loop() {
        return driver.nettyLoop();
    }

    TransportIo io() {
        return io;
    }

    /** Wall-clock milliseconds now, from the driver's clock (stats timestamps). */
    long wallClockMillis() {
        return driver.wallClockMillis(core.now());
    }

    private void bindChannel(DataChannels sctp, RtcDataChannel c) {
        try {
            DataChannel handle = sctp.createChannel(core.now(), c.init());
            c.bind(handle);
            channelsById.put(handle.id(), c);
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn("data channel '{}' cannot open: {}", c.label(), e.getMessage());
            c.closed(callbacks);
        }
    }

    SctpSettings sctpSettings() {
        return factory.settings().sctp();
    }

    void sendRefused() {
        sendsRefused.incrementAndGet();
    }

    /**
     * A message from RtcDataChannel.send (any thread); one loop task takes every queued message, then pumps once.
     *
     * @throws RtcException OperationError when the connection's buffered amount would pass
     *                      {@link SctpSettings#maxBufferedAmount()} or too many messages wait for the loop
     */
    void queueSend(RtcDataChannel c, byte[] data, boolean binary) {
        long limit = sctpSettings().maxBufferedAmount();
        while (true) {
            long q = queuedBytes.get();
            // Empty messages have no bytes to count: they are refused by how many chunks SCTP already holds.
            boolean emptyRefused = data.length == 0
                    && sctpQueuedChunks + queuedMessages.get() >= DataChannels.MAX_QUEUED_CHUNKS_FOR_EMPTY;
            if (q + sctpBuffered + data.length > limit || queuedMessages.get() >= MAX_QUEUED_MESSAGES || emptyRefused) {
                sendRefused();
                throw new RtcException("OperationError", "the connection's send queue is full: " + (q + sctpBuffered)
                        + " bytes in " + queuedMessages.get() + " queued messages, the limit is " + limit + " bytes");
            }
            if (queuedBytes.compareAndSet(q, q + data.length)) break;
        }
        queuedMessages.incrementAndGet();
        outgoingMessages.add(new OutgoingMessage(c, data, binary));
        if (sendDrainScheduled.compareAndSet(false, true)) onLoop(this::drainSends);
    }

    private record OutgoingMessage(RtcDataChannel channel, byte[] data, boolean binary) {}

    private void drainSends() {
        sendDrainScheduled.set(false);
        DataChannels sctp = transport.sctp();
        long now = core.now();
        for (OutgoingMessage m = outgoingMessages.poll(); m != null; m = outgoingMessages.poll()) {
            RtcDataChannel c = m.channel();
            DataChannel handle = c.channel();
            if (sctp != null && handle != null) {
                try {
                    sctp.send(now, handle, m.data(), m.binary());
                } catch (dev.jrtc.sctp.SctpSendBufferFullException e) {
                    // send() checked the same limit, so only a flood of empty messages (which have no bytes to
                    // count) gets here: dropped and counted.
                    sendsDropped++;
                    LOG.debug("message on '{}' dropped: {}", c.label(), e.getMessage());
                } catch (IllegalStateException | IllegalArgumentException e) {
                    // The channel closed between send() and now: the message is dropped as a browser drops it.
                    LOG.debug("message on '{}' dropped: {}", c.label(), e.getMessage());
                }
                // Counted in SCTP's buffered amount before it leaves the queue's: send() never sees it in neither.
                c.refreshBuffered();
                sctpBuffered = sctp.association().bufferedAmount();
            }
            c.dequeued(m.data().length);
            queuedBytes.addAndGet(-m.data().length);
            queuedMessages.decrementAndGet();
        }
        transport.pump();
    }

    void closeChannelOnLoop(RtcDataChannel c) {
        DataChannels sctp = transport.sctp();
        DataChannel handle = c.channel();
        if (sctp == null || handle == null) {
            unboundChannels.remove(c);
            c.closed(callbacks);
            return;
        }
        sctp.closeChannel(core.now(), handle);
        transport.pump();
    }

    private void onDataChannelEvent(DataChannelEvent event) {
        if (event instanceof DataChannelEvent.ChannelOpen open) {
            RtcDataChannel c = channelsById.get(open.channel().id());
            if (c != null) {
                dataChannelsOpened++;
                c.opened(callbacks);
            }
        } else if (event instanceof DataChannelEvent.RemoteChannel remote) {
            DataChannel h = remote.channel();
            DataChannelInit init = new DataChannelInit(h.label(), h.ordered(), h.maxRetransmits(), h.maxPacketLifeTime(),
                    h.protocol(), false, null, h.priority());
            RtcDataChannel c = new RtcDataChannel(this, init);
            c.bind(h);
            channelsById.put(h.id(), c);
            dataChannels.add(c);
            dataChannelsOpened++;
            // A peer opening channels faster than the listener takes them is held back like one sending messages.
            chargeBacklog(CHANNEL_EVENT_COST);
            fire(() -> {
                try {
                    Consumer<RtcDataChannel> l = onDataChannel;
                    if (l != null) l.accept(c);
                } finally {
                    consumed(CHANNEL_EVENT_COST);
                }
            });
            c.opened(callbacks);
        } else if (event instanceof DataChannelEvent.Message m) {
            RtcDataChannel c = channelsById.get(m.channel().id());
            if (c != null) {
                long cost = m.data().length + DELIVERY_COST;
                chargeBacklog(cost);
                c.message(callbacks, m.binary(), m.data(), () -> consumed(cost));
            }
        } else if (event instanceof DataChannelEvent.BufferedAmountLow low) {
            RtcDataChannel c = channelsById.get(low.channel().id());
            if (c != null) {
                c.refreshBuffered();
                c.bufferedAmountLow(callbacks);
            }
        } else if (event instanceof DataChannelEvent.ChannelClosed cc) {
            RtcDataChannel c = channelsById.remove(cc.channel().id());
            if (c != null) {
                dataChannelsClosed++;
                c.closed(callbacks);
            }
        } else if (event instanceof DataChannelEvent.AssociationClosed ac) {
            if (ac.reason() != null) LOG.debug("SCTP association ended: {}", ac.reason());
            DataChannels sctp = transport.sctp();
            if (sctp != null && sctp.association().peerUnreachable() && !sctpFailed) {
                // Not a W3C state: ICE and DTLS may still look fine, but the peer's SCTP stopped answering
                // (RFC 9260 §8.1), so nothing of the data channels can work any more.
                LOG.info("data channels failed: {}", ac.reason());
                sctpFailed = true;
                updateConnectionState();
            }
            for (RtcDataChannel c : channelsById.values()) c.closed(callbacks);
            dataChannelsClosed += channelsById.size();
            channelsById.clear();
        }
    }

    /** Adds to the receive backlog and tells SCTP at once, before its next SACK (on the loop). */
    private void chargeBacklog(long cost) {
        long backlog = receiveBacklog.addAndGet(cost);
        DataChannels sctp = transport.sctp();
        if (sctp != null) {
            sctp.setReceiveBacklog(core.now(), backlog);
            reportedBacklog = backlog;
        }
    }

    /**
     * A listener finished (callback thread): the backlog shrinks. SCTP is told on the loop, where a window update
     * may follow, but only when what it was told closed a good part of the window: with a listener that keeps up,
     * receiving costs no loop task per message.
     */
    private void consumed(long cost) {
        receiveBacklog.addAndGet(-cost);
        if (reportedBacklog >= BACKLOG_UPDATE_THRESHOLD && backlogUpdateScheduled.compareAndSet(false, true)) {
            onLoop(() -> {
                backlogUpdateScheduled.set(false);
                DataChannels sctp = transport.sctp();
                if (sctp == null) return;
                long backlog = receiveBacklog.get();
                sctp.setReceiveBacklog(core.now(), backlog);
                reportedBacklog = backlog;
                transport.pump();
            });
        }
    }

    /** A quarter of SCTP's 1 MiB receive window: a backlog this large is worth a window update when it drains. */
    private static final long BACKLOG_UPDATE_THRESHOLD = 256 * 1024;

    long receiveBacklog() {
        return receiveBacklog.get();
    }

    long sendsRefused() {
        return sendsRefused.get();
    }

    long sendsDropped() {
        return sendsDropped;
    }

    long remoteCandidatesFiltered() {
        return remoteCandidatesFiltered;
    }

    long dataChannelsOpened() {
        return dataChannelsOpened;
    }

    long dataChannelsClosed() {
        return dataChannelsClosed;
    }

    // =========================================================================================== media

    /** From a sender, any thread. */
    void sendRtp(RtpSender sender, byte[] packet, int off, int len, int payloadType) {
        media.send(sender, packet, off, len, payloadType);
    }

    RtcpReporter rtcpReporter() {
        return media.reporter();
    }

    /**
     * Sets the listener of the send-side bandwidth estimate (draft-ietf-rmcat-gcc-02 on transport-wide feedback,
     * when the answer negotiated {@code transport-cc}): it gets the target bitrate in bits per second on the
     * callback thread whenever it moves by 5% or more, for an encoder to follow. getStats reports the same value as
     * the candidate pair's {@code availableOutgoingBitrate}.
     */
    public void onTargetBitrate(LongConsumer listener) {
        media.onTargetBitrate(listener);
    }

    /**
     * Applies {@code outgoing} to every RTP packet before it is protected and sent, and {@code incoming} to every
     * RTP packet after it is unprotected, before NACK, RTX and delivery see it: loss or a rate limit in user space,
     * for tests and experiments. Null means none.
     */
    public void setRtpImpairments(RtpImpairment outgoing, RtpImpairment incoming) {
        media.setImpairments(outgoing, incoming);
    }

    // =========================================================================================== helpers for stats


    @Override
    public String toString() {
        return "PeerConnection(" + signalingState.w3cName() + ", " + connectionState + ")";
    }
}
