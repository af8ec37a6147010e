package dev.jrtc.ice.udp;

import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunIntegrityKey;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Single-port mode: many ICE agents share one socket (as ICE-lite servers and SFUs do, see RFC 8445 §2.5). A
 * datagram goes to the agent that owns its 5-tuple; when the 5-tuple is unknown, a STUN Binding request goes to the
 * agent whose local ufrag is the part of USERNAME before ':' (RFC 8445 §7.2.2). Anything else is dropped and counted.
 *
 * <p>A 5-tuple is learned only from a Binding request whose MESSAGE-INTEGRITY checks out with that agent's password
 * (RFC 8445 §7.3, RFC 8489 §9.1.3): a forged request (a spoofed source address with a known ufrag) is dropped and
 * teaches nothing, so it can neither steer the peer's later datagrams nor fill the table. Each agent keeps at most
 * {@link #MAX_TUPLES_PER_AGENT} learned or announced 5-tuples; beyond that a request is still delivered but not
 * learned (counted). Outgoing checks to a new remote must be announced with {@link #associate} so their responses
 * (which carry no USERNAME) find the agent.
 *
 * <p>Thread-safe: registrations may come from any thread; datagrams arrive on event loops.
 */
public final class SinglePortRouter implements DatagramHandler {
    /**
     * 5-tuples per agent: one per candidate pair the agent can have (IceAgent keeps at most 100 pairs), with room
     * for the pairs of an ICE restart.
     */
    public static final int MAX_TUPLES_PER_AGENT = 256;

    /** An agent with the key that authenticates requests for it and the 5-tuples routed to it. */
    private static final class Registration {
        final DatagramHandler agent;
        final StunIntegrityKey key;
        final Set<FiveTuple> tuples = ConcurrentHashMap.newKeySet();

        Registration(DatagramHandler agent, StunIntegrityKey key) {
            this.agent = agent;
            this.key = key;
        }
    }

    private final Map<String, Registration> byUfrag = new ConcurrentHashMap<>();
    private final Map<FiveTuple, Registration> byTuple = new ConcurrentHashMap<>();
    /** The latest registration of each agent, for {@link #associate}. */
    private final Map<DatagramHandler, Registration> byAgent = new ConcurrentHashMap<>();
    private final LongAdder routedByTuple = new LongAdder();
    private final LongAdder routedByUsername = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failedIntegrity = new LongAdder();
    private final LongAdder notLearned = new LongAdder();

    /**
     * Routes Binding requests whose USERNAME starts with {@code localUfrag + ":"} and that are signed with
     * {@code localPwd} (the agent's ice-pwd, RFC 8445 §7.2.2) to {@code agent}.
     *
     * @throws IllegalArgumentException when the ufrag is empty, contains ':' or is already registered
     */
    public void register(String localUfrag, String localPwd, DatagramHandler agent) {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(localPwd, "localPwd");
        if (localUfrag.isEmpty() || localUfrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a ufrag is non-empty and has no ':', got '" + localUfrag + "'");
        }
        Registration r = new Registration(agent, new StunIntegrityKey(StunCredentials.shortTermKey(localPwd)));
        if (byUfrag.putIfAbsent(localUfrag, r) != null) {
            throw new IllegalArgumentException("ufrag '" + localUfrag + "' is already registered");
        }
        byAgent.put(agent, r);
    }

    /**
     * Removes the registration of {@code localUfrag} and the 5-tuples learned or announced under it (those the
     * same agent owns under another ufrag, e.g. after an ICE restart, stay with that one).
     */
    public void unregister(String localUfrag) {
        Registration r = byUfrag.remove(localUfrag);
        if (r != null) {
            for (FiveTuple t : r.tuples) byTuple.remove(t, r);
            byAgent.remove(r.agent, r);
        }
    }

    /**
     * Routes the flow {@code local}-{@code remote} to {@code agent} (e.g. before sending it a first check). The agent
     * must be registered; beyond {@link #MAX_TUPLES_PER_AGENT} flows the announcement is ignored and counted.
     */
    public void associate(InetSocketAddress local, InetSocketAddress remote, DatagramHandler agent) {
        Objects.requireNonNull(agent, "agent");
        Registration latest = byAgent.get(agent);
        if (latest != null) {
            learn(new FiveTuple(local, remote), latest);
            return;
        }
        // The agent's latest ufrag was unregistered: an older one may remain (rare, so a scan is fine).
        for (Registration r : byUfrag.values()) {
            if (r.agent == agent) {
                learn(new FiveTuple(local, remote), r);
                return;
            }
        }
        notLearned.increment();
    }

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
        FiveTuple tuple = new FiveTuple(local, remote);
        Registration owner = byTuple.get(tuple);
        if (owner != null) {
            routedByTuple.increment();
            owner.agent.handleDatagram(nowNanos, local, remote, payload);
            return;
        }
        StunMessage request = bindingRequest(payload);
        String ufrag = request == null ? null : localUfrag(request);
        Registration r = ufrag == null ? null : byUfrag.get(ufrag);
        if (r == null) {
            dropped.increment();
            return;
        }
        if (request.checkMessageIntegrity(r.key) != StunCheck.VALID) {
            failedIntegrity.increment();
            dropped.increment();
            return;
        }
        learn(tuple, r);
        routedByUsername.increment();
        r.agent.handleDatagram(nowNanos, local, remote, payload);
    }

    private void learn(FiveTuple tuple, Registration r) {
        if (r.tuples.contains(tuple)) {
            byTuple.put(tuple, r);
        } else if (r.tuples.size() < MAX_TUPLES_PER_AGENT) {
            r.tuples.add(tuple);
            byTuple.put(tuple, r);
        } else {
            notLearned.increment();
        }
    }

    /** The payload as a STUN Binding request, or null when it is something else. */
    private static StunMessage bindingRequest(ByteBuf payload) {
        if (!payload.isReadable() || PacketKind.classify(payload.getUnsignedByte(payload.readerIndex()))
                != PacketKind.STUN) {
            return null;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        StunDecodeResult result = StunMessage.decode(bytes, 0, bytes.length);
        if (!result.isDecoded() || !result.message().isRequest(StunMethod.BINDING)) {
            return null;
        }
        return result.message();
    }

    /** The local ufrag of a Binding request's USERNAME (the part before ':'), or null. */
    private static String localUfrag(StunMessage request) {
        String username = request.username().orElse(null);
        int colon = username == null ? -1 : username.indexOf(':');
        return colon <= 0 ? null : username.substring(0, colon);
    }

    /** Datagrams routed by a known 5-tuple. */
    public long routedByTuple() {
        return routedByTuple.sum();
    }

    /** Authenticated Binding requests routed by USERNAME (each taught the router a 5-tuple, up to the cap). */
    public long routedByUsername() {
        return routedByUsername.sum();
    }

    /** Datagrams no agent claimed, including requests failing integrity. */
    public long dropped() {
        return dropped.sum();
    }

    /** Binding requests for a known ufrag whose MESSAGE-INTEGRITY did not check out (forged or stale). */
    public long failedIntegrity() {
        return failedIntegrity.sum();
    }

    /** 5-tuples not learned or announced because their agent already had {@link #MAX_TUPLES_PER_AGENT}. */
    public long notLearned() {
        return notLearned.sum();
    }

    /** 5-tuples in the routing table now. */
    public int tupleCount() {
        return byTuple.size();
    }
}
