package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.ice.CandidatePair;
import dev.jrtc.ice.IceTransportPolicy;
import dev.jrtc.ice.turn.TurnServer;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannelInit;
import dev.jrtc.sctp.datachannel.DataChannels;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
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
 *
 * <p>A thin facade: the protocol work is the sans-IO {@link RtcCore} (JSEP engine and transport pump). Each call hops
 * to the loop, feeds the core with the time now, then drains it: events to the listeners, datagrams to the sockets,
 * one timer at its next deadline ({@link TransportIo}). Clock, loop, sockets and threads come from an
 * {@link RtcDriver}: Netty in production, a virtual network in virtual time in tests.
 */
public final class PeerConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    private final PeerConnectionFactory factory;
    private final RtcConfiguration configuration;
    private final RtcDriver driver;
    private final SerialExecutor callbacks;
    private final Executor futures;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint fingerprint;
    private final BundleTransport transport;
    private final RtcCore core;
    private final TransportIo io;
    private final java.util.Random random;
    private final long sessionId;
    private final String cname;
    private final long createdAt;
    /** W3C [[Operations]]: calls queued or running; negotiationneeded waits until it is empty. */
    private final java.util.concurrent.atomic.AtomicInteger pendingOperations = new java.util.concurrent.atomic.AtomicInteger();

    private volatile boolean closed;
    private final List<RtpTransceiver> transceivers = new CopyOnWriteArrayList<>();
    private final List<RtcDataChannel> dataChannels = new CopyOnWriteArrayList<>();
    /** The JSEP engine in the core: descriptions, signaling and the aggregated states. */
    private final JsepEngine jsep;
    private final DataChannelRegistry channels;
    private final MediaRouter media;

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
        this.fingerprint = certificate.fingerprint();
        this.cname = Long.toHexString(random.nextLong());
        IceServers servers = iceServers(configuration, factory.router() != null);
        this.core = new RtcCore(createdAt);
        this.io = new TransportIo(factory, driver, core);
        this.jsep = new JsepEngine(new EngineHost(), factory.settings(), factory.codecs(),
                factory.mdns() != null && factory.settings().mdns().resolveRemoteNames(), certificate, fingerprint,
                sessionId, cname, transceivers);
        this.transport = new BundleTransport(factory.settings(), factory.mdns(), random, io.sockets(), servers,
                core::now, config -> driver.newDtls(config, io::wake), this::onLoop, jsep.transportListener());
        this.media = new MediaRouter(transport, transceivers, core.timers(), core::now, driver::wallClockMillis,
                random, this::onLoop, this::fire, cname, random.nextInt() & 0xFFFFFFFFL);
        this.channels = new DataChannelRegistry(this, core, dataChannels);
        jsep.attach(transport, media, core::now);
        core.attach(jsep, transport, media);
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
        return new IceServers(stun, turn, configuration.iceTransportPolicy());
    }

    /** What ICE gathers with: STUN servers, TURN servers and the transport policy. */
    record IceServers(List<InetSocketAddress> stun, List<TurnServer> turn, dev.jrtc.ice.IceTransportPolicy policy) {}

    // =========================================================================================== W3C API

    /** createOffer() (W3C §4.4.1.6, RFC 8829 §5.2). */
    public CompletableFuture<RtcSessionDescription> createOffer() {
        return call(now -> core.createOffer(now, false));
    }

    /** createOffer({iceRestart}) (RFC 8829 §5.2.3.1). */
    public CompletableFuture<RtcSessionDescription> createOffer(boolean iceRestart) {
        return call(now -> core.createOffer(now, iceRestart));
    }

    /** createAnswer() (W3C §4.4.1.6, RFC 8829 §5.3); needs a remote offer. */
    public CompletableFuture<RtcSessionDescription> createAnswer() {
        return call(core::createAnswer);
    }

    /**
     * setLocalDescription(description) (W3C §4.4.1.5); an empty SDP means the one last created. The future gives the
     * description applied, so a signaling layer sends exactly that one even if negotiation moved on meanwhile.
     */
    public CompletableFuture<RtcSessionDescription> setLocalDescription(RtcSessionDescription description) {
        Objects.requireNonNull(description, "description");
        return call(now -> core.setLocalDescription(now, description));
    }

    /**
     * setLocalDescription() without arguments: creates and applies the offer or answer the signaling state calls
     * for, and gives it back (send it to the peer).
     */
    public CompletableFuture<RtcSessionDescription> setLocalDescription() {
        return call(core::setLocalDescription);
    }

    /** setRemoteDescription(description) (W3C §4.4.1.5), with the implicit rollback of perfect negotiation. */
    public CompletableFuture<Void> setRemoteDescription(RtcSessionDescription description) {
        Objects.requireNonNull(description, "description");
        return call(now -> {
            core.setRemoteDescription(now, description);
            return null;
        });
    }

    /** addIceCandidate(candidate) (W3C §4.4.1.6, RFC 8838 §11.4); an empty candidate is end-of-candidates. */
    public CompletableFuture<Void> addIceCandidate(RtcIceCandidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        return call(now -> {
            core.addIceCandidate(now, candidate);
            return null;
        });
    }

    /** restartIce() (W3C §4.4.1.6): the next offer carries new ICE credentials; fires negotiationneeded. */
    public void restartIce() {
        onLoop(() -> core.restartIce(core.now()));
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
            if (sctp != null) channels.bindChannel(sctp, channel);
            else channels.addUnbound(channel);
            jsep.wantDataChannels();
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
        return call(now -> StatsCollector.collect(this, transport, media, transceivers, dataChannels));
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
            jsep.closed();
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
        return jsep.signalingState();
    }

    public RtcIceGatheringState iceGatheringState() {
        return jsep.gatheringState();
    }

    public RtcIceConnectionState iceConnectionState() {
        return jsep.iceConnectionState();
    }

    public RtcPeerConnectionState connectionState() {
        return jsep.connectionState();
    }

    /** The pending local description if any, else the current one, else null. */
    public RtcSessionDescription localDescription() {
        return jsep.localDescription();
    }

    public RtcSessionDescription remoteDescription() {
        return jsep.remoteDescription();
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
        long at = jsep.connectedAt();
        return at < 0 ? -1 : at - createdAt;
    }

    /** The selected candidate pair as "local -> remote", or null. */
    public String selectedCandidatePair() {
        if (driver.inLoop()) return describeSelectedPair(); // waiting for the loop on the loop would never end
        return call(now -> describeSelectedPair()).join();
    }

    private String describeSelectedPair() {
        CandidatePair p = transport.selectedPair();
        return p == null ? null : p.local().address() + " -> " + p.remote().address();
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

    /** Runs {@code op} on the loop with the time now and completes the future on a callback thread (never the loop itself). */
    private <T> CompletableFuture<T> call(java.util.function.LongFunction<T> op) {
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
                    long now = driver.nanoTime();
                    core.advance(now);
                    T v = op.apply(now);
                    futures.execute(() -> f.complete(v));
                } catch (RuntimeException e) {
                    futures.execute(() -> f.completeExceptionally(e));
                } finally {
                    // W3C §4.4.1.2: negotiation-needed is checked once the operations chain is empty.
                    if (pendingOperations.decrementAndGet() == 0) jsep.updateNegotiationNeeded();
                    if (!closed) afterInput();
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

    /** A loop task: the core's time moves to now first; what it queued to send and to tell goes out after. */
    private void runTask(Runnable task) {
        core.advance(driver.nanoTime());
        task.run();
        if (!closed) afterInput();
    }

    /** After every input: events to their listeners, datagrams to the sockets, the timer to the next deadline. */
    private void afterInput() {
        dispatchEvents();
        io.flush();
    }

    /** Runs an application callback in order after the core's events so far (on the loop: they go first). */
    private void fire(Runnable event) {
        if (closed) return;
        if (driver.inLoop()) dispatchEvents();
        callbacks.execute(event);
    }

    /** The core's events, each to its listener on the callback thread, in order. */
    private void dispatchEvents() {
        for (RtcEvent e = jsep.pollEvent(); e != null; e = jsep.pollEvent()) {
            if (closed) continue;
            if (e instanceof RtcEvent.SignalingStateChange c) {
                callbacks.execute(() -> listen(onSignalingStateChange, c.state()));
            } else if (e instanceof RtcEvent.NegotiationNeeded) {
                callbacks.execute(this::negotiationNeeded);
            } else if (e instanceof RtcEvent.Track t) {
                callbacks.execute(() -> listen(onTrack, t.event()));
            } else if (e instanceof RtcEvent.IceCandidate c) {
                callbacks.execute(() -> listen(onIceCandidate, c.candidate()));
            } else if (e instanceof RtcEvent.IceGatheringStateChange g) {
                callbacks.execute(() -> listen(onIceGatheringStateChange, g.state()));
            } else if (e instanceof RtcEvent.IceConnectionStateChange i) {
                callbacks.execute(() -> listen(onIceConnectionStateChange, i.state()));
            } else if (e instanceof RtcEvent.ConnectionStateChange c) {
                callbacks.execute(() -> listen(onConnectionStateChange, c.state()));
            } else if (e instanceof RtcEvent.DataChannel d) {
                callbacks.execute(() -> {
                    try {
                        listen(onDataChannel, d.channel());
                    } finally {
                        d.delivered().run();
                    }
                });
            } else if (e instanceof RtcEvent.DataChannelOpen o) {
                callbacks.execute(o.channel()::deliverOpen);
            } else if (e instanceof RtcEvent.DataChannelMessage m) {
                callbacks.execute(() -> m.channel().deliverMessage(m.binary(), m.data(), m.delivered()));
            } else if (e instanceof RtcEvent.DataChannelBufferedAmountLow b) {
                callbacks.execute(b.channel()::deliverBufferedAmountLow);
            } else if (e instanceof RtcEvent.DataChannelClose c) {
                callbacks.execute(c.channel()::deliverClose);
            }
        }
    }

    /** On the callback thread (W3C §4.7.3): the queued event is dropped if negotiation started meanwhile. */
    private void negotiationNeeded() {
        Runnable l = onNegotiationNeeded;
        if (closed || l == null) return;
        if (jsep.signalingState() == SignalingState.STABLE && pendingOperations.get() == 0) {
            l.run();
        } else {
            onLoop(jsep::negotiationNeededDropped);
        }
    }

    private static <T> void listen(Consumer<T> listener, T value) {
        if (listener != null) listener.accept(value);
    }

    // =========================================================================================== data channels

    SctpSettings sctpSettings() {
        return factory.settings().sctp();
    }

    long remoteCandidatesFiltered() {
        return jsep.remoteCandidatesFiltered();
    }

    /** Bytes of received messages whose listeners have not run yet (tests watch it). */
    long receiveBacklog() {
        return channels.receiveBacklog();
    }

    /** The data-channel registry (RtcDataChannel and stats use it). */
    DataChannelRegistry channels() {
        return channels;
    }

    long remoteMaxMessageSize() {
        return jsep.remoteMaxMessageSize();
    }

    /** A transceiver was added or changed: maybe negotiationneeded (W3C §4.7.3). */
    void transceiverChanged() {
        onLoop(jsep::updateNegotiationNeeded);
    }

    /** What the JSEP engine asks of this connection (on the loop). */
    private final class EngineHost implements JsepHost {
        @Override
        public RtpTransceiver newRemoteTransceiver(String kind) {
            return newTransceiver(kind, Direction.RECVONLY, false);
        }

        @Override
        public void sctpStarted(DataChannels sctp) {
            channels.sctpStarted(sctp);
        }

        @Override
        public void dataChannelsRejected() {
            channels.rejected();
        }

        @Override
        public void dataChannelEvent(DataChannelEvent event) {
            channels.onDataChannelEvent(event);
        }

        @Override
        public void localCredentialsChanged(dev.jrtc.ice.IceCredentials credentials) {
            io.register(credentials);
        }

        @Override
        public void pumped() {
            afterInput();
            channels.pumped();
        }

        @Override
        public int pendingOperations() {
            return pendingOperations.get();
        }

        @Override
        public boolean closed() {
            return closed;
        }
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
        return "PeerConnection(" + signalingState().w3cName() + ", " + connectionState() + ")";
    }
}
