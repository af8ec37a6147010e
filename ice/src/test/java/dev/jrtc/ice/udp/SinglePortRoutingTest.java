package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single-port mode over real loopback UDP: routing by STUN USERNAME, then by learned or announced 5-tuple. */
class SinglePortRoutingTest {
    private final Random random = new Random(11);

    private byte[] bindingRequest(String username) {
        return StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .username(username).priority(1).fingerprint().build().encode();
    }

    @Test
    void routesByUsernameThenByLearnedFiveTupleAndDropsTheUnknown() throws Exception {
        SinglePortRouter router = new SinglePortRouter();
        Received agentA = new Received();
        Received agentB = new Received();
        router.register("ufragA", agentA);
        router.register("ufragB", agentB);
        try (UdpTransport transport = new UdpTransport()) {
            InetSocketAddress shared = transport.bind(new InetSocketAddress("127.0.0.1", 0), router);
            InetSocketAddress peer1 = transport.bind(new InetSocketAddress("127.0.0.1", 0), new Received());
            InetSocketAddress peer2 = transport.bind(new InetSocketAddress("127.0.0.1", 0), new Received());
            InetSocketAddress stranger = transport.bind(new InetSocketAddress("127.0.0.1", 0), new Received());

            transport.send(new Transmit(peer1, shared, bindingRequest("ufragA:peer1")));
            assertEquals(peer1, agentA.poll().remote());
            transport.send(new Transmit(peer2, shared, bindingRequest("ufragB:peer2")));
            assertEquals(peer2, agentB.poll().remote());

            // Now DTLS and RTP from the same peers follow their learned 5-tuples.
            transport.send(new Transmit(peer1, shared, new byte[] {22, 1}));
            transport.send(new Transmit(peer2, shared, new byte[] {(byte) 0x80, 2}));
            assertArrayEquals(new byte[] {22, 1}, agentA.poll().data());
            assertArrayEquals(new byte[] {(byte) 0x80, 2}, agentB.poll().data());

            // Unknown ufrag, non-STUN from an unknown tuple, and a STUN response without USERNAME: all dropped.
            transport.send(new Transmit(stranger, shared, bindingRequest("nobody:x")));
            transport.send(new Transmit(stranger, shared, new byte[] {(byte) 0x80, 3}));
            transport.send(new Transmit(stranger, shared, StunMessage.builder(StunClass.SUCCESS_RESPONSE,
                    StunMethod.BINDING, StunTransactionId.random(random)).build().encode()));
            for (int i = 0; i < 100 && router.dropped() < 3; i++) {
                Thread.sleep(20);
            }
            assertEquals(3, router.dropped());

            // An agent that announces a flow before sending gets the replies (which carry no USERNAME).
            router.associate(shared, stranger, agentB);
            transport.send(new Transmit(stranger, shared, new byte[] {0x40, 0, 0, 0}));
            assertEquals(stranger, agentB.poll().remote());

            assertEquals(2, router.routedByUsername());
            assertEquals(3, router.routedByTuple());
            router.unregister("ufragA");
            transport.send(new Transmit(peer1, shared, new byte[] {22, 9}));
            for (int i = 0; i < 100 && router.dropped() < 4; i++) {
                Thread.sleep(20);
            }
            assertEquals(4, router.dropped(), "an unregistered agent's tuples are forgotten");
            assertTrue(agentA.queue.isEmpty());
        }
    }

    @Test
    void rejectsBadUfrags() {
        SinglePortRouter router = new SinglePortRouter();
        router.register("a", (n, l, r, p) -> { });
        assertThrows(IllegalArgumentException.class, () -> router.register("a", (n, l, r, p) -> { }));
        assertThrows(IllegalArgumentException.class, () -> router.register("a:b", (n, l, r, p) -> { }));
        assertThrows(IllegalArgumentException.class, () -> router.register("", (n, l, r, p) -> { }));
    }
}
