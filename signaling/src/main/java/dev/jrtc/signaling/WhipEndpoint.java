package dev.jrtc.signaling;

import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcIceCandidate;
import dev.jrtc.peerconnection.RtcIceGatheringState;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import dev.jrtc.peerconnection.RtcStats;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WHIP endpoint and its sessions (RFC 9725 §4.2): each offer gets a new receive-only jrtc PeerConnection, handed
 * to the {@link WhipHandler} first, and a non-trickle answer (created once ICE gathering completed, so it carries
 * every candidate and {@code a=end-of-candidates}). Sessions end on DELETE, when their connection fails or closes, when
 * the client tears DTLS down, or when they are not connected within {@link WhipSettings#connectTimeout()}; a reaper
 * thread checks every 250 ms.
 *
 * <p>Give it to a {@link SignalingServer}, which routes the HTTP side ({@code POST}, {@code PATCH}, {@code DELETE},
 * {@code OPTIONS}) here. The factory stays the caller's; {@link #close()} ends every session and stops the reaper.
 */
public final class WhipEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WhipEndpoint.class);
    private static final long REAP_MILLIS = 250;

    private final PeerConnectionFactory factory;
    private final RtcConfiguration configuration;
    private final WhipSettings settings;
    private final WhipHandler handler;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, WhipSession> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;
    private volatile boolean closed;
    private long reapRounds; // the reaper thread's own

    public WhipEndpoint(PeerConnectionFactory factory, RtcConfiguration configuration, WhipSettings settings, WhipHandler handler) {
        if (factory == null || configuration == null || settings == null || handler == null) {
            throw new IllegalArgumentException("factory, configuration, settings and handler are required");
        }
        this.factory = factory;
        this.configuration = configuration;
        this.settings = settings;
        this.handler = handler;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jrtc-whip-reaper");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::reap, REAP_MILLIS, REAP_MILLIS, TimeUnit.MILLISECONDS);
    }

    public WhipSettings settings() {
        return settings;
    }

    /** Sessions alive now, those being answered included. */
    public int sessionCount() {
        return sessions.size();
    }

    /** The live session with {@code id}, or null. */
    public WhipSession session(String id) {
        return id == null ? null : sessions.get(id);
    }

    /**
     * Starts a session for {@code offerSdp} and completes with it once its answer is ready
     * ({@link #answer(WhipSession)}); fails with a {@link WhipException} carrying the status for the client.
     */
    CompletableFuture<WhipSession> offer(String offerSdp) {
        if (closed) return failed(HttpResponseStatus.SERVICE_UNAVAILABLE, "the endpoint is closed", "endpoint closed", null);
        if (sessions.size() >= settings.maxSessions()) { // checked again under the lock; this spares creating a PC
            return failed(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many sessions, try again later",
                    "session limit of " + settings.maxSessions() + " reached", null);
        }
        PeerConnection pc;
        try {
            pc = factory.createPeerConnection(configuration);
        } catch (RuntimeException e) {
            return failed(HttpResponseStatus.SERVICE_UNAVAILABLE, "the session could not be created", "createPeerConnection failed", e);
        }
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        WhipSession session = new WhipSession(HexFormat.of().formatHex(idBytes), pc, newEtag(), System.nanoTime(), this);
        synchronized (sessions) { // the check and the put together, or concurrent offers could pass the limit
            if (closed || sessions.size() >= settings.maxSessions()) {
                pc.close();
                return failed(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many sessions, try again later",
                        "session limit of " + settings.maxSessions() + " reached", null);
            }
            sessions.put(session.id(), session);
        }
        try {
            handler.sessionStarted(session);
        } catch (RuntimeException e) {
            end(session, "refused by the handler");
            return failed(HttpResponseStatus.SERVICE_UNAVAILABLE, "the session could not be created", "the WHIP handler threw", e);
        }
        // Installed after the handler on purpose: the answer must wait for this, whatever the handler set.
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        pc.onIceGatheringStateChange(s -> {
            if (s == RtcIceGatheringState.COMPLETE) gathered.complete(null);
        });
        ScheduledFuture<?> gatherTimer;
        try {
            // Late gathering is not an error: the answer goes out with the candidates gathered so far.
            gatherTimer = reaper.schedule(() -> gathered.complete(null), settings.gatheringTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            end(session, "endpoint closed");
            return failed(HttpResponseStatus.SERVICE_UNAVAILABLE, "the endpoint is closed", "endpoint closed", e);
        }
        CompletableFuture<WhipSession> result = new CompletableFuture<>();
        pc.setRemoteDescription(RtcSessionDescription.offer(offerSdp)).whenComplete((v, e) -> {
            if (e != null) {
                gatherTimer.cancel(false);
                end(session, "offer rejected");
                result.completeExceptionally(new WhipException(HttpResponseStatus.BAD_REQUEST, "the SDP offer was not accepted",
                        "setRemoteDescription failed", e));
                return;
            }
            String[] credentials = iceCredentials(offerSdp);
            session.remoteUfrag = credentials[0];
            session.remotePwd = credentials[1];
            gathered.thenCompose(x -> pc.setLocalDescription()).whenComplete((answer, e2) -> {
                gatherTimer.cancel(false);
                if (e2 != null || session.isEnded()) {
                    end(session, "no answer");
                    result.completeExceptionally(new WhipException(HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "the offer could not be answered", "setLocalDescription failed or the session ended", e2));
                } else {
                    session.answered = true;
                    result.complete(session);
                }
            });
        });
        return result;
    }

    private String newEtag() {
        byte[] tagBytes = new byte[12];
        random.nextBytes(tagBytes);
        return "\"" + HexFormat.of().formatHex(tagBytes) + "\"";
    }

    /**
     * Restarts the ICE session of {@code session} with the client's new credentials (RFC 9725 §4.3.2): its last offer
     * with them (and without the old candidates) becomes a new remote offer, which restarts the PeerConnection's ICE
     * with new local credentials (RFC 8839 §4.4.1.1.1); the answer is applied, the fragment's candidates added, and
     * the session gets a new ETag. Completes with the {@code application/trickle-ice-sdpfrag} for the client: the new
     * local credentials and every local candidate.
     */
    CompletableFuture<String> restartIce(WhipSession session, TrickleIceSdpFragment fragment) {
        PeerConnection pc = session.peerConnection();
        RtcSessionDescription previous = pc.remoteDescription();
        if (previous == null) return failed(HttpResponseStatus.CONFLICT, "the session has no offer", "no remote description", null);
        String offer = restartedOffer(previous.sdp(), fragment.iceUfrag(), fragment.icePwd());
        return pc.setRemoteDescription(RtcSessionDescription.offer(offer))
                .thenCompose(v -> pc.setLocalDescription())
                .thenCompose(answer -> {
                    session.newIceSession(newEtag(), fragment.iceUfrag(), fragment.icePwd());
                    List<CompletableFuture<Void>> added = new ArrayList<>();
                    for (TrickleIceSdpFragment.Candidate c : fragment.candidates()) {
                        added.add(pc.addIceCandidate(new RtcIceCandidate(c.candidate(), c.mid(), null, fragment.iceUfrag()))
                                .exceptionally(e -> null)); // unusable candidates are dropped silently (RFC 9725 §4.3.2)
                    }
                    if (fragment.endOfCandidates()) added.add(pc.addIceCandidate(RtcIceCandidate.endOfCandidates()).exceptionally(e -> null));
                    return CompletableFuture.allOf(added.toArray(new CompletableFuture<?>[0])).thenApply(x -> sdpfrag(answer.sdp()));
                });
    }

    /** {@code sdp} with new ice-ufrag/ice-pwd and no candidates: the offer the client would send to restart. */
    static String restartedOffer(String sdp, String ufrag, String pwd) {
        StringBuilder out = new StringBuilder();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=candidate:") || line.equals("a=end-of-candidates")) continue;
            if (line.startsWith("a=ice-ufrag:")) line = "a=ice-ufrag:" + ufrag;
            else if (line.startsWith("a=ice-pwd:")) line = "a=ice-pwd:" + pwd;
            out.append(line).append("\r\n");
        }
        return out.toString();
    }

    /**
     * The sdpfrag (RFC 8840 §9) of an answer's ICE session: credentials, the BUNDLE group, the first m-line with its
     * mid, candidates and end-of-candidates (one BUNDLE transport: the tag section carries them all).
     */
    static String sdpfrag(String answer) {
        java.util.Map<String, String> session = new java.util.LinkedHashMap<>();
        StringBuilder media = new StringBuilder();
        int section = 0;
        for (String line : answer.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (++section == 1) media.append(line).append("\r\n");
            } else if (line.startsWith("a=group:BUNDLE") || line.equals("a=ice-lite") || line.startsWith("a=ice-options:")
                    || line.startsWith("a=ice-ufrag:") || line.startsWith("a=ice-pwd:")) {
                int colon = line.indexOf(':');
                session.putIfAbsent(colon < 0 ? line : line.substring(0, colon), line); // one BUNDLE transport: the first
            } else if (section == 1 && (line.startsWith("a=mid:") || line.startsWith("a=candidate:")
                    || line.equals("a=end-of-candidates"))) {
                media.append(line).append("\r\n");
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : session.values()) out.append(line).append("\r\n");
        return out.append(media).toString();
    }

    /** The answer of an answered session: the local description with every candidate gathered. */
    static String answer(WhipSession session) {
        RtcSessionDescription local = session.peerConnection().localDescription();
        if (local == null) throw new IllegalStateException("a session is only handed out once its answer is applied");
        return local.sdp();
    }

    /** Ends the session with {@code id} (DELETE); false when there is none. */
    boolean delete(String id) {
        WhipSession session = session(id);
        if (session == null || !session.answered) return false;
        return end(session, "deleted by the client");
    }

    /** Ends {@code session} once: removes it, closes its PeerConnection, tells the handler. */
    boolean end(WhipSession session, String reason) {
        if (!session.ended.compareAndSet(false, true)) return false;
        sessions.remove(session.id(), session);
        LOG.debug("WHIP session {} ends: {}", session.id(), reason);
        try {
            session.peerConnection().close();
        } finally {
            try {
                handler.sessionEnded(session, reason);
            } catch (RuntimeException e) {
                LOG.warn("the WHIP handler failed on the end of session {}", session.id(), e);
            }
        }
        return true;
    }

    /**
     * Ends sessions whose connection failed or closed, those not connected within the connect timeout, and (every
     * fourth round, as it takes a stats report) those whose client tore DTLS down: RFC 9725 §4.2 makes a DTLS
     * teardown by either side the end of the session, and the ICE consent would otherwise keep it for 30 s.
     */
    private void reap() {
        long now = System.nanoTime();
        boolean checkDtls = ++reapRounds % 4 == 0;
        for (WhipSession s : sessions.values()) {
            try {
                RtcPeerConnectionState state = s.peerConnection().connectionState();
                if (state == RtcPeerConnectionState.FAILED || state == RtcPeerConnectionState.CLOSED) {
                    end(s, "connection " + state);
                } else if (state != RtcPeerConnectionState.CONNECTED && !s.connectedOnce
                        && now - s.createdNanos() > settings.connectTimeout().toNanos()) {
                    end(s, "not connected within " + settings.connectTimeout());
                } else if (state == RtcPeerConnectionState.CONNECTED) {
                    s.connectedOnce = true;
                }
                if (checkDtls && s.connectedOnce && !s.isEnded()) {
                    s.peerConnection().getStats().thenAccept(report -> {
                        for (RtcStats t : report.ofType("transport")) {
                            if ("closed".equals(t.get("dtlsState"))) end(s, "DTLS closed by the client");
                        }
                    });
                }
            } catch (RuntimeException e) {
                LOG.warn("reaping WHIP session {} failed", s.id(), e);
            }
        }
    }

    /** The first a=ice-ufrag and a=ice-pwd of an SDP (one BUNDLE transport: the first is the one). */
    private static String[] iceCredentials(String sdp) {
        String ufrag = null;
        String pwd = null;
        for (String line : sdp.split("\r?\n")) {
            if (ufrag == null && line.startsWith("a=ice-ufrag:")) ufrag = line.substring(12).trim();
            if (pwd == null && line.startsWith("a=ice-pwd:")) pwd = line.substring(10).trim();
        }
        return new String[] {ufrag, pwd};
    }

    private static <T> CompletableFuture<T> failed(HttpResponseStatus status, String reason, String detail, Throwable cause) {
        return CompletableFuture.failedFuture(new WhipException(status, reason, detail, cause));
    }

    /** Ends every session and stops the reaper thread. */
    @Override
    public void close() {
        synchronized (sessions) {
            closed = true;
        }
        reaper.shutdownNow();
        for (WhipSession s : sessions.values().toArray(new WhipSession[0])) end(s, "endpoint closed");
        try {
            reaper.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
