package dev.jrtc.ice;

import dev.jrtc.ice.stun.StunAttributeType;
import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMessageBuilder;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import dev.jrtc.ice.turn.TurnChannelData;
import dev.jrtc.testkit.VirtualNetwork;
import dev.jrtc.testkit.VirtualSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A small relaying TURN server (RFC 8656) on a testkit {@link VirtualNetwork}, for ICE tests in virtual time:
 * long-term credentials, allocations with a relayed socket each, permissions (300 s) and channels (600 s) that
 * expire unless refreshed, Send/Data indications and ChannelData. No quotas, no TCP, one nonce that never goes
 * stale; what the client does wrong is simply not relayed.
 */
final class RelayingTurnServer {
    static final String USER = "user";
    static final String PASSWORD = "pass";
    static final String REALM = "sim.example";
    private static final long PERMISSION_LIFETIME = TimeUnit.SECONDS.toNanos(300);
    private static final long CHANNEL_LIFETIME = TimeUnit.SECONDS.toNanos(600);

    private final VirtualNetwork net;
    private final InetSocketAddress address;
    private final VirtualSocket socket;
    private final byte[] key = StunCredentials.longTermKey(USER, REALM, PASSWORD);
    private final Map<InetSocketAddress, Allocation> allocations = new HashMap<>();
    private final Random random = new Random(99);
    private int nextPort = 49152;

    long refreshes;
    long permissionRequests;
    long channelBinds;
    long relayedToPeers;
    long relayedToClients;

    private final class Allocation {
        final InetSocketAddress client;
        final VirtualSocket relay;
        final Map<InetAddress, Long> permissions = new HashMap<>();
        final Map<Integer, InetSocketAddress> channels = new HashMap<>();
        final Map<InetSocketAddress, Integer> channelOf = new HashMap<>();
        final Map<Integer, Long> channelExpiry = new HashMap<>();
        long expiresAt;

        Allocation(InetSocketAddress client, InetSocketAddress relayed) {
            this.client = client;
            this.relay = net.bind(relayed, (now, from, to, d) -> fromPeer(now, this, from, d));
        }

        boolean permitted(long now, InetAddress ip) {
            Long until = permissions.get(ip);
            return until != null && until > now && expiresAt > now;
        }

        int boundChannel(long now, InetSocketAddress peer) {
            Integer ch = channelOf.get(peer);
            return ch != null && channelExpiry.get(ch) > now ? ch : -1;
        }
    }

    RelayingTurnServer(VirtualNetwork net, InetSocketAddress address) {
        this.net = net;
        this.address = address;
        this.socket = net.bind(address, this::fromClient);
    }

    InetSocketAddress address() {
        return address;
    }

    int allocations() {
        return allocations.size();
    }

    private void fromClient(long now, InetSocketAddress from, InetSocketAddress to, byte[] data) {
        Allocation a = allocations.get(from);
        if (TurnChannelData.isChannelData(data[0])) {
            TurnChannelData cd = TurnChannelData.decode(data, 0, data.length);
            if (a == null || cd == null) return;
            InetSocketAddress peer = a.channels.get(cd.channel());
            if (peer != null && a.channelExpiry.get(cd.channel()) > now && a.permitted(now, peer.getAddress())) {
                relayedToPeers++;
                a.relay.send(now, peer, cd.data());
            }
            return;
        }
        StunDecodeResult r = StunMessage.decode(data);
        if (!r.isDecoded()) return;
        StunMessage m = r.message();
        if (m.messageClass() == StunClass.INDICATION) {
            InetSocketAddress peer = m.xorPeerAddress().orElse(null);
            if (m.method() == StunMethod.SEND && a != null && peer != null && a.permitted(now, peer.getAddress())) {
                relayedToPeers++;
                a.relay.send(now, peer, m.attribute(StunAttributeType.DATA).orElseThrow().value());
            }
            return;
        }
        if (m.messageClass() != StunClass.REQUEST) return;
        if (!m.has(StunAttributeType.MESSAGE_INTEGRITY) || m.checkMessageIntegrity(key) != StunCheck.VALID) {
            socket.send(now, from, error(m, 401, "Unauthorized").realm(REALM).nonce("n").build().encode());
            return;
        }
        StunMessageBuilder ok = StunMessage.builder(StunClass.SUCCESS_RESPONSE, m.method(), m.transactionId());
        switch (m.method()) {
            case StunMethod.ALLOCATE -> {
                if (a == null) {
                    a = new Allocation(from, new InetSocketAddress(address.getAddress(), nextPort++));
                    allocations.put(from, a);
                }
                a.expiresAt = now + TimeUnit.SECONDS.toNanos(600);
                ok.xorRelayedAddress(a.relay.localAddress()).xorMappedAddress(from).lifetime(600);
            }
            case StunMethod.REFRESH -> {
                if (a == null) {
                    socket.send(now, from, error(m, 437, "Allocation Mismatch").messageIntegrity(key).build().encode());
                    return;
                }
                refreshes++;
                int lifetime = m.lifetime().orElse(600);
                if (lifetime == 0) {
                    allocations.remove(from);
                    a.relay.close();
                } else {
                    a.expiresAt = now + TimeUnit.SECONDS.toNanos(lifetime);
                }
                ok.lifetime(lifetime);
            }
            case StunMethod.CREATE_PERMISSION -> {
                if (a == null) return;
                permissionRequests++;
                a.permissions.put(m.xorPeerAddress().orElseThrow().getAddress(), now + PERMISSION_LIFETIME);
            }
            case StunMethod.CHANNEL_BIND -> {
                if (a == null) return;
                channelBinds++;
                byte[] v = m.attribute(StunAttributeType.CHANNEL_NUMBER).orElseThrow().value();
                int channel = ((v[0] & 0xFF) << 8) | (v[1] & 0xFF);
                InetSocketAddress peer = m.xorPeerAddress().orElseThrow();
                a.channels.put(channel, peer);
                a.channelOf.put(peer, channel);
                a.channelExpiry.put(channel, now + CHANNEL_LIFETIME);
                a.permissions.put(peer.getAddress(), now + PERMISSION_LIFETIME);
            }
            default -> {
                socket.send(now, from, error(m, 400, "Bad Request").messageIntegrity(key).build().encode());
                return;
            }
        }
        socket.send(now, from, ok.messageIntegrity(key).build().encode());
    }

    private void fromPeer(long now, Allocation a, InetSocketAddress peer, byte[] data) {
        if (!a.permitted(now, peer.getAddress())) return;
        relayedToClients++;
        int channel = a.boundChannel(now, peer);
        byte[] wire = channel >= 0 ? new TurnChannelData(channel, data).encode()
                : StunMessage.builder(StunClass.INDICATION, StunMethod.DATA, StunTransactionId.random(random))
                        .xorPeerAddress(peer).data(data).build().encode();
        socket.send(now, a.client, wire);
    }

    private static StunMessageBuilder error(StunMessage m, int code, String reason) {
        return StunMessage.builder(StunClass.ERROR_RESPONSE, m.method(), m.transactionId()).errorCode(code, reason);
    }
}
