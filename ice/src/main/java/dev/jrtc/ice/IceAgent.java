package dev.jrtc.ice;

import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunClient;
import dev.jrtc.ice.stun.StunClientEvent;
import dev.jrtc.ice.stun.StunClientTransaction;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunErrorCode;
import dev.jrtc.ice.stun.StunIntegrityKey;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMessageBuilder;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunRetransmission;
import dev.jrtc.ice.stun.StunTransactionId;
import dev.jrtc.ice.turn.TurnClient;
import dev.jrtc.ice.turn.TurnClientConfig;
import dev.jrtc.ice.turn.TurnClientEvent;
import dev.jrtc.ice.turn.TurnServer;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;

/**
 * A full ICE agent (RFC 8445) with trickle (RFC 8838) and consent freshness (RFC 7675), for one component over UDP,
 * as a sans-IO core: it reads no clock and owns no socket; feed it datagrams and timeouts, drain transmits and
 * events.
 *
 * <p>Local host candidates are the configured local addresses; they are also the bases every pair sends from
 * (server-reflexive candidates are signalled but pair through their base, RFC 8445 §6.1.2.4). The controlling
 * agent uses regular nomination; a controlled agent also accepts aggressive nomination.
 *
 * <p>Relayed candidates (RFC 8445 §5.1.1.2): one {@link TurnClient} per TURN server and host address of its family
 * allocates a relayed address, which becomes a local candidate paired like a host one. Checks, responses and
 * application data of relay pairs leave as transmits from the host socket to the TURN server (wrapped in Send
 * indications or ChannelData), and what the server relays back (arriving on that socket from the server address) is
 * unwrapped and handled as if it had arrived on the relayed address. With {@link IceTransportPolicy#RELAY} only
 * relayed candidates are signalled and paired.
 *
 * <p>Not thread-safe: drive it from one thread. Ownership: datagrams handed in belong to the agent, transmits and
 * event payloads handed out belong to the caller.
 */
public final class IceAgent implements SansIoEndpoint {
    /** ICE checks retransmit faster and give up sooner than generic STUN (RFC 8445 §14.3). */
    private static final StunRetransmission CHECK_RETRANSMISSION = new StunRetransmission(250_000_000L, 6, 2);
    private static final long NOMINATION_WAIT_NANOS = 1_000_000_000L;
    /**
     * Pairs in the check list (RFC 8445 §6.1.2.5: "SHOULD limit ... to 100"); beyond it the lowest-priority pair
     * that has not been checked yet goes. Checks are paced (Ta), so more pairs could not be checked in time anyway.
     */
    public static final int MAX_PAIRS = 100;
    /**
     * Remote candidates per ICE generation (remote credentials), signalled, peer-reflexive and pending mDNS ones
     * together. A browser signals a few per network interface (host, server-reflexive, one relayed per TURN server
     * and transport): a dozen or two; 100 matches {@link #MAX_PAIRS}, which they could not exceed usefully anyway.
     */
    public static final int MAX_REMOTE_CANDIDATES = 100;
    /** Check list order: highest pair priority first (RFC 8445 §6.1.2.3). */
    private static final Comparator<CandidatePair> BY_PRIORITY = Comparator.comparingLong(CandidatePair::priority).reversed();
    /** A bound on remembered routes: each took a check signed with our password, so only the peer adds them. */
    private static final int MAX_CHECKED_BY_PEER = 16;

    private final IceAgentConfig config;
    private final StunClient stun;
    private final long tieBreaker;
    private final Queue<IceEvent> events = new ArrayDeque<>();
    private final Queue<Transmit> transmits = new ArrayDeque<>();
    private final List<Candidate> localCandidates = new ArrayList<>();
    private final List<Candidate> hostCandidates = new ArrayList<>();
    private final List<Candidate> remoteCandidates = new ArrayList<>();
    private final List<Candidate> pendingMdns = new ArrayList<>();
    private final List<CandidatePair> checkList = new ArrayList<>();
    /** Routes the peer has checked with our password (oldest first): data on them is taken (see isFromValidPair). */
    private final LinkedHashSet<Route> checkedByPeer = new LinkedHashSet<>();
    private final Queue<CandidatePair> triggered = new ArrayDeque<>();
    private final Map<StunTransactionId, Purpose> transactions = new HashMap<>();
    /** Valid checks that came before the credentials of the peer's generation they belong to (answered already). */
    private final List<EarlyCheck> earlyChecks = new ArrayList<>();
    /** Early checks kept: a peer checks a few pairs before its description reaches us; more are answered only. */
    private static final int MAX_EARLY_CHECKS = 16;

    private IceRole role;
    private IceCredentials local;
    private IceCredentials remote;
    private StunIntegrityKey localKey;
    private StunIntegrityKey remoteKey;
    private byte[] remoteKeyBytes;
    private IceGatheringState gatheringState = IceGatheringState.NEW;
    private IceConnectionState connectionState = IceConnectionState.NEW;
    private boolean remoteCandidatesComplete;
    private int pendingGathers;
    private int remotePrflxCount;
    private CandidatePair selected;
    private long nextCheckAt = Long.MAX_VALUE;
    private long checkingSince = -1;
    private long firstValidAt = -1;
    private long nominateAt = Long.MAX_VALUE;
    private long nextConsentAt = Long.MAX_VALUE;
    private long lastConsentAt;
    private long droppedDatagrams;
    private long droppedRemoteCandidates;
    private long prunedPairs;

    /** What a STUN transaction of ours is for. */
    private sealed interface Purpose {}

    private record Check(CandidatePair pair, boolean nominating, IceRole sentAs) implements Purpose {}

    private record Gather(Candidate base) implements Purpose {}

    private record Consent(CandidatePair pair) implements Purpose {}

    /** A check answered before we knew the credentials of the remote ufrag in its USERNAME. */
    private record EarlyCheck(InetSocketAddress from, InetSocketAddress to, String remoteUfrag, long priority,
                              boolean useCandidate) {}

