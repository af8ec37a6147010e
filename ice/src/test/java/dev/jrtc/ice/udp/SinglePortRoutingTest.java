package dev.jrtc.ice.udp;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrtc.ice.Transmit;
import dev.jrtc.ice.stun.StunClass;
import dev.jrtc.ice.stun.StunCredentials;
import dev.jrtc.ice.stun.StunMessage;
import dev.jrtc.ice.stun.StunMethod;
import dev.jrtc.ice.stun.StunTransactionId;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Single-port mode over real loopback UDP: routing by STUN USERNAME, then by learned or announced 5-tuple. */
class SinglePortRoutingTest {
    private final Random random = new Random(11);

    private static final String PWD_A = "passwordOfAgentA0123456";
    private static final String PWD_B = "passwordOfAgentB0123456";

    /** A Binding request as a peer sends it: signed with the ice-pwd of the agent it is for (RFC 8445 §7.2.2). */
    private byte[] bindingRequest(String username, String pwd) {
        return StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING, StunTransactionId.random(random))
                .username(username).priority(1).messageIntegrity(StunCredentials.shortTermKey(pwd)).fingerprint()
                .build().encode();
    }

    @Test
    void routesByUsernameThenByLearnedFiveTupleAndDropsTheUnknown() throws Exception {
        SinglePortRouter router = new SinglePortRouter();
        Received agentA = new Received();
        Received agentB = new Received();
        router.register("ufragA", PWD_A, agentA);
        router.register("ufragB", PWD_B, agentB);
        try (UdpTransport transport = new UdpTransport()) {
            InetSocketAddress shared = transport.bind(new InetSocketAddress("127.0.0.1", 0), router);
            InetSocketAddress peer1 = transport.bind(new InetSocketAddress("127.0.0.1", 0), new Received());
            InetSocketAddress peer2 = transport.bind(new InetSocketAddress("127.0.0.1", 0), new Received());
            InetSocketAddress stranger = transport.bind(new InetSocketAddress("127.0.0.1", 0), new Received());

            transport.send(new Transmit(peer1, shared, bindingRequest("ufragA:peer1", PWD_A)));
            assertEquals(peer1, agentA.poll().remote());
            transport.send(new Transmit(peer2, shared, bindingRequest("ufragB:peer2", PWD_B)));
            assertEquals(peer2, agentB.poll().remote());

            // Now DTLS and RTP from the same peers follow their learned 5-tuples.
            transport.send(new Transmit(peer1, shared, new byte[] {22, 1}));
            transport.send(new Transmit(peer2, shared, new byte[] {(byte) 0x80, 2}));
            assertArrayEquals(new byte[] {22, 1}, agentA.poll().data());
            assertArrayEquals(new byte[] {(byte) 0x80, 2}, agentB.poll().data());

            // Unknown ufrag, non-STUN from an unknown tuple, and a STUN response without USERNAME: all dropped.
            transport.send(new Transmit(stranger, shared, bindingRequest("nobody:x", PWD_A)));
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
    void aForgedRequestTeachesNoFiveTupleAndTheTableIsBounded() {
        SinglePortRouter router = new SinglePortRouter();
        Received agentA = new Received();
        router.register("ufragA", PWD_A, agentA);
        InetSocketAddress shared = new InetSocketAddress("127.0.0.1", 3478);
        InetSocketAddress victim = new InetSocketAddress("127.0.0.1", 40000);

        // Right ufrag, wrong password or none: dropped, counted, and the spoofed source is not learned.
        deliver(router, shared, victim, bindingRequest("ufragA:x", "guessed-password-000000"));
        deliver(router, shared, victim, StunMessage.builder(StunClass.REQUEST, StunMethod.BINDING,
                StunTransactionId.random(random)).username("ufragA:x").fingerprint().build().encode());
        assertEquals(2, router.failedIntegrity());
        assertEquals(0, router.tupleCount());
        deliver(router, shared, victim, new byte[] {22, 1});
        assertEquals(3, router.dropped(), "DTLS from the spoofed address does not reach the agent");
        assertTrue(agentA.queue.isEmpty());

        // A peer with the password can still only make the router learn MAX_TUPLES_PER_AGENT flows.
        int flows = SinglePortRouter.MAX_TUPLES_PER_AGENT + 44;
        for (int port = 0; port < flows; port++) {
            deliver(router, shared, new InetSocketAddress("127.0.0.1", 20000 + port), bindingRequest("ufragA:x", PWD_A));
        }
        assertEquals(SinglePortRouter.MAX_TUPLES_PER_AGENT, router.tupleCount());
        assertEquals(44, router.notLearned());
        assertEquals(flows, agentA.queue.size(), "authenticated requests are all delivered, learned or not");
        router.unregister("ufragA");
        assertEquals(0, router.tupleCount());
    }

    private static void deliver(SinglePortRouter router, InetSocketAddress local, InetSocketAddress remote, byte[] data) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(data);
        try {
            router.handleDatagram(0, local, remote, b);
        } finally {
            b.release();
        }
    }

    @Test
    void rejectsBadUfrags() {
        SinglePortRouter router = new SinglePortRouter();
        router.register("a", "pwd", (n, l, r, p) -> { });
        assertThrows(IllegalArgumentException.class, () -> router.register("a", "pwd", (n, l, r, p) -> { }));
        assertThrows(IllegalArgumentException.class, () -> router.register("a:b", "pwd", (n, l, r, p) -> { }));
        assertThrows(IllegalArgumentException.class, () -> router.register("", "pwd", (n, l, r, p) -> { }));
    }
}
