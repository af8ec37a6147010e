package dev.jrtc.peerconnection;
import dev.jrtc.dtls.DtlsCertificate;
import dev.jrtc.dtls.DtlsFingerprint;
import dev.jrtc.dtls.DtlsRole;
import dev.jrtc.dtls.DtlsSetup;
import dev.jrtc.ice.Candidate;
import dev.jrtc.ice.IceConnectionState;
import dev.jrtc.ice.IceCredentials;
import dev.jrtc.ice.IceRole;
import dev.jrtc.peerconnection.jsep.internal.DescriptionOperation;
import dev.jrtc.peerconnection.jsep.SdpType;
import dev.jrtc.peerconnection.jsep.internal.SignalingException;
import dev.jrtc.peerconnection.jsep.internal.SignalingTransitions;
import dev.jrtc.peerconnection.jsep.SignalingState;
import dev.jrtc.peerconnection.sdp.AnswerBuilder;
import dev.jrtc.peerconnection.sdp.Direction;
import dev.jrtc.peerconnection.sdp.MediaDescription;
import dev.jrtc.peerconnection.sdp.OfferBuilder;
import dev.jrtc.peerconnection.sdp.Origin;
import dev.jrtc.peerconnection.sdp.SdpParseException;
import dev.jrtc.peerconnection.sdp.SessionDescription;
import dev.jrtc.peerconnection.sdp.TransceiverDescription;
import dev.jrtc.sctp.datachannel.DataChannelEvent;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSEP engine of a connection (RFC 8829, now RFC 9429): the signaling state machine, local and remote
 * descriptions, transceivers and their mids, ICE restarts, negotiation-needed, and the W3C state aggregation of ICE and
 * DTLS into connectionState (W3C webrtc §4.3.3). Sans-IO: what the application should hear comes out of
 * {@link #pollEvent}; the transport below is driven through {@link RtcCore}. Event loop only, except the getters.
 */
final class JsepEngine {
    private static final Logger LOG = LoggerFactory.getLogger(JsepEngine.class);
    /** RFC 8841 §6.1: without a=max-message-size the peer accepts 64 KiB. */
    static final long DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65536;

    private final JsepHost host;
    private final RtcSettings settings;
    private final java.util.List<dev.jrtc.peerconnection.sdp.CodecCapability> codecs;
    private final boolean mdnsResolves;
    private final DtlsCertificate certificate;
    private final DtlsFingerprint fingerprint;
    private final long sessionId;
    private final String cname;
    private final List<RtpTransceiver> transceivers;
    private final java.util.ArrayDeque<RtcEvent> events = new java.util.ArrayDeque<>();
    private final ConnectionStates states = new ConnectionStates(events);
    private BundleTransport transport;
    private MediaRouter media;
    private java.util.function.LongSupplier clock;

    // ---- state the getters read from any thread
    private volatile SignalingState signalingState = SignalingState.STABLE;
    private volatile long remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
    private volatile RtcSessionDescription localDescription;
    private volatile RtcSessionDescription remoteDescription;

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
    private long remoteCandidatesFiltered;
    private final List<RtcTrackEvent> pendingTrackEvents = new ArrayList<>();

    JsepEngine(JsepHost host, RtcSettings settings, List<dev.jrtc.peerconnection.sdp.CodecCapability> codecs,
               boolean mdnsResolves, DtlsCertificate certificate, DtlsFingerprint fingerprint, long sessionId, String cname,
               List<RtpTransceiver> transceivers) {
        this.host = host;
        this.settings = settings;
        this.codecs = codecs;
        this.mdnsResolves = mdnsResolves;
        this.certificate = certificate;
        this.fingerprint = fingerprint;
        this.sessionId = sessionId;
        this.cname = cname;
        this.transceivers = transceivers;
    }

    /** Wires the transport pump below (it reports to {@link #transportListener()}). */
    void attach(BundleTransport transport, MediaRouter media, java.util.function.LongSupplier clock) {
        this.transport = transport;
        this.media = media;
        this.clock = clock;
    }

    BundleTransport.Listener transportListener() {
        return new TransportEvents();
    }

    /** Queues {@code event} for the application behind those already queued (data channels use it too). */
    void emit(RtcEvent event) {
        events.add(event);
    }

    /** The next event for the application, or null. */
    RtcEvent pollEvent() {
        return events.poll();
    }

    // ---- getters (any thread)

    SignalingState signalingState() {
        return signalingState;
    }

    RtcIceGatheringState gatheringState() {
        return states.gathering();
    }

    RtcIceConnectionState iceConnectionState() {
        return states.ice();
    }

    RtcPeerConnectionState connectionState() {
        return states.connection();
    }

    RtcSessionDescription localDescription() {
        return localDescription;
    }

    RtcSessionDescription remoteDescription() {
        return remoteDescription;
    }

    long remoteMaxMessageSize() {
        return remoteMaxMessageSize;
    }

    long connectedAt() {
        return states.connectedAt();
    }

    long remoteCandidatesFiltered() {
        return remoteCandidatesFiltered;
    }

    private void checkOpen() {
        if (host.closed()) throw new RtcException("InvalidStateError", "the PeerConnection is closed");
    }

    // ---- inputs from the facade (event loop)

    /** restartIce(): the next offer restarts ICE. */
    void requestIceRestart() {
        iceRestartWanted = true;
        updateNegotiationNeeded();
    }

    /** The first data channel: the next offer has an SCTP m-section. */
    void wantDataChannels() {
        if (!dataWanted) {
            dataWanted = true;
            updateNegotiationNeeded();
        }
    }

    /** The association failed (peer unreachable): the connection is failed. */
    void sctpFailed() {
        states.sctpFailed(transport.dtlsState(), host.closed(), clock.getAsLong());
    }

    /** close(): every state is closed; no event follows. */
    void closed() {
        signalingState = SignalingState.CLOSED;
        states.closed();
        events.clear();
    }


    RtcSessionDescription createOfferNow(boolean iceRestart) {
        checkOpen();
        if (iceRestart || iceRestartWanted) {
            transport.restartIce();
            iceRestartWanted = false;
            localCandidates.clear();
            localCandidates.addAll(transport.localCandidates());
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
        if (role != null) b.setup(role == DtlsRole.CLIENT ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE);
        for (String mid : mLineMids) {
            if (mid.equals(dataMid)) {
                b.addDataChannel(mid);
            } else {
                RtpTransceiver t = transceiverByMid(mid);
                if (t != null) b.addTransceiver(describe(t), codecs);
            }
        }
        b.candidates(localCandidates, gatheringDone);
        String sdp = b.build().serialize();
        lastCreatedOffer = sdp;
        return RtcSessionDescription.offer(sdp);
    }

    RtcSessionDescription createAnswerNow() {
        checkOpen();
        SignalingState s = signalingState;
        if (s != SignalingState.HAVE_REMOTE_OFFER && s != SignalingState.HAVE_LOCAL_PRANSWER) {
            throw new RtcException("InvalidStateError", "createAnswer needs a remote offer; signaling state is " + s.w3cName());
        }
        AnswerBuilder b = new AnswerBuilder(Origin.of(sessionId, ++sessionVersion), sdpIce(), fingerprint, codecs);
        // One BUNDLE transport, one DTLS role for every section: the established one, else the answer to the offer's
        // tag section (RFC 8842 §5.3, RFC 8843 §7.3).
        DtlsRole role = transport.dtlsRole();
        b.setup(role != null ? (role == DtlsRole.CLIENT ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE)
                : RemoteTransportInfo.of(pendingRemote).setup().answerTo());
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

    RtcSessionDescription setLocalNow(RtcSessionDescription description) {
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
            throw JsepSections.toRtc(e);
        }
        String sdp = description.sdp().isEmpty() ? last : description.sdp();
        if (sdp == null) {
            throw new RtcException("InvalidModificationError", "no " + type.w3cName() + " was created to set as local description");
        }
        SignalingState next = transition(DescriptionOperation.SET_LOCAL, type);
        SessionDescription sd = JsepSections.parse(sdp);
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

    void setRemoteNow(RtcSessionDescription description) {
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
        SignalingState next = JsepSections.transition(implicitRollback ? SignalingState.STABLE : signalingState,
                DescriptionOperation.SET_REMOTE, type);
        SessionDescription sd = JsepSections.parse(description.sdp());
        RemoteTransportInfo info = RemoteTransportInfo.of(sd);
        if (currentRemote != null && transport.dtlsRole() != null
                && !RemoteTransportInfo.of(currentRemote).fingerprint().equals(info.fingerprint())) {
            throw new RtcException("InvalidAccessError", "the remote certificate fingerprint changed; a new DTLS"
                    + " association is not supported on a live connection");
        }
        DtlsSetup setup = info.setup();
        boolean setupOk = type == SdpType.OFFER ? setup != DtlsSetup.HOLDCONN : setup == DtlsSetup.ACTIVE || setup == DtlsSetup.PASSIVE;
        if (!setupOk) {
            throw new RtcException("InvalidAccessError", "a=setup:" + setup.sdpValue() + " in an " + type.w3cName()
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
                && !remoteIce.equals(JsepSections.iceCredentialsOf(RemoteTransportInfo.of(currentRemote)))) {
            answerIceRestart();
        }
        transport.setRemoteCredentials(remoteIce);
        for (Candidate c : info.candidates()) addRemoteCandidate(c);
        if (info.endOfCandidates()) transport.endOfRemoteCandidates();
        remoteMaxMessageSize = info.maxMessageSize() == null ? DEFAULT_REMOTE_MAX_MESSAGE_SIZE : info.maxMessageSize();
        readRemoteMedia(sd);
        if (type == SdpType.ANSWER) applyNegotiated();
        remoteDescription = new RtcSessionDescription(type, description.sdp());
        setSignalingState(next);
        // W3C §4.4.1.5: track events follow the signalingstatechange.
        for (RtcTrackEvent event : pendingTrackEvents) events.add(new RtcEvent.Track(event));
        pendingTrackEvents.clear();
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
        localCandidates.addAll(transport.localCandidates());
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
            for (Candidate c : localCandidates) {
                added.add(dev.jrtc.peerconnection.sdp.Field.of(dev.jrtc.peerconnection.sdp.Attribute.of("candidate", c.attributeValue())));
            }
            if (gatheringDone) added.add(dev.jrtc.peerconnection.sdp.Field.of(dev.jrtc.peerconnection.sdp.Attribute.flag("end-of-candidates")));
            fields.addAll(at, added);
            media.set(i, m.withFields(fields));
            break;
        }
        localDescription = new RtcSessionDescription(appliedLocalType, appliedLocal.withMedia(media).serialize());
    }

    /** True when {@code mid} is in the current (completed) negotiation. */
    private boolean negotiated(String mid) {
        return currentLocal != null && JsepSections.hasSection(currentLocal, mid);
    }

    void addIceCandidateNow(RtcIceCandidate candidate) {
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
            addRemoteCandidate(Candidate.parse(line));
        } catch (IllegalArgumentException e) {
            LOG.debug("remote candidate ignored: {}", e.getMessage());
        }
    }

    private void addRemoteCandidate(Candidate c) {
        if (!c.isUdp()) {
            // TCP candidates and the like: browsers skip what they cannot use, and so do we.
            LOG.debug("remote candidate ignored: transport {}", c.transport());
            return;
        }
        if (c.isMdns() && mdnsResolves) {
            // Resolved off the loop; the address it stands for passes the filter then (BundleTransport).
            transport.addRemoteCandidate(c);
            return;
        }
        if (c.address().isUnresolved() || !settings.remoteAddressFilter().test(c.address().getAddress())) {
            remoteCandidatesFiltered++;
            LOG.debug("remote candidate {} not allowed by RtcSettings.remoteAddressFilter", c.address());
            return;
        }
        transport.addRemoteCandidate(c);
    }

    private void startIceIfNeeded(IceRole role) {
        if (transport.iceStarted()) return;
        RtcSettings s = settings;
        states.gathering(RtcIceGatheringState.GATHERING);
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
            if (t == null) t = host.newRemoteTransceiver(m.media());
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
            RtcTrackEvent track = TransceiverNegotiation.readRemote(media, t, m);
            if (track != null) pendingTrackEvents.add(track);
        }
    }

    /** After an answer: DTLS role and start, the SCTP association, transceiver directions and payload types. */
    private void applyNegotiated() {
        SessionDescription answer = localWasOfferer ? currentRemote : currentLocal;
        SessionDescription remote = currentRemote;
        RemoteTransportInfo remoteInfo = RemoteTransportInfo.of(remote);
        if (transport.dtlsRole() == null) {
            DtlsSetup dtlsSetup = RemoteTransportInfo.of(answer).setup();
            DtlsRole role = localWasOfferer ? DtlsSetup.offererRole(dtlsSetup) : DtlsSetup.roleOf(dtlsSetup);
            transport.startDtls(role, certificate, remoteInfo.fingerprint(), settings.dtlsHandshakeTimeout());
        }
        for (MediaDescription m : answer.media()) {
            String mid = m.mid().orElse(null);
            if (mid == null) continue;
            if (mid.equals(dataMid) && m.media().equals("application")) {
                if (m.port() != 0 && transport.sctp() == null) {
                    host.sctpStarted(transport.enableSctp(TransceiverNegotiation.localSctpPort(currentLocal, mid),
                            remoteMaxMessageSize));
                } else if (m.port() == 0) {
                    // The answer rejected the data section (RFC 3264 §6): those channels can never open.
                    host.dataChannelsRejected();
                }
                continue;
            }
            RtpTransceiver t = transceiverByMid(mid);
            if (t != null) TransceiverNegotiation.applyAnswer(media, t, m, localWasOfferer);
        }
        media.startReports();
        transport.pump();
    }

    private SignalingState transition(DescriptionOperation op, SdpType type) {
        return JsepSections.transition(signalingState, op, type);
    }

    private void setSignalingState(SignalingState next) {
        if (next == signalingState) return;
        signalingState = next;
        events.add(new RtcEvent.SignalingStateChange(next));
        if (next == SignalingState.STABLE) {
            // W3C §4.4.1.5: back in stable the flag is cleared and checked anew, so what the last round did not
            // cover (a polite peer's own rolled-back changes) fires negotiationneeded again.
            negotiationNeeded = false;
            updateNegotiationNeeded();
        }
    }

    /** A negotiationneeded event was dropped because negotiation had started meanwhile: the flag is checked anew. */
    void negotiationNeededDropped() {
        negotiationNeeded = false;
        updateNegotiationNeeded();
    }

    /** W3C §4.7.3 "update the negotiation-needed flag": fires once per need, only in stable. */
    void updateNegotiationNeeded() {
        if (host.closed() || host.pendingOperations() > 0) return;
        boolean needed = isNegotiationNeeded();
        if (!needed) {
            negotiationNeeded = false;
            return;
        }
        if (signalingState != SignalingState.STABLE || negotiationNeeded) return;
        negotiationNeeded = true;
        events.add(new RtcEvent.NegotiationNeeded());
    }

    private boolean isNegotiationNeeded() {
        if (iceRestartWanted) return true;
        if (dataWanted && (currentLocal == null || !JsepSections.hasAcceptedSection(currentLocal, dataMid))) return true;
        for (RtpTransceiver t : transceivers) {
            if (TransceiverNegotiation.needsNegotiation(t, currentLocal, currentRemote, localWasOfferer)) return true;
        }
        return false;
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
        return transport.localCredentials();
    }

    private TransceiverDescription describe(RtpTransceiver t) {
        return TransceiverNegotiation.describe(t, cname);
    }

    // =========================================================================================== transport events

    private final class TransportEvents implements BundleTransport.Listener {
        @Override
        public void localCandidate(dev.jrtc.ice.Candidate candidate) {
            localCandidates.add(candidate);
            refreshLocalDescription();
            String mid = mLineMids.isEmpty() ? "0" : mLineMids.get(0);
            events.add(new RtcEvent.IceCandidate(
                    new RtcIceCandidate(candidate.toSdp(), mid, 0, transport.localCredentials().ufrag())));
        }

        @Override
        public void gatheringComplete() {
            gatheringDone = true;
            refreshLocalDescription();
            states.gathering(RtcIceGatheringState.COMPLETE);
            events.add(new RtcEvent.IceCandidate(null)); // W3C §4.8.2: the null candidate ends gathering
        }

        @Override
        public void iceStateChanged(IceConnectionState state) {
            RtcIceConnectionState s = RtcIceConnectionState.valueOf(state.name());
            if (s == RtcIceConnectionState.FAILED) transport.abortSctp("ICE failed: consent lost or no pair works");
            states.ice(s, transport.dtlsState(), host.closed(), clock.getAsLong());
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
            states.update(transport.dtlsState(), host.closed(), clock.getAsLong());
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
            host.dataChannelEvent(event);
        }

        @Override
        public void localCredentialsChanged(dev.jrtc.ice.IceCredentials credentials) {
            host.localCredentialsChanged(credentials);
        }

        @Override
        public void pumped() {
            host.pumped();
        }
    }


}