    /** One TURN allocation: its client, the host candidate it sends from, and the relayed candidate once allocated. */
    private static final class Relay {
        final TurnClient client;
        final Candidate base;
        final TurnServer server;
        Candidate candidate;
        boolean gathering = true;

        Relay(TurnClient client, Candidate base, TurnServer server) {
            this.client = client;
            this.base = base;
            this.server = server;
        }
    }

    private final List<Relay> relays = new ArrayList<>();
    /**
     * The time of the latest input: transmits that must go through a TURN client while being polled (when the
     * caller passes no time) are stamped with it, which is when they were produced.
     */
    private long lastNowNanos;

    public IceAgent(IceAgentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.stun = new StunClient(config.random(), CHECK_RETRANSMISSION);
        this.tieBreaker = config.random().nextLong();
        this.role = config.role();
        setLocalCredentials(config.credentials());
    }

    private void setLocalCredentials(IceCredentials credentials) {
        this.local = credentials;
        this.localKey = new StunIntegrityKey(StunCredentials.shortTermKey(credentials.pwd()));
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public IceRole role() {
        return role;
    }

    public IceGatheringState gatheringState() {
        return gatheringState;
    }

    public IceConnectionState connectionState() {
        return connectionState;
    }

    /** The pair application data uses, or null. */
    public CandidatePair selectedPair() {
        return selected;
    }

    public List<CandidatePair> checkList() {
        return List.copyOf(checkList);
    }

    public List<Candidate> localCandidates() {
        return List.copyOf(localCandidates);
    }

    /**
     * Remote candidates not used because {@link #MAX_REMOTE_CANDIDATES} were known already (signalled, learned
     * peer-reflexive, or waiting for mDNS).
     */
    public long droppedRemoteCandidates() {
        return droppedRemoteCandidates;
    }

    /** Candidate pairs not kept because the check list was full ({@link #MAX_PAIRS}), RFC 8445 §6.1.2.5. */
    public long prunedPairs() {
        return prunedPairs;
    }

    /**
     * Datagrams dropped: STUN failing integrity or fingerprint (also responses to our checks), unknown usernames,
     * data from no valid pair.
     */
    public long droppedDatagrams() {
        long turn = 0;
        for (Relay r : relays) turn += r.client.droppedDatagrams();
        return droppedDatagrams + stun.droppedDatagrams() + turn;
    }

    private boolean relayOnly() {
        return config.transportPolicy() == IceTransportPolicy.RELAY;
    }

    // ---------------------------------------------------------------------------------------------- gathering

    /**
     * Starts gathering: host candidates at once, server-reflexive ones as STUN servers answer, relayed ones as TURN
     * servers allocate (RFC 8445 §5.1.1). With {@link IceTransportPolicy#RELAY} only relayed ones are signalled.
     */
    public void gather(long nowNanos) {
        if (gatheringState != IceGatheringState.NEW) {
            throw new IllegalStateException("gathering already started (" + gatheringState + ")");
        }
        lastNowNanos = nowNanos;
        setGatheringState(IceGatheringState.GATHERING);
        List<InetSocketAddress> addresses = config.localAddresses();
        for (int i = 0; i < addresses.size(); i++) {
            InetSocketAddress a = addresses.get(i);
            // IPv6 first (RFC 8421), then in configuration order.
            int localPreference = (a.getAddress() instanceof Inet6Address ? 65535 : 32767) - i;
            Candidate host = new Candidate(foundation(CandidateType.HOST, a.getAddress(), null), 1,
                    Candidate.priority(CandidateType.HOST, localPreference, 1), a, CandidateType.HOST, null, List.of());
            hostCandidates.add(host);
            if (!relayOnly()) addLocalCandidate(host);
            for (TurnServer server : config.turnServers()) {
                if ((server.address().getAddress() instanceof Inet6Address) == (a.getAddress() instanceof Inet6Address)) {
                    TurnClient client = new TurnClient(TurnClientConfig.of(server, a, config.random()));
                    relays.add(new Relay(client, host, server));
                    pendingGathers++;
                    client.start(nowNanos);
                }
            }
            for (InetSocketAddress server : relayOnly() ? List.<InetSocketAddress>of() : config.stunServers()) {
                if ((server.getAddress() instanceof Inet6Address) == (a.getAddress() instanceof Inet6Address)) {
                    StunMessage request = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, stun.newTransactionId())
                            .fingerprint().build();
                    StunClientTransaction t = stun.start(nowNanos, request, a, server);
                    transactions.put(t.transactionId(), new Gather(host));
                    pendingGathers++;
                }
            }
        }
        for (Candidate remoteCandidate : remoteCandidates) {
            pairWith(remoteCandidate, nowNanos);
        }
        startCheckingClock(nowNanos);
        finishGatheringIfDone();
    }

    private static String foundation(CandidateType type, InetAddress base, InetSocketAddress server) {
        return Integer.toUnsignedString((type.name() + base.getHostAddress() + server).hashCode());
    }

    private void addLocalCandidate(Candidate c) {
        localCandidates.add(c);
        events.add(new IceEvent.LocalCandidate(c));
    }

    private void finishGatheringIfDone() {
        if (gatheringState == IceGatheringState.GATHERING && pendingGathers == 0) {
            setGatheringState(IceGatheringState.COMPLETE);
        }
    }

    // ---------------------------------------------------------------------------------------------- remote side

    /** {@link #setRemoteCredentials(long, IceCredentials)} at the time of the latest input. */
    public void setRemoteCredentials(IceCredentials credentials) {
        setRemoteCredentials(lastNowNanos, credentials);
    }

