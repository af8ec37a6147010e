package dev.jrtc.ice.udp;

import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Single-port mode: many ICE agents share one socket (as ICE-lite servers and SFUs do, see RFC 8445 §2.5). A
 * datagram goes to the agent that owns its 5-tuple; when the 5-tuple is unknown, a STUN Binding request goes to the
 * agent whose local ufrag is the part of USERNAME before ':' (RFC 8445 §7.2.2), and its 5-tuple is learned for
 * the datagrams that follow. Anything else is dropped and counted.
 *
 * <p>Learning happens before the agent checks MESSAGE-INTEGRITY; a forged request can only claim its own source
 * 5-tuple, and the agent still rejects it. Outgoing checks to a new remote must be announced with
 * {@link #associate} so their responses (which carry no USERNAME) find the agent.
 *
 * <p>Thread-safe: registrations may come from any thread; datagrams arrive on event loops.
 */
public final class SinglePortRouter implements DatagramHandler {
    private final Map<String, DatagramHandler> byUfrag = new ConcurrentHashMap<>();
    private final Map<FiveTuple, DatagramHandler> byTuple = new ConcurrentHashMap<>();
    private final LongAdder routedByTuple = new LongAdder();
    private final LongAdder routedByUsername = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    /**
     * Routes Binding requests whose USERNAME starts with {@code localUfrag + ":"} to {@code agent}.
     *
     * @throws IllegalArgumentException when the ufrag is empty, contains ':' or is already registered
     */
    public void register(String localUfrag, DatagramHandler agent) {
        Objects.requireNonNull(agent, "agent");
        if (localUfrag.isEmpty() || localUfrag.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a ufrag is non-empty and has no ':', got '" + localUfrag + "'");
        }
        if (byUfrag.putIfAbsent(localUfrag, agent) != null) {
            throw new IllegalArgumentException("ufrag '" + localUfrag + "' is already registered");
        }
    }

    /** Removes the agent of {@code localUfrag} and every 5-tuple routed to it. */
    public void unregister(String localUfrag) {
        DatagramHandler agent = byUfrag.remove(localUfrag);
        if (agent != null) {
            byTuple.values().removeIf(h -> h == agent);
        }
    }

    /** Routes the flow {@code local}-{@code remote} to {@code agent} (e.g. before sending it a first check). */
    public void associate(InetSocketAddress local, InetSocketAddress remote, DatagramHandler agent) {
        byTuple.put(new FiveTuple(local, remote), Objects.requireNonNull(agent, "agent"));
    }

    @Override
    public void handleDatagram(long nowNanos, InetSocketAddress local, InetSocketAddress remote, ByteBuf payload) {
        FiveTuple tuple = new FiveTuple(local, remote);
        DatagramHandler agent = byTuple.get(tuple);
        if (agent != null) {
            routedByTuple.increment();
            agent.handleDatagram(nowNanos, local, remote, payload);
            return;
        }
        String ufrag = bindingRequestLocalUfrag(payload);
        agent = ufrag == null ? null : byUfrag.get(ufrag);
        if (agent == null) {
            dropped.increment();
            return;
        }
        byTuple.put(tuple, agent);
        routedByUsername.increment();
        agent.handleDatagram(nowNanos, local, remote, payload);
    }

    /** The local ufrag of a STUN Binding request's USERNAME, or null when the payload is something else. */
    private static String bindingRequestLocalUfrag(ByteBuf payload) {
        if (!payload.isReadable() || PacketKind.classify(payload.getUnsignedByte(payload.readerIndex()))
                != PacketKind.STUN) {
            return null;
        }
        byte[] bytes = ByteBufUtil.getBytes(payload);
        StunDecodeResult result = StunMessage.decode(bytes, 0, bytes.length);
        if (!result.isDecoded() || !result.message().isRequest(StunMethod.BINDING)) {
            return null;
        }
        String username = result.message().username().orElse(null);
        int colon = username == null ? -1 : username.indexOf(':');
        return colon <= 0 ? null : username.substring(0, colon);
    }

    /** Datagrams routed by a known 5-tuple. */
    public long routedByTuple() {
        return routedByTuple.sum();
    }

    /** Binding requests routed by USERNAME (each taught the router a 5-tuple). */
    public long routedByUsername() {
        return routedByUsername.sum();
    }

    /** Datagrams no agent claimed. */
    public long dropped() {
        return dropped.sum();
    }
}
