package dev.jrtc.ice.turn;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunAttributeType;
import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Allocate with long-term credentials (RFC 8656 §7, RFC 8489 §9.2) against a scripted server, in virtual time. */
class TurnAllocationTest {

    @Test
    void firstAllocateIsUnauthenticatedThenRetriedWithTheChallengesRealmAndNonce() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        h.pump();

        assertEquals(2, h.server.count(StunMethod.ALLOCATE));
        StunMessage first = h.server.requests.get(0);
        assertFalse(first.has(StunAttributeType.MESSAGE_INTEGRITY), "no credentials before the challenge");
        assertEquals(17, first.attribute(StunAttributeType.REQUESTED_TRANSPORT).orElseThrow().byteAt(0), "UDP");
        StunMessage second = h.server.requests.get(1);
        assertEquals(ScriptedTurnServer.USER, second.username().orElseThrow());
        assertEquals(ScriptedTurnServer.REALM, second.realm().orElseThrow());
        assertEquals("nonce-1", second.nonce().orElseThrow());
        assertEquals(StunCheck.VALID, second.checkMessageIntegrity(h.server.key));

        TurnClientEvent.Allocated allocated = h.eventsOf(TurnClientEvent.Allocated.class).get(0);
        assertEquals(ScriptedTurnServer.RELAYED, allocated.relayed());
        assertEquals(TurnHarness.LOCAL, allocated.mapped());
        assertEquals(TurnClient.State.ALLOCATED, h.client.state());
        assertEquals(ScriptedTurnServer.RELAYED, h.client.relayedAddress());
        assertEquals(0, h.client.droppedDatagrams());
    }

    @Test
    void ipv6ServerIsAskedForAnIpv6RelayedAddress() {
        java.net.InetSocketAddress v6 = new java.net.InetSocketAddress("2001:db8::1", 3478);
        TurnClient client = new TurnClient(TurnClientConfig.of(new TurnServer(v6, "u", "p"),
                new java.net.InetSocketAddress("2001:db8::2", 4000), new Random(1)));
        client.start(0);
        StunMessage allocate = StunMessage.decode(client.pollTransmit().data()).message();
        assertEquals(2, allocate.attribute(StunAttributeType.REQUESTED_ADDRESS_FAMILY).orElseThrow().byteAt(0));

        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        h.pump();
        assertFalse(h.server.requests.get(0).has(StunAttributeType.REQUESTED_ADDRESS_FAMILY), "IPv4 is the default");
    }

    @Test
    void staleNonceIsRetriedWithTheNewNonce() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        // The client learns nonce-1 from the first 401, then the server moves on before the retry arrives.
        StunMessage unauthenticated = StunMessage.decode(h.client.pollTransmit().data()).message();
        h.server.requests.add(unauthenticated);
        byte[] challenge = h.server.handle(new dev.jrtc.ice.Transmit(TurnHarness.LOCAL, ScriptedTurnServer.ADDRESS,
                unauthenticated.encode())).get(0);
        h.server.requests.clear();
        h.server.nonce = "nonce-2";
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL, challenge);
        h.pump();

        assertEquals(2, h.server.count(StunMethod.ALLOCATE), "one with the stale nonce, one with the new");
        assertEquals("nonce-1", h.server.requests.get(0).nonce().orElseThrow());
        assertEquals("nonce-2", h.server.requests.get(1).nonce().orElseThrow());
        assertEquals(1, h.eventsOf(TurnClientEvent.Allocated.class).size());
    }

    @Test
    void wrongPasswordFailsWithTheServersSecond401() {
        TurnHarness h = new TurnHarness(TurnClientConfig.of(new TurnServer(ScriptedTurnServer.ADDRESS,
                ScriptedTurnServer.USER, "wrong"), TurnHarness.LOCAL, new Random(1)));
        h.client.start(h.now);
        h.pump();
        // The scripted server's 401 to a bad MAC carries no integrity (it cannot), which the client accepts.
        TurnClientEvent.AllocationFailed failed = h.eventsOf(TurnClientEvent.AllocationFailed.class).get(0);
        assertEquals(401, failed.code());
        assertEquals(TurnClient.State.FAILED, h.client.state());
        assertEquals(2, h.server.count(StunMethod.ALLOCATE), "no third attempt with the same bad key");
    }

    @Test
    void otherErrorsFailTheAllocationWithCodeAndReason() {
        TurnHarness h = new TurnHarness();
        h.server.failMethod = StunMethod.ALLOCATE;
        h.server.failCode = 486;
        h.client.start(h.now);
        h.pump();
        TurnClientEvent.AllocationFailed failed = h.eventsOf(TurnClientEvent.AllocationFailed.class).get(0);
        assertEquals(486, failed.code());
        assertEquals("Scripted Failure", failed.reason());
    }

    @Test
    void silentServerFailsAfterTheRetransmissionSchedule() {
        TurnHarness h = new TurnHarness();
        h.server.answering = false;
        h.client.start(h.now);
        h.pump();
        h.advance(39.0);
        assertTrue(h.eventsOf(TurnClientEvent.AllocationFailed.class).isEmpty(), "still retransmitting at 39 s");
        h.advance(1.0);
        TurnClientEvent.AllocationFailed failed = h.eventsOf(TurnClientEvent.AllocationFailed.class).get(0);
        assertEquals(0, failed.code());
        assertEquals(7, h.sent.size(), "Rc = 7 requests");
        assertEquals(Long.MAX_VALUE, h.client.pollTimeout());
    }

    @Test
    void successWithoutRelayedAddressFails() {
        TurnHarness h = new TurnHarness();
        h.client.start(h.now);
        StunMessage request = StunMessage.decode(h.client.pollTransmit().data()).message();
        byte[] challenge = h.server.handle(new dev.jrtc.ice.Transmit(TurnHarness.LOCAL, ScriptedTurnServer.ADDRESS,
                request.encode())).get(0);
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL, challenge);
        StunMessage authenticated = StunMessage.decode(h.client.pollTransmit().data()).message();
        byte[] bare = StunMessage.builder(dev.jrtc.ice.stun.StunClass.SUCCESS_RESPONSE, StunMethod.ALLOCATE,
                authenticated.transactionId()).lifetime(600).messageIntegrity(h.server.key).build().encode();
        h.client.handleDatagram(h.now, ScriptedTurnServer.ADDRESS, TurnHarness.LOCAL, bare);
        h.pump();
        assertEquals(0, h.eventsOf(TurnClientEvent.AllocationFailed.class).get(0).code());
    }

    @Test
    void misuseThrowsClearly() {
        TurnHarness h = new TurnHarness();
        assertThrows(IllegalStateException.class, () -> h.client.send(h.now, TurnHarness.PEER, new byte[1]),
                "sending before the allocation exists");
        h.client.start(h.now);
        assertThrows(IllegalStateException.class, () -> h.client.start(h.now), "started twice");
        assertThrows(IllegalStateException.class, () -> h.client.createPermission(h.now, TurnHarness.PEER));
        h.pump();
        assertThrows(IllegalArgumentException.class, () -> h.client.send(h.now, TurnHarness.PEER, new byte[70_000]));
        assertThrows(IllegalArgumentException.class, () -> new TurnServer(
                java.net.InetSocketAddress.createUnresolved("turn.example.org", 3478), "u", "p"));
        assertFalse(new TurnServer(ScriptedTurnServer.ADDRESS, "u", "hunter2").toString().contains("hunter2"));
    }

    @Test
    void longTermKeyIsMd5OfUserRealmPassword() {
        // Same construction the RFC 5769 §2.4 vector checks; here only that client and server agree.
        assertArrayEquals(StunCredentials.longTermKey("alice", "example.org", "wonderland"),
                new ScriptedTurnServer().key);
    }
}