    /**
     * The peer's ice-ufrag and ice-pwd, from its description; new ones after the peer restarts ICE. From now (once
     * gathering started) the checking timeout runs: without any usable candidate, ICE fails when it expires.
     */
    public void setRemoteCredentials(long nowNanos, IceCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        lastNowNanos = nowNanos;
        List<EarlyCheck> early = List.copyOf(earlyChecks);
        earlyChecks.clear();
        if (remote != null && !remote.equals(credentials)) {
            // The peer restarted: its candidates and our checks belong to the old session.
            resetChecks();
        }
        this.remote = credentials;
        this.remoteKeyBytes = StunCredentials.shortTermKey(credentials.pwd());
        this.remoteKey = new StunIntegrityKey(remoteKeyBytes);
        startCheckingClock(nowNanos);
        if (connectionState == IceConnectionState.CLOSED) return;
        for (EarlyCheck e : early) {
            if (!e.remoteUfrag().equals(credentials.ufrag())) continue; // another generation: stale
            for (Candidate base : pairableLocals()) {
                if (base.address().equals(e.to())) learnFromCheck(nowNanos, base, e.from(), e.priority(), e.useCandidate());
            }
        }
    }

    /**
     * Starts the checking timeout once both sides' credentials and our bases exist, even before any pair does: a
     * peer whose candidates are all unusable (or who signals none) must end in failed, not stay new forever.
     */
    private void startCheckingClock(long nowNanos) {
        if (remote != null && gatheringState != IceGatheringState.NEW && checkingSince < 0
                && connectionState != IceConnectionState.CLOSED) {
            checkingSince = nowNanos;
        }
    }

    /** A remote candidate, any time (trickle, RFC 8838 §11.4). */
    public void addRemoteCandidate(long nowNanos, Candidate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        if (candidate.component() != 1) {
            return; // rtcp-mux and BUNDLE: only component 1 is used
        }
        if (!candidate.isUdp() || (candidate.address().isUnresolved() && !candidate.isMdns())) {
            return; // TCP (RFC 6544) is not spoken, and an FQDN is never resolved: only an mDNS name has a lookup path
        }
        if (remoteCandidates.size() + pendingMdns.size() >= MAX_REMOTE_CANDIDATES) {
            droppedRemoteCandidates++; // a flood of trickled candidates: neither kept nor paired
            return;
        }
        if (candidate.isMdns()) {
            pendingMdns.add(candidate);
            events.add(new IceEvent.MdnsLookup(candidate.address().getHostString()));
            return;
        }
        for (Candidate known : remoteCandidates) {
            if (known.address().equals(candidate.address())) {
                return; // already known, e.g. learned as peer-reflexive first
            }
        }
        remoteCandidates.add(candidate);
        pairWith(candidate, nowNanos);
    }

    /** The peer signalled end-of-candidates (RFC 8838 §4.4): failure can now be declared. */
    public void endOfRemoteCandidates(long nowNanos) {
        remoteCandidatesComplete = true;
        updateConnectionState(nowNanos);
    }

    /** The answer to an {@link IceEvent.MdnsLookup}: null when the name did not resolve (the candidate is dropped). */
    public void handleMdnsResolution(long nowNanos, String hostname, InetAddress address) {
        for (Candidate c : List.copyOf(pendingMdns)) {
            if (c.address().getHostString().equalsIgnoreCase(hostname)) {
                pendingMdns.remove(c);
                if (address != null) {
                    addRemoteCandidate(nowNanos, c.withAddress(new InetSocketAddress(address, c.address().getPort())));
                }
            }
        }
    }

    /** ICE restart (RFC 8445 §9): new local credentials; the selected pair keeps carrying data until a new one wins. */
    public IceCredentials restart(long nowNanos) {
        setLocalCredentials(IceCredentials.random(config.random()));
        resetChecks();
        if (selected == null) {
            setConnectionState(IceConnectionState.CHECKING);
        }
        startCheckingClock(nowNanos);
        return local;
    }

