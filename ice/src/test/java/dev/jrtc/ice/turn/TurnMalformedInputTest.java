package dev.jrtc.ice.turn;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad input is dropped and counted, never thrown, and never ends a transaction (DESIGN.md rule 7). */
class TurnMalformedInputTest {

    private static void deliver(TurnHarness h, byte[] data) {
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL, data);
    }

    @Test
    void garbageIsCounted() {
        TurnHarness h = new TurnHarness().allocated();
        deliver(h, new byte[0]);
        deliver(h, new byte[] {0});
        deliver(h, HexFormat.of().parseHex("0101000c2112a442000000000000000000000000")); // length overruns
        deliver(h, HexFormat.of().parseHex("40000009aa")); // ChannelData shorter than its length
        deliver(h, new byte[] {(byte) 0x80, 0, 0, 0}); // RTP from the server address
        assertEquals(5, h.client.droppedDatagrams());
        assertEquals(TurnClient.State.ALLOCATED, h.client.state());
    }

    @Test
    void datagramsFromAnyoneButTheServerAreCounted() {
        TurnHarness h = new TurnHarness().allocated();
        h.client.createPermission(h.now, TurnHarness.PEER);
        h.pump();
        h.client.handleDatagram(h.now, TurnHarness.PEER, TurnHarness.LOCAL,
                h.server.dataIndication(TurnHarness.PEER, new byte[] {1}));
        assertEquals(1, h.client.droppedDatagrams());
        assertTrue(h.eventsOf(TurnClientEvent.PeerData.class).isEmpty());
    }

    @Test
    void forgedSuccessWithBadIntegrityIsIgnoredAndTheGenuineAnswerStillCounts() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        StunMessage request = StunMessage.decode(h.client.pollTransmit().data()).message();
        deliver(h, h.server.handle(new dev.jrtc.ice.Transmit(TurnHarness.LOCAL, ScriptedTurnServer.ADDRESS,
                request.encode())).get(0));
        byte[] authenticated = h.client.pollTransmit().data();
        StunTransactionId tid = StunMessage.decode(authenticated).message().transactionId();
        byte[] otherKey = StunCredentials.longTermKey("mallory", ScriptedTurnServer.REALM, "x");
        deliver(h, StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE, tid)
                .xorRelayedAddress(new InetSocketAddress("203.0.113.66", 1)).messageIntegrity(otherKey).build().encode());
        deliver(h, StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE, tid)
                .xorRelayedAddress(new InetSocketAddress("203.0.113.66", 1)).build().encode());
        deliver(h, StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE, tid)
                .errorCode(403, "Forbidden").build().encode());
        assertEquals(3, h.client.droppedDatagrams(), "bad MAC, no MAC on a success, no MAC on a 403");
        assertEquals(TurnClient.State.ALLOCATING, h.client.state());

        for (byte[] answer : h.server.handle(new dev.jrtc.ice.Transmit(TurnHarness.LOCAL, ScriptedTurnServer.ADDRESS,
                authenticated))) {
            deliver(h, answer);
        }
        h.pump();
        assertEquals(ScriptedTurnServer.RELAYED, h.client.relayedAddress());
    }

    @Test
    void responsesToNothingWeSentAndChallengesWithoutNonceAreCounted() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        StunMessage request = StunMessage.decode(h.client.pollTransmit().data()).message();
        deliver(h, StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE, StunTransactionId.random(new Random(3)))
                .errorCode(401, "Unauthorized").realm("r").nonce("n").build().encode());
        deliver(h, StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE, request.transactionId())
                .errorCode(401, "Unauthorized").build().encode());
        deliver(h, StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.REFRESH, request.transactionId())
                .errorCode(401, "Unauthorized").realm("r").nonce("n").build().encode());
        deliver(h, StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(new Random(4)))
                .build().encode());
        assertEquals(4, h.client.droppedDatagrams(), "unknown id, challenge without realm/nonce, wrong method, a request");
        assertEquals(TurnClient.State.ALLOCATING, h.client.state());
        assertNull(h.client.pollTransmit(), "nothing answered any of them");
    }

    @Test
    void badFingerprintIsCounted() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        StunMessage request = StunMessage.decode(h.client.pollTransmit().data()).message();
        byte[] wire = StunMessage.builder(StunClass.ERROR_RESPONSE, StunMethod.ALLOCATE, request.transactionId())
                .errorCode(401, "Unauthorized").realm("r").nonce("n").fingerprint().build().encode();
        wire[wire.length - 1] ^= 1;
        deliver(h, wire);
        assertEquals(1, h.client.droppedDatagrams());
        assertEquals(TurnClient.State.ALLOCATING, h.client.state());
    }

    @Test
    void dataBeforeAllocationOrAfterCloseIsCountedNotThrown() {
        TurnHarness h = new TurnHarness();
        deliver(h, new TurnChannelData(0x4000, new byte[] {1}).encode());
        deliver(h, h.server.dataIndication(TurnHarness.PEER, new byte[] {1}));
        assertEquals(2, h.client.droppedDatagrams());
    }
}
