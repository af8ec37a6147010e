package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.stun.StunCheck;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunClientEvent;
import dev.jrtc.ice.stun.StunRetransmission;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Server-reflexive discovery against a real coturn on 127.0.0.1: our StunClient, driven on Netty, sends a Binding
 * request and reads its own address back from coturn's XOR-MAPPED-ADDRESS.
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
            assertNotEquals(StunCheck.INVALID, r.response().checkFingerprint());
            assertTrue(r.response().software().orElse("").toLowerCase().contains("coturn"),
                    () -> "SOFTWARE " + r.response().software());
        }
    }
}