    private void resetChecks() {
        for (Map.Entry<StunTransactionId, Purpose> e : transactions.entrySet()) {
            if (!(e.getValue() instanceof Gather)) stun.cancel(e.getKey());
        }
        transactions.values().removeIf(p -> !(p instanceof Gather));
        checkList.clear();
        checkedByPeer.clear();
        triggered.clear();
        earlyChecks.clear();
        remoteCandidates.clear();
        pendingMdns.clear();
        remoteCandidatesComplete = false;
        checkingSince = -1;
        firstValidAt = -1;
        nominateAt = Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------------------------------------- pairing

    private void pairWith(Candidate remoteCandidate, long nowNanos) {
        for (Candidate base : pairableLocals()) {
            addPair(base, remoteCandidate, nowNanos);
        }
    }

    /** The local candidates pairs are made of: host bases (unless relay-only) and allocated relayed candidates. */
    private List<Candidate> pairableLocals() {
        List<Candidate> locals = new ArrayList<>(relayOnly() ? List.of() : hostCandidates);
        for (Relay r : relays) {
            if (r.candidate != null) locals.add(r.candidate);
        }
        return locals;
    }

    private Relay relayFor(InetSocketAddress relayedAddress) {
        for (Relay r : relays) {
            if (r.candidate != null && r.candidate.address().equals(relayedAddress)) return r;
        }
        return null;
    }

    private CandidatePair addPair(Candidate base, Candidate remoteCandidate, long nowNanos) {
        InetAddress l = base.address().getAddress();
        InetAddress r = remoteCandidate.address().getAddress();
        if ((l instanceof Inet6Address) != (r instanceof Inet6Address) || l.isLoopbackAddress() != r.isLoopbackAddress()) {
            return null; // different family, or loopback paired with a routable address: never works
        }
        CandidatePair existing = find(base.address(), remoteCandidate.address());
        if (existing != null) {
            return existing;
        }
        CandidatePair pair = new CandidatePair(base, remoteCandidate);
        pair.recomputePriority(role);
        // Frozen unless no other pair of its foundation is waiting or in progress (RFC 8445 §6.1.2.6).
        boolean foundationActive = checkList.stream().anyMatch(p -> p.foundation().equals(pair.foundation())
                && (p.state == CandidatePair.State.WAITING || p.state == CandidatePair.State.IN_PROGRESS));
        pair.state = foundationActive ? CandidatePair.State.FROZEN : CandidatePair.State.WAITING;
        if (checkList.size() >= MAX_PAIRS && !pruneForHigherThan(pair)) {
            prunedPairs++;
            return null;
        }
        // Binary search, then one array shift: O(n) per pair rather than re-sorting the list each time.
        int at = java.util.Collections.binarySearch(checkList, pair, BY_PRIORITY);
        checkList.add(at < 0 ? -at - 1 : at, pair);
        startChecking(nowNanos);
        return pair;
    }

    /**
     * RFC 8445 §6.1.2.5 with a full check list: removes the lowest-priority pair not yet checked (frozen or waiting)
     * if {@code newcomer} outranks it; false (nothing removed) when the newcomer is the one to go.
     */
    private boolean pruneForHigherThan(CandidatePair newcomer) {
        for (int i = checkList.size() - 1; i >= 0; i--) {
            CandidatePair p = checkList.get(i);
            if (p.priority() >= newcomer.priority()) {
                return false;
            }
            if (p.state == CandidatePair.State.FROZEN || p.state == CandidatePair.State.WAITING) {
                checkList.remove(i);
                prunedPairs++;
                return true;
            }
        }
        return false;
    }

    private CandidatePair find(InetSocketAddress base, InetSocketAddress remoteAddress) {
        for (CandidatePair p : checkList) {
            if (p.local().address().equals(base) && p.remote().address().equals(remoteAddress)) return p;
        }
        return null;
    }

    private void startChecking(long nowNanos) {
        if (remote == null || gatheringState == IceGatheringState.NEW) {
            return; // checks need the peer's password and our bases
        }
        if (checkingSince < 0) {
            checkingSince = nowNanos;
        }
        if (nextCheckAt == Long.MAX_VALUE) {
            nextCheckAt = nowNanos;
        }
        if (connectionState == IceConnectionState.NEW) {
            setConnectionState(IceConnectionState.CHECKING);
        }
    }

    // ---------------------------------------------------------------------------------------------- checks

    private void sendNextCheck(long nowNanos) {
        CandidatePair pair = triggered.poll();
        while (pair != null && !checkList.contains(pair)) pair = triggered.poll();
        if (pair == null) {
            pair = firstInState(CandidatePair.State.WAITING);
        }
        if (pair == null) {
            pair = firstInState(CandidatePair.State.FROZEN);
        }
        if (pair == null) {
            maybeNominate(nowNanos);
            nextCheckAt = Long.MAX_VALUE;
            return;
        }
        sendCheck(nowNanos, pair, false);
        nextCheckAt = nowNanos + config.pacing().toNanos();
    }

    private CandidatePair firstInState(CandidatePair.State state) {
        for (CandidatePair p : checkList) {
            if (p.state == state) return p;
        }
        return null;
    }

    private void sendCheck(long nowNanos, CandidatePair pair, boolean nominating) {
        if (remote == null) return;
        pair.state = CandidatePair.State.IN_PROGRESS;
        StunMessage request = checkRequest(pair, nominating);
        StunClientTransaction t = stun.start(nowNanos, request, pair.local().address(), pair.remote().address());
        transactions.put(t.transactionId(), new Check(pair, nominating, role));
    }

    private StunMessage checkRequest(CandidatePair pair, boolean nominating) {
        StunMessageBuilder b = StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, stun.newTransactionId())
                .username(remote.ufrag() + ":" + local.ufrag())
                .priority(Candidate.priority(CandidateType.PEER_REFLEXIVE, localPreference(pair.local()), 1));
        if (role == IceRole.CONTROLLING) {
            b.iceControlling(tieBreaker);
            if (nominating) b.useCandidate();
        } else {
            b.iceControlled(tieBreaker);
        }
        return b.messageIntegrity(remoteKeyBytes).fingerprint().build();
    }

    private static int localPreference(Candidate c) {
        return (int) ((c.priority() >>> 8) & 0xFFFF);
    }

    /** Regular nomination (RFC 8445 §8.1.1): the controlling side picks the best valid pair once checks settle. */
    private void maybeNominate(long nowNanos) {
        // A pair selected before an ICE restart is not in the current check list and does not count.
        if (role != IceRole.CONTROLLING || selected != null && selected.nominated && checkList.contains(selected)) return;
        CandidatePair best = null;
        for (CandidatePair p : checkList) {
            if (p.state == CandidatePair.State.SUCCEEDED) {
                best = p;
                break;
            }
            if (p.state != CandidatePair.State.FAILED && nowNanos - firstValidAt < NOMINATION_WAIT_NANOS) {
                return; // a better pair may still succeed
            }
        }
        if (best != null && !hasNominationInFlight()) {
            sendCheck(nowNanos, best, true);
        }
    }

    private boolean hasNominationInFlight() {
        return transactions.values().stream().anyMatch(p -> p instanceof Check c && c.nominating());
    }

