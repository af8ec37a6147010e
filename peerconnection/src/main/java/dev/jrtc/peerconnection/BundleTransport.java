package dev.jrtc.peerconnection;

import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsConfig;
import dev.jrtc.dtls.DtlsEvent;
import dev.jrtc.dtls.DtlsTransport;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsRole;
import dev.jrtc.dtls.SrtpKeyingMaterial;
import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.CandidatePair;
import dev.jrtc.ice.IceAgent;
import dev.jrtc.ice.IceAgentConfig;
import dev.jrtc.ice.IceConnectionState;
import dev.jrtc.ice.IceCredentials;
import dev.jrtc.ice.IceEvent;
import dev.jrtc.ice.IceRole;
import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.udp.PacketKind;
import dev.jrtc.sctp.SctpConfig;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import dev.jrtc.sctp.datachannel.DataChannels;
import dev.jrtc.srtp.SrtpPolicy;
import dev.jrtc.srtp.SrtpSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one BUNDLE transport of a PeerConnection (RFC 8843, RFC 8829 §4.1.1 max-bundle): its UDP sockets, the ICE
 * agent, DTLS on the selected pair, SRTP keyed by DTLS (RFC 5764) and the SCTP association of the data channels
 * (RFC 8261), chained as datagram in, demux by first byte (RFC 7983), and out again.
 *
 * <p>Sans-IO: datagrams come in through {@link #handleDatagram}, go out through {@link #pollTransmit}; its deadline
 * is {@link #pollTimeout} and {@link #handleTimeout} fires it; time is the {@link RtcCore}'s {@code now}. Sockets,
 * timers and threads are {@link TransportIo}'s. {@link #pump()} drains every core until nothing moves.
 * Everything runs on the connection's event loop; the DTLS handshake thread only wakes it.
 */
final class BundleTransport {
    private static final Logger LOG = LoggerFactory.getLogger(BundleTransport.class);
    /** DTLS datagrams kept while no DTLS transport exists yet (the peer's ClientHello can beat its answer). */
    private static final int EARLY_DTLS_LIMIT = 32;
    /** Room for the SRTP tag and SRTCP index before the profile is known: more than any profile needs. */
    static final int SRTP_OVERHEAD = 32;

    /** What the transport reports to its connection; called on the event loop. */
    interface Listener {
        void localCandidate(Candidate candidate);

        void gatheringComplete();

        void iceStateChanged(IceConnectionState state);

        void dtlsStateChanged(DtlsState state, String failure);

        void rtp(byte[] packet, int length);

        void rtcp(byte[] packet, int length);

        void dataChannelEvent(DataChannelEvent event);

        /** New local ICE credentials (a restart): single-port routing must know the ufrag. */
        void localCredentialsChanged(IceCredentials credentials);

        void pumped();
    }

    /** RTCDtlsTransportState (W3C webrtc §5.5.1). */
    enum DtlsState { NEW, CONNECTING, CONNECTED, CLOSED, FAILED }

    private final Listener listener;
    private final java.util.Random random;
    private final java.util.function.LongSupplier clock;
    private final java.util.function.Function<DtlsConfig, DtlsTransport> dtlsFactory;
    private final java.util.function.Consumer<Runnable> onLoop;
    private final SctpSettings sctpSettings;
    private final List<InetSocketAddress> sockets;
    private final Queue<byte[]> earlyDtls = new ArrayDeque<>();
    /** SRTP/SRTCP that arrived while our handshake was still finishing: opened once the keys are installed. */
    private final EarlySrtp earlySrtp = new EarlySrtp();
    /** What is to be sent, in order ({@link #pollTransmit}). */
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final PeerConnection.IceServers iceServers;
    private final java.util.function.Predicate<InetAddress> remoteFilter;
    /** The factory's multicast DNS, or null when off (draft-ietf-mmusic-mdns-ice-candidates). */
    private final MdnsService mdns;
    private final MdnsSettings mdnsSettings;
    /** Remote candidate names in resolution (lower case): one lookup answers every candidate with that name. */
    private final Set<String> mdnsLookups = new HashSet<>();
    /** Our candidates behind .local names, or null when our addresses are not hidden. */
    private final HiddenHostCandidates hiding;

    private IceCredentials localCredentials;
    private IceAgent ice;
    private DtlsTransport dtls;
    private DtlsState dtlsState = DtlsState.NEW;
    private DtlsRole dtlsRole;
    private boolean dtlsStarted;
    private String dtlsCipher;
    private SrtpSession srtp;
    private volatile dev.jrtc.srtp.SrtpProfile srtpProfile;
    private DataChannels sctp;
    private boolean sctpConnected;
    private boolean sctpAborted;
    private boolean pumping;
    private boolean pumpAgain;
    private boolean closed;

    // Counters (event loop only; read for getStats on the loop).
    long bytesSent;
    long bytesReceived;
    long packetsSent;
    long packetsReceived;
    long rtpDropped;
    long dtlsDropped;
    long filteredDatagrams;
    long mdnsResolved;
    long mdnsUnresolved;
    long mdnsLookupsOverLimit;
    long mdnsFiltered;

    /**
     * @param sockets     the local addresses ICE gathers host candidates on
     * @param clock       the core's current time (the {@code now} of its last input)
     * @param dtlsFactory makes the DTLS transport once the roles are known
     * @param onLoop      runs a task on the connection's loop later (mDNS answers arrive on other threads)
     */
    BundleTransport(RtcSettings settings, MdnsService mdns, java.util.Random random, List<InetSocketAddress> sockets,
                    PeerConnection.IceServers iceServers, java.util.function.LongSupplier clock,
                    java.util.function.Function<DtlsConfig, DtlsTransport> dtlsFactory,
                    java.util.function.Consumer<Runnable> onLoop, Listener listener) {
        this.random = random;
        this.sockets = List.copyOf(sockets);
        this.clock = clock;
        this.dtlsFactory = dtlsFactory;
        this.onLoop = onLoop;
        this.listener = listener;
        this.iceServers = iceServers;
        this.sctpSettings = settings.sctp();
        this.remoteFilter = settings.remoteAddressFilter();
        this.mdns = mdns;
        this.mdnsSettings = settings.mdns();
        this.localCredentials = IceCredentials.random(random);
        this.hiding = mdns != null && mdnsSettings.hideLocalAddresses()
                ? new HiddenHostCandidates(mdns, random, onLoop, new HiddenHostCandidates.Sink() {
                    @Override
                    public void localCandidate(Candidate candidate) {
                        listener.localCandidate(candidate);
                    }

                    @Override
                    public void gatheringComplete() {
                        listener.gatheringComplete();
                    }
                })
                : null;
    }

    /** Host candidates not signalled because their hidden name could not be announced. */
    long mdnsHiddenDropped() {
        return hiding == null ? 0 : hiding.dropped();
    }

    IceCredentials localCredentials() {
        return localCredentials;
    }

    // ------------------------------------------------------------------------------------------ input

    /**
     * A datagram from a socket (the transport owns {@code data}); handled at once, the cores are drained by the
     * next {@link #pump()} (one per read round, so SCTP acknowledges and DTLS flushes once per round).
     */
    void handleDatagram(long now, InetSocketAddress local, InetSocketAddress remote, byte[] data) {
        if (closed || ice == null) return;
        if (!remoteFilter.test(remote.getAddress())) {
            // Not answered, so not even a STUN response goes to an address the settings rule out.
            filteredDatagrams++;
            return;
        }
        packetsReceived++;
        bytesReceived += data.length;
        ice.handleDatagram(now, remote, local, data);
    }

    /** The next datagram to send, or null; the caller owns it. */
    Transmit pollTransmit() {
        return transmits.poll();
    }

    /** When {@link #handleTimeout} is due (ICE, SCTP, DTLS), or {@link Long#MAX_VALUE}. */
    long pollTimeout() {
        if (closed || ice == null) return Long.MAX_VALUE;
        long deadline = ice.pollTimeout();
        if (sctp != null && sctpConnected) deadline = Math.min(deadline, sctp.pollTimeout());
        if (dtls != null) deadline = Math.min(deadline, dtls.pollTimeout());
        return deadline;
    }

    /** Fires what is due at {@code now}, then pumps. */
    void handleTimeout(long now) {
        if (closed || ice == null) return;
        if (ice.pollTimeout() <= now) ice.handleTimeout(now);
        if (sctp != null && sctpConnected && sctp.pollTimeout() <= now) sctp.handleTimeout(now);
        if (dtls != null && dtls.pollTimeout() <= now) dtls.handleTimeout(now);
        pump();
    }

    // ------------------------------------------------------------------------------------------ ICE

    /** Creates the agent and gathers (at the first setLocalDescription or remote offer). */
    void startIce(IceRole role, Duration disconnected, Duration failed, Duration checking) {
        if (ice != null) return;
        IceAgentConfig base = IceAgentConfig.of(role, sockets, random);
        ice = new IceAgent(new IceAgentConfig(role, localCredentials, sockets, iceServers.stun(), random, base.pacing(),
                base.consentInterval(), disconnected, failed, checking)
                .withTurnServers(iceServers.turn()).withTransportPolicy(iceServers.policy()));
        ice.gather(clock.getAsLong());
        pump();
    }

    boolean iceStarted() {
        return ice != null;
    }

    void changeIceRole(IceRole role) {
        if (ice != null) ice.changeRole(role);
    }

    IceRole iceRole() {
        return ice == null ? null : ice.role();
    }

    void setRemoteCredentials(IceCredentials credentials) {
        ice.setRemoteCredentials(clock.getAsLong(), credentials);
        pump();
    }

    void addRemoteCandidate(Candidate c) {
        ice.addRemoteCandidate(clock.getAsLong(), c);
        pump();
    }

    void endOfRemoteCandidates() {
        ice.endOfRemoteCandidates(clock.getAsLong());
        pump();
    }

    /** ICE restart (RFC 8445 §9): new local credentials, effective at once; the old pair carries data meanwhile. */
    IceCredentials restartIce() {
        if (ice == null) {
            localCredentials = IceCredentials.random(random);
            listener.localCredentialsChanged(localCredentials);
            return localCredentials;
        }
        localCredentials = ice.restart(clock.getAsLong());
        listener.localCredentialsChanged(localCredentials);
        pump();
        return localCredentials;
    }

    /** The local candidates as signalled: with hidden addresses, host candidates whose name is announced. */
    List<Candidate> localCandidates() {
        if (ice == null) return List.of();
        return hiding == null ? ice.localCandidates() : hiding.signalled(ice.localCandidates());
    }

    List<CandidatePair> checkList() {
        return ice == null ? List.of() : ice.checkList();
    }

    CandidatePair selectedPair() {
        return ice == null ? null : ice.selectedPair();
    }

    IceConnectionState iceState() {
        return ice == null ? IceConnectionState.NEW : ice.connectionState();
    }

    // ------------------------------------------------------------------------------------------ DTLS, SRTP, SCTP

    /** Starts DTLS once the answer fixed the roles (RFC 8842 §5); the client's flight waits for a selected pair. */
    void startDtls(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, Duration timeout) {
        if (dtls != null) return;
        dtlsRole = role;
        DtlsConfig config = DtlsConfig.of(role, certificate, remoteFingerprint).withHandshakeTimeout(timeout)
                .withRetransmitTimeout(Duration.ofMillis(400));
        dtls = dtlsFactory.apply(config);
        setDtlsState(DtlsState.CONNECTING, null);
        for (byte[] d = earlyDtls.poll(); d != null; d = earlyDtls.poll()) dtlsDatagram(clock.getAsLong(), d);
        pump();
    }

    /**
     * Starts the blocking handshake only when it can make progress, so a worker thread is held for the handshake's
     * round trips and not for ICE: a client once ICE has a selected pair, a server when the first record arrives.
     */
    private void startHandshakeWhenReady() {
        if (dtls != null && !dtlsStarted && dtlsRole == DtlsRole.CLIENT && ice.selectedPair() != null) {
            dtlsStarted = true;
            dtls.start();
        }
    }

    private void dtlsDatagram(long now, byte[] d) {
        if (!dtlsStarted && dtlsRole == DtlsRole.SERVER) {
            dtlsStarted = true;
            dtls.start();
        }
        dtls.handleDatagram(now, d, 0, d.length);
    }

    /** Datagrams the ICE agent dropped (failed integrity or fingerprint, unknown username, no valid pair). */
    long iceDropped() {
        return ice == null ? 0 : ice.droppedDatagrams();
    }

    /** Datagrams DTLS could not decrypt or authenticate, or had no room for, plus early ones over the limit. */
    long dtlsDroppedTotal() {
        return dtlsDropped + (dtls == null ? 0 : dtls.droppedDatagrams());
    }

    /** Remote candidates the ICE agent did not keep: over its cap of 100 per ICE generation. */
    long iceCandidatesDropped() {
        return ice == null ? 0 : ice.droppedRemoteCandidates();
    }

    /** Candidate pairs pruned from a full check list (RFC 8445 §6.1.2.5: 100 pairs). */
    long icePairsPruned() {
        return ice == null ? 0 : ice.prunedPairs();
    }

    /** Packets not sent because the SRTP master key is used up (RFC 3711 §9.2: 2^48 SRTP, 2^31 SRTCP). */
    long srtpKeyExhausted() {
        return srtp == null ? 0 : srtp.outboundStats().dropped(dev.jrtc.srtp.SrtpDrop.KEY_EXHAUSTED);
    }

    /** SCTP packets and messages dropped: malformed, forged, over a limit, on an unknown stream. */
    long sctpDropped() {
        return sctp == null ? 0 : sctp.droppedPackets();
    }

    /** SCTP DATA dropped for want of receive window (flow control, not bad input). */
    long sctpReceiveWindowDrops() {
        return sctp == null ? 0 : sctp.association().receiveWindowDrops();
    }

    DtlsRole dtlsRole() {
        return dtlsRole;
    }

    DtlsState dtlsState() {
        return dtlsState;
    }

    String dtlsCipher() {
        return dtlsCipher;
    }

    String srtpCipher() {
        return srtpProfile == null ? null : srtpProfile.name();
    }

    /** Bytes SRTP adds to an RTP packet (the tag) or to an RTCP packet (tag and E+index, RFC 3711 §3.4). */
    int srtpOverhead(boolean rtcp) {
        if (srtpProfile == null) return SRTP_OVERHEAD;
        return rtcp ? srtpProfile.srtcpAuthTagLength() + 4 : srtpProfile.authTagLength();
    }

    boolean srtpReady() {
        return srtp != null;
    }

    /** Creates the data-channel association (RFC 8841); it connects once DTLS is up. */
    DataChannels enableSctp(int sctpPort, long remoteMaxMessageSize) {
        if (sctp == null) {
            sctp = new DataChannels(sctpSettings.apply(SctpConfig.defaults(random)).withPort(sctpPort),
                    dtlsRole == DtlsRole.CLIENT);
            sctp.setRemoteMaxMessageSize(remoteMaxMessageSize);
            if (dtlsState == DtlsState.CONNECTED) connectSctp();
        }
        return sctp;
    }

    DataChannels sctp() {
        return sctp;
    }

    /** Ends the association when DTLS or ICE below it is gone; its channels close (events follow in the pump). */
    void abortSctp(String reason) {
        if (sctp != null && sctpConnected && !sctpAborted) {
            sctpAborted = true;
            sctp.abort(reason);
            pump();
        }
    }

    private void connectSctp() {
        if (!sctpConnected) {
            sctpConnected = true;
            sctp.connect(clock.getAsLong());
        }
    }

    private void setDtlsState(DtlsState state, String failure) {
        if (dtlsState != state) {
            dtlsState = state;
            listener.dtlsStateChanged(state, failure);
        }
    }

    // ------------------------------------------------------------------------------------------ media output

    /**
     * Protects and sends one RTP or RTCP packet held in {@code buf[0..length)}, with {@link #srtpOverhead} spare
     * bytes after it; false when dropped (no keys or no pair yet). The buffer is handed to the socket.
     */
    boolean sendProtected(byte[] buf, int length, boolean rtcp) {
        if (srtp == null || ice == null || ice.selectedPair() == null || closed) {
            rtpDropped++;
            return false;
        }
        int n = rtcp ? srtp.protectRtcp(buf, 0, length) : srtp.protectRtp(buf, 0, length);
        if (n < 0) {
            rtpDropped++;
            return false;
        }
        send(ice.sendData(n == buf.length ? buf : java.util.Arrays.copyOf(buf, n)));
        return true;
    }

    // ------------------------------------------------------------------------------------------ the pump

    /** Drains every core until nothing moves (on the loop; re-entrant calls fold in); then the listener is told. */
    void pump() {
        if (pumping) {
            pumpAgain = true;
            return;
        }
        if (closed || ice == null) return;
        pumping = true;
        try {
            do {
                pumpAgain = false;
                drainOnce();
            } while (pumpAgain);
        } finally {
            pumping = false;
        }
        listener.pumped();
    }

    private void drainOnce() {
        long now = clock.getAsLong();
        boolean moved = true;
        while (moved && !closed) {
            moved = false;
            for (Transmit t = ice.pollTransmit(); t != null; t = ice.pollTransmit()) send(t);
            for (IceEvent e = ice.pollEvent(); e != null; e = ice.pollEvent()) {
                moved = true;
                onIceEvent(now, e);
            }
            if (dtls != null) {
                startHandshakeWhenReady();
                if (ice.selectedPair() != null) {
                    for (byte[] d = dtls.pollTransmit(); d != null; d = dtls.pollTransmit()) send(ice.sendData(d));
                }
                // The SCTP packets of one drain are one receive batch: one SACK decision and one flush for all.
                DataChannels batch = sctpConnected ? sctp : null;
                if (batch != null) batch.beginReceiveBatch();
                for (DtlsEvent e = dtls.pollEvent(); e != null; e = dtls.pollEvent()) {
                    moved = true;
                    onDtlsEvent(e);
                }
                if (batch != null) batch.endReceiveBatch(now);
            }
            if (sctp != null) {
                if (dtlsState == DtlsState.CONNECTED) {
                    for (byte[] p = sctp.pollTransmit(); p != null; p = sctp.pollTransmit()) {
                        moved = true;
                        dtls.send(p, 0, p.length);
                    }
                }
                for (DataChannelEvent e = sctp.pollEvent(); e != null; e = sctp.pollEvent()) {
                    moved = true;
                    listener.dataChannelEvent(e);
                }
            }
        }
    }

    private void onIceEvent(long now, IceEvent e) {
        if (e instanceof IceEvent.LocalCandidate c) {
            if (hiding != null) hiding.signal(c.candidate());
            else listener.localCandidate(c.candidate());
        } else if (e instanceof IceEvent.GatheringStateChanged g) {
            if (g.state() == dev.jrtc.ice.IceGatheringState.COMPLETE) {
                if (hiding != null) hiding.gatheringComplete(); // after the names are announced
                else listener.gatheringComplete();
            }
        } else if (e instanceof IceEvent.ConnectionStateChanged s) {
            listener.iceStateChanged(s.state());
        } else if (e instanceof IceEvent.SelectedPairChanged p) {
            LOG.debug("selected pair {} -> {}", p.local(), p.remote());
        } else if (e instanceof IceEvent.ApplicationData d) {
            onApplicationData(now, d.data());
        } else if (e instanceof IceEvent.MdnsLookup m) {
            lookUp(now, m.hostname());
        }
    }

    // ------------------------------------------------------------------------------------------ mDNS

    /**
     * Resolves a remote candidate's {@code .local} name (draft-ietf-mmusic-mdns-ice-candidates §3.2.1) off the
     * loop: the factory's resolver multicasts the query, the answer comes back as a loop task. Bounded by
     * {@link MdnsSettings#maxPendingLookups()} names per connection and the lookup timeout; the ICE agent counts the
     * waiting candidates against its per-generation cap.
     */
    private void lookUp(long now, String hostname) {
        if (mdns == null || !mdnsSettings.resolveRemoteNames()) {
            mdnsUnresolved++;
            ice.handleMdnsResolution(now, hostname, null);
            return;
        }
        String key = hostname.toLowerCase(java.util.Locale.ROOT);
        if (mdnsLookups.contains(key)) return;
        if (mdnsLookups.size() >= mdnsSettings.maxPendingLookups()) {
            mdnsLookupsOverLimit++;
            ice.handleMdnsResolution(now, hostname, null);
            return;
        }
        java.util.concurrent.CompletableFuture<java.util.Optional<InetAddress>> lookup;
        try {
            lookup = mdns.resolve(hostname, mdnsSettings.lookupTimeout());
        } catch (IllegalArgumentException notAName) {
            mdnsUnresolved++; // labels DNS cannot carry: nobody can answer for it
            ice.handleMdnsResolution(now, hostname, null);
            return;
        }
        mdnsLookups.add(key);
        lookup.whenComplete((a, err) -> onLoopLater(() -> resolved(hostname, key, a == null ? null : a.orElse(null))));
    }

    private void resolved(String hostname, String key, InetAddress address) {
        mdnsLookups.remove(key);
        if (closed || ice == null) return;
        if (address == null) {
            mdnsUnresolved++;
        } else if (!remoteFilter.test(address)) {
            // The name is only a way of writing an address: what it stands for passes the same filter.
            mdnsFiltered++;
            LOG.debug("mDNS candidate {} resolved to {}, not allowed by RtcSettings.remoteAddressFilter", hostname, address);
            address = null;
        } else {
            mdnsResolved++;
        }
        ice.handleMdnsResolution(clock.getAsLong(), hostname, address);
        pump();
    }

    /** Runs {@code task} on the loop later (from a future's completion, any thread); dropped once the loop is gone. */
    private void onLoopLater(Runnable task) {
        onLoop.accept(task);
    }

    /** RFC 7983 demux of what ICE let through: DTLS, or SRTP/SRTCP (RFC 5761 §4 by payload type). */
    private void onApplicationData(long now, byte[] d) {
        PacketKind kind = PacketKind.classify(d[0]);
        if (kind == PacketKind.DTLS) {
            if (dtls != null) {
                dtlsDatagram(now, d);
            } else if (earlyDtls.size() < EARLY_DTLS_LIMIT) {
                earlyDtls.add(d);
            } else {
                dtlsDropped++;
            }
        } else if (kind == PacketKind.RTP_RTCP && d.length >= 12 && srtp != null) {
            unprotectAndDeliver(d);
        } else if (kind == PacketKind.RTP_RTCP && d.length >= 12 && dtlsState == DtlsState.CONNECTING) {
            rtpDropped += earlySrtp.expire(now);
            if (!earlySrtp.offer(now, d)) rtpDropped++;
        } else {
            rtpDropped++;
        }
    }

    private void unprotectAndDeliver(byte[] d) {
        int pt = d[1] & 0xFF;
        if (pt >= 192 && pt <= 223) {
            int n = srtp.unprotectRtcp(d, 0, d.length);
            if (n > 0) listener.rtcp(d, n); else rtpDropped++;
        } else {
            int n = srtp.unprotectRtp(d, 0, d.length);
            if (n > 0) listener.rtp(d, n); else rtpDropped++;
        }
    }

    private void onDtlsEvent(DtlsEvent e) {
        if (e instanceof DtlsEvent.HandshakeComplete done) {
            dtlsCipher = done.cipherSuite();
            SrtpKeyingMaterial k = done.srtp();
            if (k != null) {
                srtp = new SrtpSession(k.profile(), k.localMasterKey(), k.localMasterSalt(), k.remoteMasterKey(),
                        k.remoteMasterSalt(), SrtpPolicy.DEFAULT);
                srtpProfile = k.profile();
                // What the peer sent as soon as its side was done, in the order it arrived.
                rtpDropped += earlySrtp.expire(clock.getAsLong());
                for (byte[] p = earlySrtp.poll(); p != null; p = earlySrtp.poll()) unprotectAndDeliver(p);
            } else {
                rtpDropped += earlySrtp.clear();
            }
            setDtlsState(DtlsState.CONNECTED, null);
            if (sctp != null) connectSctp();
        } else if (e instanceof DtlsEvent.ApplicationData data) {
            if (sctp != null) {
                sctp.handlePacket(clock.getAsLong(), data.data(), 0, data.data().length);
                // Its messages go to the connection now, before the batch's SACK, which then advertises the window
                // as the messages' receive backlog left it.
                for (DataChannelEvent ev = sctp.pollEvent(); ev != null; ev = sctp.pollEvent()) listener.dataChannelEvent(ev);
            } else {
                dtlsDropped++;
            }
        } else if (e instanceof DtlsEvent.Closed) {
            rtpDropped += earlySrtp.clear();
            setDtlsState(DtlsState.CLOSED, null);
        } else if (e instanceof DtlsEvent.Failed f) {
            rtpDropped += earlySrtp.clear();
            setDtlsState(DtlsState.FAILED, f.reason());
        }
    }

    /** Queues {@code t} for {@link #pollTransmit}. */
    private void send(Transmit t) {
        packetsSent++;
        bytesSent += t.data().length;
        transmits.add(t);
    }

    /** Queues SCTP ABORT and DTLS close_notify (no graceful SCTP SHUTDOWN is waited for) and TURN deallocations. */
    void close() {
        if (closed) return;
        if (sctp != null && sctpConnected && dtlsState == DtlsState.CONNECTED) {
            sctp.abort("PeerConnection closed");
            for (byte[] p = sctp.pollTransmit(); p != null; p = sctp.pollTransmit()) dtls.send(p, 0, p.length);
        }
        if (dtls != null) {
            dtls.close();
            if (ice != null && ice.selectedPair() != null) {
                for (byte[] d = dtls.pollTransmit(); d != null; d = dtls.pollTransmit()) send(ice.sendData(d));
            }
        }
        closed = true;
        if (ice != null) {
            // Deallocates TURN relays (Refresh with lifetime 0, RFC 8656 §7): sent before the sockets close.
            ice.close(clock.getAsLong());
            for (Transmit t = ice.pollTransmit(); t != null; t = ice.pollTransmit()) send(t);
        }
        if (hiding != null) hiding.close(); // goodbyes for our names (RFC 6762 §10.1)
        earlyDtls.clear();
        rtpDropped += earlySrtp.clear();
        dtlsState = DtlsState.CLOSED;
    }
}
