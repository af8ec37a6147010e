package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunClientEvent;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunErrorCode;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunRetransmission;
import dev.jrtc.testkit.Coturn;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Our STUN stack against a real coturn on 127.0.0.1: server-reflexive discovery (Binding) and long-term credential
 * integrity (Allocate), with our StunClient driven on Netty.
 */
class CoturnServerReflexiveTest {

    @Test
    void coturnReportsOurAddressAsXorMappedAddress() throws Exception {
        try (Coturn coturn = Coturn.start(); UdpTransport transport = new UdpTransport()) {
            // Short RTO: retransmissions cover coturn's start-up (about 100 ms), 8 tries span about 5 s.
            StunClientEvent ev = StunServerLoopbackTest.bind(transport, "127.0.0.1", coturn.address(),
                    new StunRetransmission(TimeUnit.MILLISECONDS.toNanos(20), 8, 16));
            StunClientEvent.Response r = assertInstanceOf(StunClientEvent.Response.class, ev,
                    () -> "coturn alive=" + coturn.isAlive() + "\n" + coturn.log());
            assertEquals(StunClass.SUCCESS_RESPONSE, r.response().messageClass());
            assertEquals(ev.transaction().source(), r.response().xorMappedAddress().orElseThrow());
            assertEquals(StunCheck.VALID, r.response().checkFingerprint(), "coturn answers a FINGERPRINTed request with one");
            assertTrue(r.response().software().orElse("").toLowerCase().contains("coturn"),
                    () -> "SOFTWARE " + r.response().software());
        }
    }

    /**
     * Long-term credentials both ways (RFC 8489 §9.2): coturn challenges an unauthenticated Allocate with 401,
     * accepts our MESSAGE-INTEGRITY made with MD5(user:realm:password), and its own response verifies with that key.
     */
    @Test
    void coturnAcceptsOurLongTermIntegrityAndItsResponseVerifies() throws Exception {
        try (Coturn coturn = Coturn.start(); UdpTransport transport = new UdpTransport();
                LoopbackStunExchange exchange = new LoopbackStunExchange(transport, "127.0.0.1",
                        new StunRetransmission(TimeUnit.MILLISECONDS.toNanos(20), 8, 16))) {
            StunClientEvent first = exchange.exchange(coturn.address(), tid -> StunMessage.builder(StunClass.REQUEST,
                    StunMethod.ALLOCATE, tid).requestedTransport(17).fingerprint().build());
            StunMessage challenge = assertInstanceOf(StunClientEvent.Response.class, first,
                    () -> coturn.log()).response();
            assertEquals(StunErrorCode.UNAUTHENTICATED, challenge.errorCode().orElseThrow().code());
            String realm = challenge.realm().orElseThrow();
            String nonce = challenge.nonce().orElseThrow();
            assertEquals(Coturn.REALM, realm);

            byte[] key = StunCredentials.longTermKey(Coturn.USER, realm, Coturn.PASSWORD);
            StunClientEvent second = exchange.exchange(coturn.address(), tid -> StunMessage.builder(
                    StunClass.REQUEST, StunMethod.ALLOCATE, tid).requestedTransport(17).username(Coturn.USER)
                    .realm(realm).nonce(nonce).messageIntegrity(key).fingerprint().build());
            StunMessage allocated = assertInstanceOf(StunClientEvent.Response.class, second).response();
            assertEquals(StunClass.SUCCESS_RESPONSE, allocated.messageClass(),
                    () -> "coturn refused: " + allocated.errorCode() + "\n" + coturn.log());
            assertEquals(StunCheck.VALID, allocated.checkMessageIntegrity(key));
            assertEquals(StunCheck.INVALID, allocated.checkMessageIntegrity(
                    StunCredentials.longTermKey(Coturn.USER, realm, "wrong")));
            assertEquals(StunCheck.VALID, allocated.checkFingerprint());
            assertEquals(exchange.local(), allocated.xorMappedAddress().orElseThrow());
            assertEquals("127.0.0.1", allocated.xorRelayedAddress().orElseThrow().getAddress().getHostAddress());
            assertTrue(allocated.lifetime().orElseThrow() > 0);
        }
    }
}