    private void handleCheckResult(long nowNanos, Check check, StunClientEvent event) {
        CandidatePair pair = check.pair();
        if (!checkList.contains(pair)) return; // from before a restart
        if (event instanceof StunClientEvent.Timeout) {
            pair.state = CandidatePair.State.FAILED;
            updateConnectionState(nowNanos);
            return;
        }
        // Its MESSAGE-INTEGRITY was checked before the transaction took it (handleUnwrapped).
        StunMessage response = ((StunClientEvent.Response) event).response();
        if (response.messageClass() == StunClass.ERROR_RESPONSE) {
            int code = response.errorCode().map(StunErrorCode::code).orElse(0);
            if (code == StunErrorCode.ROLE_CONFLICT) {
                // RFC 8445 §7.2.5.1: switch role (unless a request from the peer already made us) and check again.
                if (check.sentAs() == role) setRole(role.other());
                pair.state = CandidatePair.State.WAITING;
                trigger(pair);
                wakeChecks(nowNanos);
            } else {
                pair.state = CandidatePair.State.FAILED;
                updateConnectionState(nowNanos);
            }
            return;
        }
        pair.state = CandidatePair.State.SUCCEEDED;
        if (firstValidAt < 0) {
            firstValidAt = nowNanos;
            nominateAt = nowNanos + NOMINATION_WAIT_NANOS;
        }
        if (!relayOnly() && pair.local().type() != CandidateType.RELAYED) {
            // Through a relay the mapped address is the relayed one: nothing to learn.
            discoverLocalPeerReflexive(pair, response);
        }
        unfreeze(pair.foundation());
        if (check.nominating() || pair.nominateOnSuccess) {
            pair.nominated = true;
            select(nowNanos, pair);
        } else if (role == IceRole.CONTROLLING) {
            // Nominate at once when no better pair can still succeed, rather than at the next pacing tick (Ta):
            // a loopback or LAN connection is then up one round trip after its first check.
            maybeNominate(nowNanos);
        }
        wakeChecks(nowNanos);
        updateConnectionState(nowNanos);
    }

    /** RFC 8445 §7.2.5.3.1: a mapped address we do not know is a peer-reflexive local candidate to signal. */
    private void discoverLocalPeerReflexive(CandidatePair pair, StunMessage response) {
        response.xorMappedAddress().ifPresent(mapped -> {
            for (Candidate c : localCandidates) {
                if (c.address().equals(mapped)) return;
            }
            Candidate prflx = new Candidate(foundation(CandidateType.PEER_REFLEXIVE, pair.local().address().getAddress(), null), 1,
                    Candidate.priority(CandidateType.PEER_REFLEXIVE, localPreference(pair.local()), 1), mapped,
                    CandidateType.PEER_REFLEXIVE, pair.local().address(), List.of());
            addLocalCandidate(prflx);
        });
    }

    private void unfreeze(String foundation) {
        for (CandidatePair p : checkList) {
            if (p.state == CandidatePair.State.FROZEN && p.foundation().equals(foundation)) p.state = CandidatePair.State.WAITING;
        }
    }

    /**
     * Queues a triggered check (RFC 8445 §7.3.1.4) unless the pair is queued already: a peer repeating its request
     * before our next pacing tick must not grow the queue (at most one entry per pair, so at most MAX_PAIRS).
     */
    private void trigger(CandidatePair pair) {
        if (!triggered.contains(pair)) triggered.add(pair);
    }

    private void wakeChecks(long nowNanos) {
        if (nextCheckAt == Long.MAX_VALUE) nextCheckAt = nowNanos;
    }

    /**
     * Sets our role when signalling decides it (RFC 8445 §6.1.1: the offerer controls; RFC 8829 §5.10 after a
     * rollback turns an offerer into the answerer). A conflict found later is still repaired by 487 (§7.3.1.1).
     */
    public void changeRole(IceRole newRole) {
        Objects.requireNonNull(newRole, "newRole");
        if (newRole != role) setRole(newRole);
    }

    private void setRole(IceRole newRole) {
        role = newRole;
        for (CandidatePair p : checkList) p.recomputePriority(role);
        checkList.sort(BY_PRIORITY);
    }

    private void select(long nowNanos, CandidatePair pair) {
        boolean changed = selected != pair;
        selected = pair;
        lastConsentAt = nowNanos;
        scheduleConsent(nowNanos);
        if (changed) {
            events.add(new IceEvent.SelectedPairChanged(pair.local(), pair.remote()));
        }
    }

