package dev.jrtc.ice.turn;

import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunAttributeType;
import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunDecodeResult;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMessageBuilder;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A scripted, sans-IO TURN server for unit tests: long-term credentials with a nonce the test can expire, an
 * allocation with a chosen lifetime, permissions and channels recorded, Send indications and ChannelData recorded.
 * Not a real server (no relaying, no timers): just enough to answer the client the way RFC 8656 says.
 */
final class ScriptedTurnServer {
    static final InetSocketAddress ADDRESS = new InetSocketAddress("192.0.2.1", 3478);
    static final InetSocketAddress RELAYED = new InetSocketAddress("192.0.2.1", 50000);
    static final String USER = "alice";
    static final String PASSWORD = "wonderland";
    static final String REALM = "example.org";

    final byte[] key = StunCredentials.longTermKey(USER, REALM, PASSWORD);
    final List<StunMessage> requests = new ArrayList<>();
    final List<StunMessage> sendIndications = new ArrayList<>();
    final List<TurnChannelData> channelData = new ArrayList<>();
    final Map<Integer, InetSocketAddress> channels = new HashMap<>();
    final List<InetSocketAddress> permissions = new ArrayList<>();
    private final Random random = new Random(7);

    String nonce = "nonce-1";
    int lifetime = 600;
    /** When set, the next request of this method gets this error code (once). */
    int failMethod = -1;
    int failCode;
    /** When false, requests are swallowed (a dead server). */
    boolean answering = true;
    int allocations;

    /** The server's answers to one datagram from the client (possibly none). */
    List<byte[]> handle(Transmit t) {
        List<byte[]> out = new ArrayList<>();
        if (!answering) return out;
        byte[] data = t.data();
        if (TurnChannelData.isChannelData(data[0])) {
            channelData.add(TurnChannelData.decode(data, 0, data.length));
            return out;
        }
        StunDecodeResult r = StunMessage.decode(data);
        if (!r.isDecoded()) return out;
        StunMessage m = r.message();
        if (m.messageClass() == StunClass.INDICATION) {
            if (m.method() == StunMethod.SEND) sendIndications.add(m);
            return out;
        }
        requests.add(m);
        if (!m.has(StunAttributeType.MESSAGE_INTEGRITY)) {
            out.add(error(m, 401, "Unauthorized").realm(REALM).nonce(nonce).build().encode());
            return out;
        }
        if (m.checkMessageIntegrity(key) != StunCheck.VALID) {
            out.add(error(m, 401, "Unauthorized").realm(REALM).nonce(nonce).build().encode());
            return out;
        }
        if (!nonce.equals(m.nonce().orElse(""))) {
            out.add(error(m, 438, "Stale Nonce").realm(REALM).nonce(nonce).build().encode());
            return out;
        }
        if (m.method() == failMethod) {
            failMethod = -1;
            out.add(error(m, failCode, "Scripted Failure").messageIntegrity(key).build().encode());
            return out;
        }
        StunMessageBuilder ok = StunMessage.builder(StunClass.SUCCESS_RESPONSE, m.method(), m.transactionId());
        switch (m.method()) {
            case StunMethod.ALLOCATE -> {
                allocations++;
                ok.xorRelayedAddress(RELAYED).xorMappedAddress(t.source()).lifetime(lifetime);
            }
            case StunMethod.REFRESH -> ok.lifetime(m.lifetime().orElse(lifetime) == 0 ? 0 : lifetime);
            case StunMethod.CREATE_PERMISSION -> permissions.add(m.xorPeerAddress().orElseThrow());
            case StunMethod.CHANNEL_BIND -> {
                int channel = m.attribute(StunAttributeType.CHANNEL_NUMBER).orElseThrow().value()[0] & 0xFF;
                channel = (channel << 8) | (m.attribute(StunAttributeType.CHANNEL_NUMBER).orElseThrow().value()[1] & 0xFF);
                channels.put(channel, m.xorPeerAddress().orElseThrow());
            }
            default -> {
                out.add(error(m, 400, "Bad Request").messageIntegrity(key).build().encode());
                return out;
            }
        }
        out.add(ok.messageIntegrity(key).fingerprint().build().encode());
        return out;
    }

    private static StunMessageBuilder error(StunMessage m, int code, String reason) {
        return StunMessage.builder(StunClass.ERROR_RESPONSE, m.method(), m.transactionId()).errorCode(code, reason);
    }

    /** A Data indication from {@code peer}, as the server relays what a peer sent to the relayed address. */
    byte[] dataIndication(InetSocketAddress peer, byte[] payload) {
        return StunMessage.builder(StunClass.INDICATION, StunMethod.DATA, StunTransactionId.random(random))
                .xorPeerAddress(peer).data(payload).build().encode();
    }

    /** The last request of {@code method}. */
    StunMessage last(int method) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).method() == method) return requests.get(i);
        }
        return null;
    }

    long count(int method) {
        return requests.stream().filter(m -> m.method() == method).count();
    }
}
