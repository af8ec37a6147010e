package dev.jrtc.signaling;

import dev.jrtc.peerconnection.PeerConnection;
import dev.jrtc.peerconnection.PeerConnectionFactory;
import dev.jrtc.peerconnection.RtcConfiguration;
import dev.jrtc.peerconnection.RtcIceGatheringState;
import dev.jrtc.peerconnection.RtcPeerConnectionState;
import dev.jrtc.peerconnection.RtcSessionDescription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link OfferHandler} that answers every offer with a new jrtc {@link PeerConnection} which echoes each
 * data-channel message back on the channel it came in on.
 *
 * <p>Non-trickle: the answer is created only after ICE gathering completed (bounded by the gathering timeout), so it
 * carries every candidate and {@code a=end-of-candidates}. Each connection is closed after its lifetime, when it
 * fails, or when the bot is closed; at most {@code maxConnections} live at once (further offers fail, which the
 * server turns into 503). The factory stays the caller's: closing the bot closes only its connections.
 */
public final class EchoBot implements OfferHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EchoBot.class);

    private final PeerConnectionFactory factory;
    private final RtcConfiguration configuration;
    private final Duration lifetime;
    private final Duration gatheringTimeout;
    private final int maxConnections;
    private final Map<PeerConnection, List<ScheduledFuture<?>>> live = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers;
    private volatile boolean closed;

    /** A bot with default configuration, 5-minute lifetimes, 5 s gathering timeout and 32 connections at most. */
    public EchoBot(PeerConnectionFactory factory) {
        this(factory, RtcConfiguration.defaults(), Duration.ofMinutes(5), Duration.ofSeconds(5), 32);
    }

    public EchoBot(PeerConnectionFactory factory, RtcConfiguration configuration, Duration lifetime,
            Duration gatheringTimeout, int maxConnections) {
        if (factory == null || configuration == null) throw new IllegalArgumentException("factory and configuration are required");
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) throw new IllegalArgumentException("lifetime must be positive, was " + lifetime);
        if (gatheringTimeout == null || gatheringTimeout.isNegative() || gatheringTimeout.isZero()) {
            throw new IllegalArgumentException("gatheringTimeout must be positive, was " + gatheringTimeout);
        }
        if (maxConnections <= 0) throw new IllegalArgumentException("maxConnections must be positive, was " + maxConnections);
        this.factory = factory;
        this.configuration = configuration;
        this.lifetime = lifetime;
        this.gatheringTimeout = gatheringTimeout;
        this.maxConnections = maxConnections;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jrtc-echobot-timer");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<String> answer(String offerSdp) {
        if (closed) return CompletableFuture.failedFuture(new IllegalStateException("the echo bot is closed"));
        if (live.size() >= maxConnections) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "the echo bot already has its maximum of " + maxConnections + " connections"));
        }
        PeerConnection pc;
        try {
            pc = factory.createPeerConnection(configuration);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<ScheduledFuture<?>> pcTimers = new CopyOnWriteArrayList<>();
        live.put(pc, pcTimers);
        CompletableFuture<Void> gathered = new CompletableFuture<>();
        pc.onIceCandidate(c -> {
            if (c == null) gathered.complete(null);
        });
        pc.onIceGatheringStateChange(s -> {
            if (s == RtcIceGatheringState.COMPLETE) gathered.complete(null);
        });
        pc.onDataChannel(channel -> channel.onMessage(m -> {
            if (m.binary()) {
                channel.send(m.data());
            } else {
                channel.send(m.text());
            }
        }));
        pc.onConnectionStateChange(s -> {
            if (s == RtcPeerConnectionState.FAILED || s == RtcPeerConnectionState.CLOSED) retire(pc, "connection " + s);
        });
        try {
            pcTimers.add(timers.schedule(() -> retire(pc, "lifetime of " + lifetime + " over"), lifetime.toMillis(), TimeUnit.MILLISECONDS));
            ScheduledFuture<?> gatherTimer = timers.schedule(() -> {
                gathered.completeExceptionally(new TimeoutException("ICE gathering not complete after " + gatheringTimeout.toMillis() + " ms"));
            }, gatheringTimeout.toMillis(), TimeUnit.MILLISECONDS);
            gathered.whenComplete((v, e) -> gatherTimer.cancel(false));
        } catch (RejectedExecutionException e) {
            retire(pc, "bot closed");
            return CompletableFuture.failedFuture(new IllegalStateException("the echo bot is closed"));
        }
        CompletableFuture<String> answer = pc.setRemoteDescription(RtcSessionDescription.offer(offerSdp))
                .thenCompose(v -> gathered) // gathering starts with the remote offer; the answer then has every candidate
                .thenCompose(v -> pc.setLocalDescription())
                .thenApply(RtcSessionDescription::sdp);
        answer.whenComplete((sdp, e) -> {
            if (e != null) {
                LOG.info("echo bot could not answer an offer: {}", e.toString());
                retire(pc, "no answer");
            }
        });
        return answer;
    }

    /** Connections alive now. */
    public int connectionCount() {
        return live.size();
    }

    private void retire(PeerConnection pc, String why) {
        List<ScheduledFuture<?>> pcTimers = live.remove(pc);
        if (pcTimers != null) {
            for (ScheduledFuture<?> t : pcTimers) t.cancel(false);
            LOG.debug("echo bot closes a connection: {}", why);
            pc.close();
        }
    }

    /** Closes every connection of the bot and its timer thread. */
    @Override
    public void close() {
        closed = true;
        timers.shutdownNow();
        for (PeerConnection pc : live.keySet().toArray(new PeerConnection[0])) retire(pc, "bot closed");
        try {
            timers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