    // ---------------------------------------------------------------------------------------------- incoming

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        lastNowNanos = nowNanos;
        for (Relay r : relays) {
            // A TURN server may also be a STUN server of ours: only its TURN traffic goes to the client.
            if (r.client.serverAddress().equals(from) && r.client.localAddress().equals(to) && r.client.isTurnTraffic(data)) {
                r.client.handleDatagram(nowNanos, from, to, data);
                drainRelay(nowNanos, r);
                return;
            }
        }
        handleUnwrapped(nowNanos, from, to, data);
    }

    /** A datagram as it arrived at a local candidate: directly on a host socket, or relayed to a relayed address. */
    private void handleUnwrapped(long nowNanos, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        if (connectionState == IceConnectionState.CLOSED) {
            droppedDatagrams++;
            return;
        }
        if (!StunMessage.looksLikeStun(data, 0, data.length)) {
            if (isFromValidPair(from, to)) {
                events.add(new IceEvent.ApplicationData(from, to, data));
            } else {
                droppedDatagrams++;
            }
            return;
        }
        StunDecodeResult result = StunMessage.decode(data);
        if (!(result instanceof StunDecodeResult.Decoded decoded)) {
            droppedDatagrams++;
            return;
        }
        StunMessage message = decoded.decodedMessage();
        if (message.checkFingerprint() == StunCheck.INVALID) {
            droppedDatagrams++;
            return;
        }
        if (message.messageClass().isResponse()) {
            Purpose purpose = transactions.get(message.transactionId());
            if ((purpose instanceof Check || purpose instanceof Consent)
                    && message.checkMessageIntegrity(remoteKey) != StunCheck.VALID) {
                // RFC 8489 §6.3.3 (RFC 8445 §7.2.5.2): a response failing integrity is discarded, not taken as the
                // answer; the transaction goes on, so a forged response cannot fail a pair or end consent.
                droppedDatagrams++;
                return;
            }
            if (!stun.handleResponse(nowNanos, message)) droppedDatagrams++;
            drainStunEvents(nowNanos);
        } else if (message.isRequest(StunMethod.BINDING)) {
            handleBindingRequest(nowNanos, from, to, message);
        } else if (message.messageClass() != StunClass.INDICATION) {
            droppedDatagrams++;
        }
    }

    /**
     * Whether data from {@code from} to {@code to} is taken: on a pair whose check succeeded, or that the peer has
     * checked with our password (RFC 8445 §12.2: be prepared to receive data on any candidate). A peer may start DTLS
     * as soon as its own check succeeds (libdatachannel does), before ours on the same pair has: dropping that first
     * ClientHello cost a full DTLS retransmission timeout (1 s). The peer may even check us before we have its
     * answer (its credentials), so the routes it checked are remembered apart from the check list.
     */
    private boolean isFromValidPair(InetSocketAddress from, InetSocketAddress to) {
        for (CandidatePair p : checkList) {
            if (p.state == CandidatePair.State.SUCCEEDED && p.remote().address().equals(from) && p.local().address().equals(to)) {
                return true;
            }
        }
        return selected != null && selected.remote().address().equals(from) || checkedByPeer.contains(new Route(from, to));
    }

    /** Remembers that the peer checked us from {@code from} to {@code to}; the oldest of too many is forgotten. */
    private void peerChecked(InetSocketAddress from, InetSocketAddress to) {
        Route route = new Route(from, to);
        if (checkedByPeer.contains(route)) return;
        if (checkedByPeer.size() == MAX_CHECKED_BY_PEER) checkedByPeer.remove(checkedByPeer.iterator().next());
        checkedByPeer.add(route);
    }

    /** A source and destination address of datagrams. */
    private record Route(InetSocketAddress from, InetSocketAddress to) {
    }

    /** RFC 8445 §7.3: answer a connectivity check, repair role conflicts, learn peer-reflexive candidates. */
    private void handleBindingRequest(long nowNanos, InetSocketAddress from, InetSocketAddress to, StunMessage request) {
        String username = request.username().orElse("");
        if (!username.startsWith(local.ufrag() + ":") || request.checkMessageIntegrity(localKey) != StunCheck.VALID) {
            droppedDatagrams++;
            return;
        }
        Candidate base = null;
        for (Candidate h : pairableLocals()) {
            if (h.address().equals(to)) base = h;
        }
        if (base == null) {
            droppedDatagrams++;
            return;
        }
        // Role conflict (RFC 8445 §7.3.1.1).
        if (role == IceRole.CONTROLLING && request.iceControlling().isPresent()) {
            if (Long.compareUnsigned(tieBreaker, request.iceControlling().getAsLong()) >= 0) {
                respondError(request, from, to, StunErrorCode.ROLE_CONFLICT, "Role Conflict");
                return;
            }
            setRole(IceRole.CONTROLLED);
        } else if (role == IceRole.CONTROLLED && request.iceControlled().isPresent()) {
            if (Long.compareUnsigned(tieBreaker, request.iceControlled().getAsLong()) >= 0) {
                setRole(IceRole.CONTROLLING);
            } else {
                respondError(request, from, to, StunErrorCode.ROLE_CONFLICT, "Role Conflict");
                return;
            }
        }
        transmits.add(new Transmit(to, from, StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.BINDING,
                request.transactionId()).xorMappedAddress(from).messageIntegrity(StunCredentials.shortTermKey(local.pwd()))
                .fingerprint().build().encode()));
        peerChecked(from, to);

        String remoteUfrag = username.substring(local.ufrag().length() + 1);
        long priority = request.priority().orElse(Candidate.priority(CandidateType.PEER_REFLEXIVE, 0, 1));
        boolean useCandidate = request.useCandidate();
        if (remote == null || !remote.ufrag().equals(remoteUfrag)) {
            // RFC 8445 §7.3.1 / RFC 8838 §12: a check from a peer whose (new) credentials have not reached us yet,
            // e.g. the answerer of an ICE restart checking before its answer arrived. We cannot check back yet;
            // kept (bounded) and handled once the credentials come, so a nomination in it is not lost.
            if (earlyChecks.size() < MAX_EARLY_CHECKS) earlyChecks.add(new EarlyCheck(from, to, remoteUfrag, priority, useCandidate));
            return;
        }
        learnFromCheck(nowNanos, base, from, priority, useCandidate);
    }

    /** RFC 8445 §7.3.1.3-5: the pair a valid check arrived on, peer-reflexive if new, checked back or nominated. */
    private void learnFromCheck(long nowNanos, Candidate base, InetSocketAddress from, long priority, boolean useCandidateFlag) {
        Candidate remoteCandidate = null;
        for (Candidate c : remoteCandidates) {
            if (c.address().equals(from)) remoteCandidate = c;
        }
        if (remoteCandidate == null && remoteCandidates.size() + pendingMdns.size() >= MAX_REMOTE_CANDIDATES) {
            droppedRemoteCandidates++; // answered above, but not learned: the peer already has its share
            return;
        }
        if (remoteCandidate == null) {
            // RFC 8445 §7.3.1.3: a peer-reflexive remote candidate, with the priority from the request.
            remoteCandidate = new Candidate("prflx" + (++remotePrflxCount), 1, priority, from,
                    CandidateType.PEER_REFLEXIVE, null, List.of());
            remoteCandidates.add(remoteCandidate);
        }
        CandidatePair pair = addPair(base, remoteCandidate, nowNanos);
        if (pair == null) return;
        boolean useCandidate = useCandidateFlag && role == IceRole.CONTROLLED;
        if (pair.state == CandidatePair.State.SUCCEEDED) {
            if (useCandidate) {
                pair.nominated = true;
                select(nowNanos, pair);
                updateConnectionState(nowNanos);
            }
        } else {
            // RFC 8445 §7.3.1.4: a triggered check; §7.3.1.5: nominate once it succeeds.
            if (useCandidate) pair.nominateOnSuccess = true;
            if (pair.state != CandidatePair.State.IN_PROGRESS) {
                pair.state = CandidatePair.State.WAITING;
                trigger(pair);
                wakeChecks(nowNanos);
            }
        }
    }

    private void respondError(StunMessage request, InetSocketAddress from, InetSocketAddress to, int code, String reason) {
        transmits.add(new Transmit(to, from, StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.BINDING,
                request.transactionId()).errorCode(code, reason).messageIntegrity(StunCredentials.shortTermKey(local.pwd()))
                .fingerprint().build().encode()));
    }

    // ---------------------------------------------------------------------------------------------- time

    @Override
    public void handleTimeout(long nowNanos) {
        lastNowNanos = nowNanos;
        for (Relay r : List.copyOf(relays)) {
            r.client.handleTimeout(nowNanos);
            drainRelay(nowNanos, r);
        }
        if (connectionState == IceConnectionState.CLOSED) return;
        stun.handleTimeout(nowNanos);
        drainStunEvents(nowNanos);
        if (nowNanos >= nextCheckAt) {
            sendNextCheck(nowNanos);
        }
        if (nowNanos >= nominateAt) {
            nominateAt = Long.MAX_VALUE;
            maybeNominate(nowNanos);
        }
        if (nowNanos >= nextConsentAt && selected != null) {
            sendConsentCheck(nowNanos);
        }
        updateConnectionState(nowNanos);
    }

    private void drainStunEvents(long nowNanos) {
        for (StunClientEvent e = stun.pollEvent(); e != null; e = stun.pollEvent()) {
            StunClientTransaction t = e instanceof StunClientEvent.Response r ? r.transaction() : ((StunClientEvent.Timeout) e).transaction();
            Purpose purpose = transactions.remove(t.transactionId());
            if (purpose instanceof Check check) {
                handleCheckResult(nowNanos, check, e);
            } else if (purpose instanceof Gather gather) {
                handleGatherResult(gather, e);
            } else if (purpose instanceof Consent consent) {
                handleConsentResult(nowNanos, consent, e);
            }
        }
    }

    private void handleGatherResult(Gather gather, StunClientEvent e) {
        pendingGathers--;
        if (e instanceof StunClientEvent.Response r && r.response().messageClass() == StunClass.SUCCESS_RESPONSE) {
            r.response().xorMappedAddress().ifPresent(mapped -> {
                boolean known = localCandidates.stream().anyMatch(c -> c.address().equals(mapped));
                if (!known) {
                    InetSocketAddress server = r.transaction().destination();
                    addLocalCandidate(new Candidate(foundation(CandidateType.SERVER_REFLEXIVE,
                            gather.base().address().getAddress(), server), 1,
                            Candidate.priority(CandidateType.SERVER_REFLEXIVE, localPreference(gather.base()), 1), mapped,
                            CandidateType.SERVER_REFLEXIVE, gather.base().address(), List.of()));
                }
            });
        }
        finishGatheringIfDone();
    }

    // ---------------------------------------------------------------------------------------------- relays

    private void drainRelay(long nowNanos, Relay relay) {
        for (TurnClientEvent e = relay.client.pollEvent(); e != null; e = relay.client.pollEvent()) {
            if (e instanceof TurnClientEvent.Allocated a) {
                relayAllocated(nowNanos, relay, a);
            } else if (e instanceof TurnClientEvent.AllocationFailed) {
                relayLost(nowNanos, relay);
            } else if (e instanceof TurnClientEvent.PeerData d && relay.candidate != null) {
                handleUnwrapped(nowNanos, d.peer(), relay.candidate.address(), d.data());
            }
        }
    }

    private void relayAllocated(long nowNanos, Relay relay, TurnClientEvent.Allocated a) {
        if (connectionState == IceConnectionState.CLOSED) return;
        InetSocketAddress base = relay.base.address();
        Candidate relayed = new Candidate(foundation(CandidateType.RELAYED, base.getAddress(), relay.server.address()), 1,
                Candidate.priority(CandidateType.RELAYED, localPreference(relay.base), 1), a.relayed(),
                CandidateType.RELAYED, a.mapped() != null ? a.mapped() : base, List.of());
        relay.candidate = relayed;
        addLocalCandidate(relayed);
        InetSocketAddress mapped = a.mapped();
        // RFC 8445 §5.1.1.2: the Allocate response also tells the server-reflexive address.
        if (!relayOnly() && mapped != null && localCandidates.stream().noneMatch(c -> c.address().equals(mapped))) {
            addLocalCandidate(new Candidate(foundation(CandidateType.SERVER_REFLEXIVE, base.getAddress(), relay.server.address()),
                    1, Candidate.priority(CandidateType.SERVER_REFLEXIVE, localPreference(relay.base), 1), mapped,
                    CandidateType.SERVER_REFLEXIVE, base, List.of()));
        }
        for (Candidate remoteCandidate : List.copyOf(remoteCandidates)) addPair(relayed, remoteCandidate, nowNanos);
        relayGathered(relay);
    }

    private void relayLost(long nowNanos, Relay relay) {
        if (relay.candidate != null) {
            // The allocation is gone (refused Refresh, expiry): its pairs cannot carry anything any more.
            for (CandidatePair p : checkList) {
                if (p.local() == relay.candidate) p.state = CandidatePair.State.FAILED;
            }
            if (selected != null && selected.local() == relay.candidate) {
                // As when consent expires (RFC 7675 §5.1): the selected path is dead, stop sending on it.
                selected = null;
                nextConsentAt = Long.MAX_VALUE;
                setConnectionState(IceConnectionState.FAILED);
            }
            updateConnectionState(nowNanos);
        }
        relayGathered(relay);
    }

    private void relayGathered(Relay relay) {
        if (relay.gathering) {
            relay.gathering = false;
            pendingGathers--;
            finishGatheringIfDone();
        }
    }

    // ---------------------------------------------------------------------------------------------- consent

    private void scheduleConsent(long nowNanos) {
        long mean = config.consentInterval().toNanos();
        // RFC 7675 §5.1: randomised over [0.8, 1.2] of the interval so peers do not synchronise.
        nextConsentAt = nowNanos + (long) (mean * (0.8 + 0.4 * config.random().nextDouble()));
    }

    private void sendConsentCheck(long nowNanos) {
        scheduleConsent(nowNanos);
        if (remote == null) return;
        StunClientTransaction t = stun.start(nowNanos, checkRequest(selected, false), selected.local().address(),
                selected.remote().address());
        transactions.put(t.transactionId(), new Consent(selected));
    }

    private void handleConsentResult(long nowNanos, Consent consent, StunClientEvent e) {
        if (e instanceof StunClientEvent.Response r && r.response().messageClass() == StunClass.SUCCESS_RESPONSE
                && r.response().checkMessageIntegrity(remoteKey) == StunCheck.VALID && consent.pair() == selected) {
            lastConsentAt = nowNanos;
            updateConnectionState(nowNanos);
        }
    }

    // ---------------------------------------------------------------------------------------------- state

    private void updateConnectionState(long nowNanos) {
        if (connectionState == IceConnectionState.CLOSED || connectionState == IceConnectionState.FAILED) return;
        if (selected != null) {
            long silent = nowNanos - lastConsentAt;
            if (silent > config.consentTimeout().toNanos()) {
                // RFC 7675 §5.1: consent expired, stop sending.
                selected = null;
                nextConsentAt = Long.MAX_VALUE;
                setConnectionState(IceConnectionState.FAILED);
            } else if (silent > config.disconnectedAfter().toNanos()) {
                setConnectionState(IceConnectionState.DISCONNECTED);
            } else {
                boolean settled = remoteCandidatesComplete && checkList.stream().noneMatch(p ->
                        p.state == CandidatePair.State.WAITING || p.state == CandidatePair.State.IN_PROGRESS
                                || p.state == CandidatePair.State.FROZEN);
                setConnectionState(settled ? IceConnectionState.COMPLETED : IceConnectionState.CONNECTED);
            }
            return;
        }
        boolean allFailed = !checkList.isEmpty() && checkList.stream().allMatch(p -> p.state == CandidatePair.State.FAILED);
        boolean timedOut = checkingSince >= 0 && firstValidAt < 0
                && nowNanos - checkingSince > config.checkingTimeout().toNanos();
        if ((allFailed && remoteCandidatesComplete && pendingMdns.isEmpty()) || timedOut) {
            nextCheckAt = Long.MAX_VALUE;
            setConnectionState(IceConnectionState.FAILED);
        }
    }

    private void setConnectionState(IceConnectionState state) {
        if (state != connectionState) {
            connectionState = state;
            events.add(new IceEvent.ConnectionStateChanged(state));
        }
    }

    private void setGatheringState(IceGatheringState state) {
        if (state != gatheringState) {
            gatheringState = state;
            events.add(new IceEvent.GatheringStateChanged(state));
        }
    }

    // ---------------------------------------------------------------------------------------------- output

    /**
     * Wraps application data (DTLS, SRTP) for the selected pair; the agent keeps nothing.
     *
     * @throws IllegalStateException when no pair is selected or consent expired
     */
    public Transmit sendData(byte[] data) {
        CandidatePair pair = selected;
        if (pair == null) {
            throw new IllegalStateException("no selected candidate pair (ICE state " + connectionState + ")");
        }
        Relay relay = pair.local().type() == CandidateType.RELAYED ? relayFor(pair.local().address()) : null;
        if (relay != null) {
            // The pair's check went through the relay, so the permission exists: frame without starting anything.
            return relay.client.wrap(pair.remote().address(), data);
        }
        return new Transmit(pair.local().address(), pair.remote().address(), data);
    }

    /**
     * {@inheritDoc} Transmits of relay pairs come out wrapped for the TURN server, from the relay's host socket.
     */
    @Override
    public Transmit pollTransmit() {
        while (true) { // ends: each pass takes one transmit off a finite queue
            Transmit t = transmits.poll();
            if (t == null) t = stun.pollTransmit();
            if (t == null) break;
            Relay relay = relayFor(t.source());
            if (relay == null) return t;
            relay.client.send(lastNowNanos, t.destination(), t.data());
        }
        for (Relay r : relays) {
            Transmit x = r.client.pollTransmit();
            if (x != null) return x;
        }
        return null;
    }

    public IceEvent pollEvent() {
        return events.poll();
    }

    @Override
    public long pollTimeout() {
        long relayTimeout = Long.MAX_VALUE;
        for (Relay r : relays) relayTimeout = Math.min(relayTimeout, r.client.pollTimeout());
        if (connectionState == IceConnectionState.CLOSED) return relayTimeout;
        long t = Math.min(relayTimeout, Math.min(stun.pollTimeout(), Math.min(nextCheckAt, nominateAt)));
        if (connectionState == IceConnectionState.FAILED) return t;
        if (selected != null) {
            t = Math.min(t, nextConsentAt);
            if (connectionState != IceConnectionState.DISCONNECTED) {
                t = Math.min(t, lastConsentAt + config.disconnectedAfter().toNanos() + 1);
            }
            t = Math.min(t, lastConsentAt + config.consentTimeout().toNanos() + 1);
        } else if (checkingSince >= 0 && firstValidAt < 0) {
            t = Math.min(t, checkingSince + config.checkingTimeout().toNanos() + 1);
        }
        return t;
    }

    /** {@link #close(long)} at the time of the latest input. */
    public void close() {
        close(lastNowNanos);
    }

    /**
     * Stops everything; later input is dropped, except the TURN servers' answers to the deallocations this starts
     * (RFC 8656 §8: Refresh with LIFETIME 0): keep draining transmits, feeding datagrams and running timeouts until
     * {@link #pollTimeout()} says never.
     */
    public void close(long nowNanos) {
        lastNowNanos = nowNanos;
        for (Relay r : relays) r.client.close(nowNanos);
        for (StunTransactionId id : List.copyOf(transactions.keySet())) stun.cancel(id);
        transactions.clear();
        selected = null;
        setConnectionState(IceConnectionState.CLOSED);
    }
}
